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
        var rules = node.Rules;
        var keys = new string?[rules.Count];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (rules[i].Else is not null || rules[i].IndexRef is null) continue;
            var k = keys[i] = RefKey(rules[i].IndexRef!);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        if (counts.Count == 0) return;
        var best = counts.MaxBy(kv => kv.Value);
        if (best.Value < MinIndexedRules) return;

        // One pass in source order: an indexed rule goes to its value's bucket, any other rule to every bucket.
        var buckets = new Dictionary<RegoValue, List<IrRule>>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == best.Key && !buckets.ContainsKey(rules[i].IndexValue!)) buckets[rules[i].IndexValue!] = [];
        }
        var unindexed = new List<IrRule>();
        IrRef? indexRef = null;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == best.Key)
            {
                buckets[rules[i].IndexValue!].Add(rules[i]);
                indexRef ??= rules[i].IndexRef;
                continue;
            }
            unindexed.Add(rules[i]);
            foreach (var b in buckets.Values) b.Add(rules[i]);
        }
        var byValue = new Dictionary<RegoValue, IrRule[]>(buckets.Count);
        foreach (var (v, list) in buckets) byValue[v] = [.. list];
        node.Index = new RuleIndex(indexRef!, byValue, [.. unindexed]);
    }
}
