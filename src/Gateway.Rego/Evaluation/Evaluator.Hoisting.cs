using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Bound to a hoisted call's slot when the call was undefined or failed: the use site then evaluates the call
    /// itself. Compared by reference only and never visible outside the slot it marks.
    /// </summary>
    internal static readonly RegoString HoistMiss = new("\u0000hoisted call missed");

    /// <summary>
    /// Compute a hoisted loop-invariant call (see Compiler.Hoisting). A failure leaves no trace here, no recorded
    /// builtin error, no exception: the use site evaluates the call again and fails or reports it there.
    /// </summary>
    private void EvalHoist(IrHoist h) => Bind(h.Slot, HoistValue(h));

    /// <summary>A hoisted call's value, or <see cref="HoistMiss"/> when it is undefined or fails.</summary>
    private RegoValue HoistValue(IrHoist h)
    {
        var mark = CgHoistMark();
        RegoValue? v;
        var threw = false;
        try
        {
            v = CallDirect(h.Call.Target, h.Call.Args, h.Call.Loc);
        }
        catch (RegoException)
        {
            v = null;
            threw = true;
        }
        return CgHoistResult(mark, v, threw);
    }

    /// <summary>What a hoisted call that fails must leave as it found: the recorded builtin errors and the argument stack.</summary>
    internal readonly record struct HoistMark(int ErrorCount, RegoException? FirstError, int ArgTop);

    internal HoistMark CgHoistMark() => new(_builtinErrorCount, _firstBuiltinError, _argTop);

    /// <summary>
    /// The value a hoisted call leaves in its slot: its result, or <see cref="HoistMiss"/> when it was undefined,
    /// threw, or recorded a builtin error; the error is then forgotten, for the use site to make again.
    /// </summary>
    internal RegoValue CgHoistResult(HoistMark mark, RegoValue? v, bool threw)
    {
        if (threw)
        {
            Array.Clear(_argStack, mark.ArgTop, _argStack.Length - mark.ArgTop);
            _argTop = mark.ArgTop;
            v = null;
        }
        if (_builtinErrorCount != mark.ErrorCount)
        {
            _builtinErrorCount = mark.ErrorCount;
            _firstBuiltinError = mark.FirstError;
            v = null;
        }
        return v ?? HoistMiss;
    }
}
