using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Bound to a hoisted call's slot when the call was undefined or failed: the use site then evaluates the call
    /// itself. Compared by reference only and never visible outside the slot it marks.
    /// </summary>
    private static readonly RegoString HoistMiss = new("\u0000hoisted call missed");

    /// <summary>
    /// Compute a hoisted loop-invariant call (see Compiler.Hoisting). A failure leaves no trace here, no recorded
    /// builtin error, no exception: the use site evaluates the call again and fails or reports it there.
    /// </summary>
    private void EvalHoist(IrHoist h) => Bind(h.Slot, HoistValue(h));

    /// <summary>A hoisted call's value, or <see cref="HoistMiss"/> when it is undefined or fails.</summary>
    private RegoValue HoistValue(IrHoist h)
    {
        var errorCount = _builtinErrorCount;
        var firstError = _firstBuiltinError;
        var argTop = _argTop;
        RegoValue? v;
        try
        {
            v = CallDirect(h.Call.Target, h.Call.Args, h.Call.Loc);
        }
        catch (RegoException)
        {
            Array.Clear(_argStack, argTop, _argStack.Length - argTop);
            _argTop = argTop;
            v = null;
        }
        if (_builtinErrorCount != errorCount)
        {
            _builtinErrorCount = errorCount;
            _firstBuiltinError = firstError;
            v = null;
        }
        return v ?? HoistMiss;
    }
}
