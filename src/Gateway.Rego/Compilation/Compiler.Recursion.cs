namespace Gateway.Rego.Compilation;

/// <summary>
/// Rego forbids recursion: a rule may not depend on itself through data refs or function calls.
/// The dependency graph is over rule-tree nodes; a ref that stops above rule nodes (e.g. <c>data.pkg</c>
/// or <c>data.pkg[x]</c>) depends on every rule node below where it stops.
/// </summary>
internal sealed partial class Compiler
{
    private void CheckRecursion()
    {
        var ruleNodes = new List<DataNode>();
        CollectRuleNodes(_root, ruleNodes);
        var edges = new Dictionary<DataNode, HashSet<DataNode>>();
        foreach (var n in ruleNodes)
        {
            var deps = new HashSet<DataNode>();
            foreach (var r in n.Rules) AddRuleDeps(r, deps);
            if (n.Default is not null) AddRuleDeps(n.Default, deps);
            // A rule node's document includes the documents of the rule nodes below it (o[k] := … beside
            // o["a"] := …), so evaluating it evaluates them: a cycle through a child is a cycle.
            foreach (var c in n.SortedChildren) AddAllBelow(c, deps);
            edges[n] = deps;
        }

        // Iterative DFS with colours; report each cycle once, at the rule that closes it.
        var state = new Dictionary<DataNode, int>();
        var reported = new HashSet<DataNode>();
        foreach (var start in ruleNodes)
        {
            if (state.GetValueOrDefault(start) != 0) continue;
            var stack = new List<(DataNode Node, IEnumerator<DataNode> Next)>();
            state[start] = 1;
            stack.Add((start, edges[start].GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, it) = stack[^1];
                if (!it.MoveNext())
                {
                    state[node] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                var next = it.Current;
                var st = state.GetValueOrDefault(next);
                if (st == 1)
                {
                    var idx = stack.FindIndex(e => e.Node == next);
                    var cycle = stack.Skip(idx).Select(e => e.Node.PathText).Append(next.PathText).ToList();
                    if (reported.Add(next))
                    {
                        Error(RegoErrorCodes.Recursion, $"rule {next.PathText} is recursive: {string.Join(" -> ", cycle)}", next.Loc);
                    }
                }
                else if (st == 0 && edges.ContainsKey(next))
                {
                    state[next] = 1;
                    stack.Add((next, edges[next].GetEnumerator()));
                }
            }
        }
    }

    private static void CollectRuleNodes(DataNode n, List<DataNode> into)
    {
        if (n.Kind != NodeKind.None) into.Add(n);
        foreach (var c in n.SortedChildren) CollectRuleNodes(c, into);
    }

    private void AddRuleDeps(IrRule r, HashSet<DataNode> deps)
    {
        for (var x = r; x is not null; x = x.Else)
        {
            foreach (var a in x.Args) AddTermDeps(a, deps);
            foreach (var p in x.DynPath) AddTermDeps(p, deps);
            if (x.Key is not null) AddTermDeps(x.Key, deps);
            if (x.Value is not null) AddTermDeps(x.Value, deps);
            AddBodyDeps(x.Body, deps);
        }
    }

    private void AddBodyDeps(IrBody b, HashSet<DataNode> deps)
    {
        foreach (var lit in b.Literals)
        {
            foreach (var w in lit.With)
            {
                AddTermDeps(w.Value, deps);
                if (w.Replacement?.Function is { } f) deps.Add(f);
            }
            switch (lit.Expr)
            {
                case IrUnify u:
                    AddTermDeps(u.Left, deps);
                    AddTermDeps(u.Right, deps);
                    break;
                case IrCallExpr c:
                    if (c.Target.Function is { } fn) deps.Add(fn);
                    foreach (var a in c.Args) AddTermDeps(a, deps);
                    if (c.Output is not null) AddTermDeps(c.Output, deps);
                    break;
                case IrTermExpr te:
                    AddTermDeps(te.Term, deps);
                    break;
                case IrSomeIn si:
                    AddTermDeps(si.Collection, deps);
                    break;
                case IrEvery ev:
                    AddTermDeps(ev.Domain, deps);
                    AddBodyDeps(ev.Body, deps);
                    break;
                case IrHoist h:
                    AddTermDeps(h.Call, deps);
                    break;
            }
        }
    }

    private void AddTermDeps(IrTerm t, HashSet<DataNode> deps)
    {
        switch (t)
        {
            case IrRef r:
                if (r.Root == RefRoot.Data) AddDataRefDeps(r, deps);
                if (r.Head is not null) AddTermDeps(r.Head, deps);
                foreach (var p in r.Path) AddTermDeps(p, deps);
                break;
            case IrArray a: foreach (var i in a.Items) AddTermDeps(i, deps); break;
            case IrSet s: foreach (var i in s.Items) AddTermDeps(i, deps); break;
            case IrObject o:
                foreach (var i in o.Keys) AddTermDeps(i, deps);
                foreach (var i in o.Values) AddTermDeps(i, deps);
                break;
            case IrCall c:
                if (c.Target.Function is { } fn) deps.Add(fn);
                foreach (var i in c.Args) AddTermDeps(i, deps);
                break;
            case IrComprehension c:
                AddTermDeps(c.Head, deps);
                if (c.Value is not null) AddTermDeps(c.Value, deps);
                AddBodyDeps(c.Body, deps);
                break;
            case IrTemplate tp:
                foreach (var e in tp.Exprs)
                {
                    if (e is not null) AddTermDeps(e, deps);
                }
                break;
            case IrHoisted h:
                AddTermDeps(h.Original, deps);
                break;
        }
    }

    /// <summary>
    /// The rule nodes a data ref can reach: constant path elements select one child, others any child (as
    /// OPA matches refs with variables against the rule tree); a rule node ends the walk; a ref ending above
    /// rule nodes depends on all of them.
    /// </summary>
    private void AddDataRefDeps(IrRef r, HashSet<DataNode> deps) => AddDataRefDeps(_root, r.Path, 0, deps);

    private static void AddDataRefDeps(DataNode n, IrTerm[] path, int i, HashSet<DataNode> deps)
    {
        if (n.Kind != NodeKind.None)
        {
            deps.Add(n);
            return;
        }
        if (i == path.Length)
        {
            AddAllBelow(n, deps);
            return;
        }
        if (path[i] is IrConst c)
        {
            var child = n.Child(c.Value);
            if (child is not null) AddDataRefDeps(child, path, i + 1, deps);
            return;
        }
        foreach (var child in n.SortedChildren) AddDataRefDeps(child, path, i + 1, deps);
    }

    private static void AddAllBelow(DataNode n, HashSet<DataNode> deps)
    {
        if (n.Kind != NodeKind.None) deps.Add(n);
        foreach (var c in n.SortedChildren) AddAllBelow(c, deps);
    }
}
