using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// graph.reachable and graph.reachable_paths over a graph given as an object node → array/set of
/// neighbours (OPA's topdown/reachable.go semantics: a node that is not a key is a dead end; a key whose
/// value is not a collection has no edges).
/// </summary>
internal static class GraphBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("graph.reachable", 2, static (_, a) => Reachable(BuiltinArgs.Object(a, 0), Initial(a)));
        registry.Register("graph.reachable_paths", 2, static (_, a) => ReachablePaths(BuiltinArgs.Object(a, 0), Initial(a)));
    }

    private static IReadOnlyList<RegoValue> Initial(ReadOnlySpan<RegoValue> args) => args[1] switch
    {
        RegoArray array => array.AsList(),
        RegoSet set => set.Sorted,
        _ => throw BuiltinArgs.TypeError(2, args[1], "array", "set"),
    };

    /// <summary>Neighbours in OPA's iteration order: arrays as written, sets sorted.</summary>
    private static IReadOnlyList<RegoValue> Edges(RegoValue? edges) => edges switch
    {
        RegoArray array => array.AsList(),
        RegoSet set => set.Sorted,
        _ => [],
    };

    /// <summary>Breadth-first: every node reached from the initial ones that is a key of the graph.</summary>
    private static RegoSet Reachable(RegoObject graph, IReadOnlyList<RegoValue> initial)
    {
        var reached = new HashSet<RegoValue>();
        var queue = new Queue<RegoValue>(initial);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (!graph.TryGetValue(node, out var edges)) continue;
            foreach (var neighbour in Edges(edges))
            {
                if (!reached.Contains(neighbour)) queue.Enqueue(neighbour);
            }
            reached.Add(node);
        }
        return new RegoSet(reached);
    }

    /// <summary>
    /// Every path from each initial node, depth-first, ending where the walk stops: at a node with no
    /// edges, at a neighbour that is not in the graph, or before a node already visited from the same start edge.
    /// </summary>
    private static RegoSet ReachablePaths(RegoObject graph, IReadOnlyList<RegoValue> initial)
    {
        var results = new HashSet<RegoValue>();
        foreach (var node in initial)
        {
            if (!graph.TryGetValue(node, out var edges)) continue;
            var neighbours = Edges(edges);
            if (neighbours.Count == 0)
            {
                results.Add(new RegoArray([node]));
                continue;
            }
            foreach (var neighbour in neighbours)
            {
                var reached = new HashSet<RegoValue> { node };
                Walk(graph, neighbour, [node], reached, results, depth: 0);
            }
        }
        return new RegoSet(results);
    }

    private static void Walk(RegoObject graph, RegoValue root, List<RegoValue> path, HashSet<RegoValue> reached, HashSet<RegoValue> results, int depth)
    {
        // Paths are bounded by the number of distinct nodes, but guard the native stack on huge graphs.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new BuiltinException($"graph is too deep to walk ({depth} levels)");
        if (!graph.TryGetValue(root, out var edges))
        {
            results.Add(new RegoArray(path.ToArray()));
            return;
        }
        var extended = new List<RegoValue>(path) { root };
        var neighbours = Edges(edges);
        if (neighbours.Count == 0)
        {
            results.Add(new RegoArray(extended.ToArray()));
            return;
        }
        foreach (var neighbour in neighbours)
        {
            if (reached.Contains(neighbour))
            {
                results.Add(new RegoArray(extended.ToArray()));
            }
            else
            {
                reached.Add(root);
                Walk(graph, neighbour, extended, reached, results, depth + 1);
            }
        }
    }
}
