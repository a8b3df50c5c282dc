using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>
    /// A literal with <c>with</c> modifiers: evaluate the replacement values, then evaluate the expression
    /// with input, data overlays and function mocks replaced (and a fresh cache); the rest of the body
    /// continues with the outer state restored.
    /// </summary>
    private bool EvalWith(IrLiteral lit, Cont k) => EvalWithValues(lit, 0, new RegoValue?[lit.With.Length], k);

    private bool EvalWithValues(IrLiteral lit, int i, RegoValue?[] values, Cont k)
    {
        if (i == lit.With.Length) return EvalWithApplied(lit, values, k);
        var w = lit.With[i];
        if (w.Replacement is not null)
        {
            values[i] = null;
            return EvalWithValues(lit, i + 1, values, k);
        }
        return EvalTerm(w.Value, v =>
        {
            values[i] = v;
            return EvalWithValues(lit, i + 1, values, k);
        });
    }

    private bool EvalWithApplied(IrLiteral lit, RegoValue?[] values, Cont k)
    {
        var outerInput = _input;
        var outerOverlay = _overlay;
        var outerMocks = _mocks;
        var outerCache = _cache;

        var input = _input;
        var overlay = _overlay;
        var mocks = _mocks;
        for (var i = 0; i < lit.With.Length; i++)
        {
            var w = lit.With[i];
            switch (w.Kind)
            {
                case WithKind.Input:
                    input = w.Path.Length == 0 ? values[i] : Overlay.Upsert(input, ConstPath(w.Path), values[i]!);
                    break;
                case WithKind.Data:
                    overlay = Overlay.With(overlay, ConstPath(w.Path), values[i]!);
                    break;
                default:
                    mocks = mocks is null ? new Dictionary<string, Mock>(StringComparer.Ordinal) : new Dictionary<string, Mock>(mocks, StringComparer.Ordinal);
                    mocks[w.MockKey!] = new Mock(w.Replacement, values[i]);
                    break;
            }
        }
        var innerCache = new EvalCache(_policy.NodeCount);

        _input = input;
        _overlay = overlay;
        _mocks = mocks;
        _cache = innerCache;
        try
        {
            return EvalLiteralNoWith(lit, () =>
            {
                _input = outerInput;
                _overlay = outerOverlay;
                _mocks = outerMocks;
                _cache = outerCache;
                try
                {
                    return k();
                }
                finally
                {
                    _input = input;
                    _overlay = overlay;
                    _mocks = mocks;
                    _cache = innerCache;
                }
            });
        }
        finally
        {
            _input = outerInput;
            _overlay = outerOverlay;
            _mocks = outerMocks;
            _cache = outerCache;
        }
    }

    private static RegoValue[] ConstPath(IrTerm[] path)
    {
        var r = new RegoValue[path.Length];
        for (var i = 0; i < r.Length; i++) r[i] = ((IrConst)path[i]).Value;
        return r;
    }
}
