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
    private bool EvalWith(IrLiteral lit, Cont k) => WithScope(lit.With, kk => EvalLiteralNoWith(lit, kk), k);

    /// <summary>Run <paramref name="inner"/> under the with modifiers; its continuation runs with the outer state.</summary>
    private bool WithScope(IrWith[] withs, Func<Cont, bool> inner, Cont k) =>
        EvalWithValues(withs, 0, new RegoValue?[withs.Length], inner, k);

    private bool EvalWithValues(IrWith[] withs, int i, RegoValue?[] values, Func<Cont, bool> inner, Cont k)
    {
        if (i == withs.Length) return EvalWithApplied(withs, values, inner, k);
        var w = withs[i];
        if (w.Replacement is not null)
        {
            values[i] = null;
            return EvalWithValues(withs, i + 1, values, inner, k);
        }
        return EvalTerm(w.Value, v =>
        {
            values[i] = v;
            return EvalWithValues(withs, i + 1, values, inner, k);
        });
    }

    private bool EvalWithApplied(IrWith[] withs, RegoValue?[] values, Func<Cont, bool> inner, Cont k)
    {
        var outerInput = _input;
        var outerOverlay = _overlay;
        var outerMocks = _mocks;
        var outerCache = _cache;

        var input = _input;
        var overlay = _overlay;
        var mocks = _mocks;
        for (var i = 0; i < withs.Length; i++)
        {
            var w = withs[i];
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
            return inner(() =>
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
