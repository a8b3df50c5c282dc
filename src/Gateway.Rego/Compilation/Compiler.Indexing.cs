using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

/// <summary>
/// Rule indexing: rules whose body compares a constant input ref with a constant are skipped (or, with
/// many such rules at one node, selected through a hash table) when the input value differs, so a policy
/// with hundreds of <c>input.kind == "…"</c> rules does not evaluate them all.
/// </summary>
internal sealed partial class Compiler
{
    private const int MinIndexedRules = 4;

    private void BuildIndexes(DataNode node)
    {
        if (node.Rules.Count > 0)
        {
            foreach (var r in node.Rules)
            {
                for (var x = r; x is not null; x = x.Else) SetIndexKey(x);
            }
            BuildNodeIndex(node);
        }
        foreach (var c in node.SortedChildren) BuildIndexes(c);
    }

    private static void SetIndexKey(IrRule r)
    {
        foreach (var lit in r.Body.Literals)
        {
            if (lit.Negated || lit.With.Length > 0) continue;
            var (a, b) = lit.Expr switch
            {
                IrUnify u => (u.Left, u.Right),
                IrCallExpr { Target.Builtin.Name: "equal", Output: null, Args.Length: 2 } c => (c.Args[0], c.Args[1]),
                _ => (null, null),
            };
            if (a is null || b is null) continue;
            if (b is IrConst && a is IrRef) (a, b) = (b, a);
            if (a is IrConst k && b is IrRef { Root: RefRoot.Input } rf && rf.Path.All(p => p is IrConst))
            {
                r.IndexRef = rf;
                r.IndexValue = k.Value;
                return;
            }
        }
    }

    private static string RefKey(IrRef r) => string.Join("\u0001", r.Path.Select(p => ((IrConst)p).Value.ToString()));

    private static void BuildNodeIndex(DataNode node)
    {
        var groups = node.Rules
            .Where(r => r.Else is null && r.IndexRef is not null)
            .GroupBy(r => RefKey(r.IndexRef!))
            .OrderByDescending(g => g.Count())
            .FirstOrDefault();
        if (groups is null || groups.Count() < MinIndexedRules) return;

        var key = groups.Key;
        bool Indexed(IrRule r) => r.Else is null && r.IndexRef is not null && RefKey(r.IndexRef) == key;
        var byValue = new Dictionary<RegoValue, IrRule[]>();
        foreach (var v in groups.Select(r => r.IndexValue!).Distinct())
        {
            byValue[v] = node.Rules.Where(r => !Indexed(r) || r.IndexValue!.Equals(v)).ToArray();
        }
        node.Index = new RuleIndex(groups.First().IndexRef!, byValue, node.Rules.Where(r => !Indexed(r)).ToArray());
    }
}
