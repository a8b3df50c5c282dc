using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>object.get (key or path array), object.remove, object.filter, object.union, object.union_n, object.keys, object.subset.</summary>
internal static partial class ObjectBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("object.get", 3, static (_, a) => Get(BuiltinArgs.Object(a, 0), a[1], a[2]));
        registry.Register("object.remove", 2, static (_, a) =>
        {
            var obj = BuiltinArgs.Object(a, 0);
            var keys = KeysParam(a[1]);
            var result = new Dictionary<RegoValue, RegoValue>();
            foreach (var (k, v) in obj.Items)
            {
                if (!keys.Contains(k)) result[k] = v;
            }
            return new RegoObject(result);
        });
        registry.Register("object.filter", 2, static (_, a) =>
        {
            var obj = BuiltinArgs.Object(a, 0);
            var keys = KeysParam(a[1]);
            var result = new Dictionary<RegoValue, RegoValue>();
            foreach (var k in keys)
            {
                if (obj.TryGetValue(k, out var v)) result[k] = v;
            }
            return new RegoObject(result);
        });
        registry.Register("object.union", 2, static (_, a) =>
        {
            var x = BuiltinArgs.Object(a, 0);
            var y = BuiltinArgs.Object(a, 1);
            return x.Equals(y) ? x : Merge(x, y);
        });
        registry.Register("object.union_n", 1, static (_, a) =>
        {
            var arr = BuiltinArgs.Array(a, 0);
            var result = RegoObject.Empty;
            foreach (var item in arr.Items)
            {
                if (item is not RegoObject o) throw new BuiltinTypeException($"operand 1 must be array of objects but got array containing {item.TypeName}");
                result = Merge(result, o);
            }
            return result;
        });
        registry.Register("object.keys", 1, static (_, a) => RegoSet.Of(BuiltinArgs.Object(a, 0).Items.Keys));
        registry.Register("object.subset", 2, static (_, a) => RegoBool.Of(Subset(a[0], a[1])));
    }

    /// <summary>The keys named by an array, set or object (its keys), as OPA's getObjectKeysParam.</summary>
    private static HashSet<RegoValue> KeysParam(RegoValue v) => v switch
    {
        RegoArray arr => new HashSet<RegoValue>(arr.AsList()),
        RegoSet set => new HashSet<RegoValue>(set.Items),
        RegoObject obj => new HashSet<RegoValue>(obj.Items.Keys),
        _ => throw BuiltinArgs.TypeError(2, v, "object", "set", "array"),
    };

    /// <summary><c>object.get(obj, key, default)</c>: a key, or an array as a path into nested values; shared by the builtin and compiled code.</summary>
    internal static RegoValue Get(RegoObject obj, RegoValue key, RegoValue fallback)
    {
        if (key is not RegoArray path) return obj.Get(key) ?? fallback;
        if (path.Count == 0) return obj;
        return Find(obj, path.Items) ?? fallback;
    }

    /// <summary>Walk a path through objects (by key), arrays (by integer index) and sets (by member), as ast.Value.Find.</summary>
    internal static RegoValue? Find(RegoValue root, ReadOnlySpan<RegoValue> path)
    {
        var current = root;
        foreach (var step in path)
        {
            switch (current)
            {
                case RegoObject o:
                    if (!o.TryGetValue(step, out var next)) return null;
                    current = next;
                    break;
                case RegoArray arr:
                    if (step is not RegoNumber n || !n.TryGetInt32(out var i) || i < 0 || i >= arr.Count) return null;
                    current = arr[i];
                    break;
                case RegoSet s:
                    if (!s.Contains(step)) return null;
                    current = step;
                    break;
                default:
                    return null;
            }
        }
        return current;
    }

    /// <summary>Recursive merge where the right-hand side wins, merging where both sides hold objects.</summary>
    internal static RegoObject Merge(RegoObject left, RegoObject right)
    {
        var result = new Dictionary<RegoValue, RegoValue>(left.Items);
        foreach (var (k, v) in right.Items)
        {
            result[k] = result.TryGetValue(k, out var existing) && existing is RegoObject eo && v is RegoObject vo ? Merge(eo, vo) : v;
        }
        return new RegoObject(result);
    }
}
