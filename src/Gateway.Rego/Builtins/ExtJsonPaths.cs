using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Paths for json.filter / json.remove / json.patch: "a/b/c" strings (leading slashes trimmed, ~1 and ~0 unescaped)
/// or arrays of segments; merged into a tree where a shorter path wins over longer ones below it.
/// </summary>
internal static class ExtJsonPaths
{
    /// <summary>A node of the merged path tree; a null child means "the whole value here".</summary>
    internal sealed class Node
    {
        public Dictionary<RegoValue, Node?> Children { get; } = new();
    }

    public static List<RegoValue[]> GetPaths(RegoValue operand)
    {
        var paths = new List<RegoValue[]>();
        switch (operand)
        {
            case RegoArray arr:
                foreach (var p in arr.Items) paths.Add(ParsePath(p));
                break;
            case RegoSet set:
                foreach (var p in set.Sorted) paths.Add(ParsePath(p));
                break;
            default:
                throw BuiltinArgs.TypeError(2, operand, "set", "array");
        }
        return paths;
    }

    public static RegoValue[] ParsePath(RegoValue path) => path switch
    {
        RegoString { Value: "" } => [],
        RegoString s => s.Value.TrimStart('/').Split('/')
            .Select(part => (RegoValue)new RegoString(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
            .ToArray(),
        RegoArray a => a.Items.ToArray(),
        _ => throw new BuiltinTypeException($"operand 2 must be one of {{set, array}} containing string paths or array of path segments but got {path.TypeName}"),
    };

    public static Node ToTree(List<RegoValue[]> paths)
    {
        var root = new Node();
        foreach (var path in paths)
        {
            if (path.Length == 0) continue;
            var node = root;
            var done = false;
            for (var i = 0; i < path.Length - 1 && !done; i++)
            {
                if (!node.Children.TryGetValue(path[i], out var child))
                {
                    child = new Node();
                    node.Children[path[i]] = child;
                    node = child;
                    continue;
                }
                if (child is null) done = true;
                else node = child;
            }
            if (!done) node.Children[path[^1]] = null;
        }
        return root;
    }

    /// <summary>OPA's Object.Filter: keep only what the tree selects.</summary>
    public static RegoValue Filter(RegoValue value, Node? filter)
    {
        if (filter is null) return value;
        switch (value)
        {
            case RegoArray arr:
            {
                var items = new List<RegoValue>();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (filter.Children.TryGetValue(new RegoString(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), out var sub)) items.Add(Filter(arr[i], sub));
                }
                return new RegoArray(items.ToArray());
            }
            case RegoSet set:
            {
                var items = new HashSet<RegoValue>();
                foreach (var t in set.Sorted)
                {
                    if (filter.Children.TryGetValue(t, out var sub)) items.Add(Filter(t, sub));
                }
                return new RegoSet(items);
            }
            case RegoObject obj:
            {
                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var (k, v) in obj.Items)
                {
                    if (filter.Children.TryGetValue(k, out var sub)) d[k] = Filter(v, sub);
                }
                return new RegoObject(d);
            }
            default:
                return value;
        }
    }

    /// <summary>OPA's jsonRemove: drop what the tree selects; arrays close up. Null means "removed".</summary>
    public static RegoValue? Remove(RegoValue value, Node? remove, bool present)
    {
        if (!present) return value;
        if (remove is null) return null;
        switch (value)
        {
            case RegoObject obj:
            {
                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var (k, v) in obj.Items)
                {
                    var r = Remove(v, remove.Children.GetValueOrDefault(k), remove.Children.ContainsKey(k));
                    if (r is not null) d[k] = r;
                }
                return new RegoObject(d);
            }
            case RegoSet set:
            {
                var items = new HashSet<RegoValue>();
                foreach (var v in set.Items)
                {
                    var r = Remove(v, remove.Children.GetValueOrDefault(v), remove.Children.ContainsKey(v));
                    if (r is not null) items.Add(r);
                }
                return new RegoSet(items);
            }
            case RegoArray arr:
            {
                var items = new List<RegoValue>();
                for (var i = 0; i < arr.Count; i++)
                {
                    var key = new RegoString(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var r = Remove(arr[i], remove.Children.GetValueOrDefault(key), remove.Children.ContainsKey(key));
                    if (r is not null) items.Add(r);
                }
                return new RegoArray(items.ToArray());
            }
            default:
                return value;
        }
    }
}
