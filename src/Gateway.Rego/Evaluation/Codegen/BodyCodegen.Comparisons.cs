using System.Linq.Expressions;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>Comparisons the generator recognises and compiles to something cheaper than the general comparison.</summary>
internal sealed partial class BodyCodegen
{
    /// <summary>
    /// A comparison of a term with an integer constant (<c>l.size > max_layer_bytes</c>, <c>count(x) == 0</c>):
    /// integers compared as longs, anything else as <see cref="Evaluator.CgCompare"/> compares it. Null when neither
    /// side is an integer constant.
    /// </summary>
    private Expression? CompareWithInteger(IrCallExpr c)
    {
        if (c.Target.Special < SpecialCall.Equal || c.Args.Length != 2) return null;
        var (op, term, constant) = c.Args[1] is IrConst { Value: RegoNumber right } ? (c.Target.Special, c.Args[0], right)
            : c.Args[0] is IrConst { Value: RegoNumber left } ? (Mirrored(c.Target.Special), c.Args[1], left)
            : (SpecialCall.None, null, null);
        if (term is null || !constant!.TryGetInt64(out var n)) return null;
        var method = op switch
        {
            SpecialCall.Equal => nameof(Evaluator.CgEqualsInteger),
            SpecialCall.NotEqual => nameof(Evaluator.CgNotEqualsInteger),
            SpecialCall.Lt => nameof(Evaluator.CgLessThanInteger),
            SpecialCall.Lte => nameof(Evaluator.CgAtMostInteger),
            SpecialCall.Gt => nameof(Evaluator.CgGreaterThanInteger),
            SpecialCall.Gte => nameof(Evaluator.CgAtLeastInteger),
            _ => null,
        };
        return method is null ? null : Call(M(method), Term(term), Constant(n), Const<RegoValue>(constant));
    }

    /// <summary>The operator with its operands swapped: <c>0 &lt; x</c> is <c>x &gt; 0</c>.</summary>
    private static SpecialCall Mirrored(SpecialCall op) => op switch
    {
        SpecialCall.Lt => SpecialCall.Gt,
        SpecialCall.Lte => SpecialCall.Gte,
        SpecialCall.Gt => SpecialCall.Lt,
        SpecialCall.Gte => SpecialCall.Lte,
        _ => op,
    };

    /// <summary>
    /// <c>lower(x) == x</c> (or <c>x == lower(x)</c>) for a variable x, the idiom for "x has no capitals": the lower
    /// call, for a test that needs no lowered copy (<see cref="Evaluator.CgIsLower"/>); null when the call is not that.
    /// </summary>
    private IrCall? IsLowerTest(IrCallExpr c)
    {
        if (c.Target.Special != SpecialCall.Equal || c.Args.Length != 2) return null;
        foreach (var (call, other) in new[] { (c.Args[0], c.Args[1]), (c.Args[1], c.Args[0]) })
        {
            if (LowerCallOf(call) is { Args: [IrVar x] } lower && other is IrVar y && x.Slot == y.Slot) return lower;
        }
        return null;
    }
}
