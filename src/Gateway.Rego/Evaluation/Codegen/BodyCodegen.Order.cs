using Gateway.Rego.Compilation;

namespace Gateway.Rego.Evaluation.Codegen;

internal sealed partial class BodyCodegen
{
    /// <summary>
    /// Whether the order in which a rule's loops visit a set's elements can make no difference: OPA visits them
    /// sorted, and sorting a small set of objects (the verified signatures) on every decision cost more than the rule
    /// that loops over it. It cannot matter when the rule's solutions are collected (a partial set, or a complete
    /// rule's one value, where two different values are the same conflict whichever comes first) and nothing in its
    /// body or head can fail or print: strict mode reports the first error, which would otherwise depend on the
    /// order. Failing is ruled out by allowing only terms and expressions that never fail: constants, variables,
    /// references (input, a local's members, data at a constant path), composite values of those, unification,
    /// comparisons and membership. Any call, comprehension, every or with keeps the sorted order.
    /// </summary>
    private static bool MembersInAnyOrder(IrRule rule)
    {
        if (rule.Node.Kind is not (NodeKind.Set or NodeKind.Complete) || rule.Args.Length > 0 || rule.DynPath.Length > 0) return false;
        if (!CannotFail(rule.Key) || !CannotFail(rule.Value)) return false;
        foreach (var lit in rule.Body.Literals)
        {
            if (lit.With.Length > 0 || !CannotFail(lit.Expr)) return false;
        }
        return true;
    }

    private static bool CannotFail(IrExpr expr) => expr switch
    {
        IrNoop => true,
        IrUnify u => CannotFail(u.Left) && CannotFail(u.Right),
        IrTermExpr t => CannotFail(t.Term),
        IrSomeIn s => CannotFail(s.Key) && CannotFail(s.Value) && CannotFail(s.Collection),
        IrCallExpr { Inlined: null, Output: null } c =>
            c.Target.Special is SpecialCall.Equal or SpecialCall.NotEqual or SpecialCall.Lt or SpecialCall.Lte or SpecialCall.Gt
                or SpecialCall.Gte or SpecialCall.Member2 or SpecialCall.Member3 && Array.TrueForAll(c.Args, CannotFail),
        _ => false,
    };

    private static bool CannotFail(IrTerm? term) => term switch
    {
        null or IrConst or IrVar => true,
        IrRef { Root: RefRoot.Input } r => Array.TrueForAll(r.Path, CannotFail),
        IrRef { Root: RefRoot.Term, Head: IrVar or IrConst } r => Array.TrueForAll(r.Path, CannotFail),
        // A data document at a constant path is computed once, whenever the loop first reads it.
        IrRef { Root: RefRoot.Data } r => Array.TrueForAll(r.Path, p => p is IrConst),
        IrArray a => Array.TrueForAll(a.Items, CannotFail),
        IrSet s => Array.TrueForAll(s.Items, CannotFail),
        IrObject o => Array.TrueForAll(o.Keys, CannotFail) && Array.TrueForAll(o.Values, CannotFail),
        _ => false,
    };
}
