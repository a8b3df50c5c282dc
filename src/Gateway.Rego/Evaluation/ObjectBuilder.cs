using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// Builds the object a node with ref-head rules defines (<c>p[k] := v</c>, <c>p[a].b[c] contains d</c>),
/// merging in the values of child nodes. Two different values at one path are a conflict, as in OPA.
/// </summary>
internal sealed class ObjectBuilder
{
    private readonly Dictionary<RegoValue, object> _root = [];

    /// <summary>Put a leaf value at keys (keys non-empty).</summary>
    public void Insert(ReadOnlySpan<RegoValue> keys, RegoValue value, Location loc)
    {
        var d = Descend(keys[..^1], loc);
        var last = keys[^1];
        if (d.TryGetValue(last, out var existing))
        {
            if (existing is RegoValue ev && ev.Equals(value)) return;
            if (existing is Dictionary<RegoValue, object> sub && value is RegoObject vo)
            {
                MergeInto(sub, vo, loc);
                return;
            }
            throw Conflict(loc);
        }
        d[last] = value;
    }

    /// <summary>Add an element to the set at keys (the set is created if needed).</summary>
    public void AddToSet(ReadOnlySpan<RegoValue> keys, RegoValue element, Location loc)
    {
        var d = Descend(keys[..^1], loc);
        var last = keys[^1];
        if (!d.TryGetValue(last, out var existing))
        {
            d[last] = new HashSet<RegoValue> { element };
            return;
        }
        if (existing is HashSet<RegoValue> set)
        {
            set.Add(element);
            return;
        }
        if (existing is RegoSet rs)
        {
            var copy = new HashSet<RegoValue>(rs.Items) { element };
            d[last] = copy;
            return;
        }
        throw Conflict(loc);
    }

    /// <summary>Merge a child node's document at one key.</summary>
    public void MergeChild(RegoValue key, RegoValue value, Location loc)
    {
        if (!_root.TryGetValue(key, out var existing))
        {
            _root[key] = value;
            return;
        }
        MergeAt(_root, key, existing, value, loc);
    }

    private static void MergeAt(Dictionary<RegoValue, object> d, RegoValue key, object existing, RegoValue value, Location loc)
    {
        switch (existing)
        {
            case RegoValue ev when ev.Equals(value):
                return;
            case Dictionary<RegoValue, object> sub when value is RegoObject vo:
                MergeInto(sub, vo, loc);
                return;
            case HashSet<RegoValue> set when value is RegoSet vs:
                set.UnionWith(vs.Items);
                return;
            case RegoSet es when value is RegoSet vs2:
                d[key] = new HashSet<RegoValue>(es.Items.Concat(vs2.Items));
                return;
            default:
                throw Conflict(loc);
        }
    }

    private static void MergeInto(Dictionary<RegoValue, object> d, RegoObject value, Location loc)
    {
        foreach (var (k, v) in value.Items)
        {
            if (d.TryGetValue(k, out var existing)) MergeAt(d, k, existing, v, loc);
            else d[k] = v;
        }
    }

    private Dictionary<RegoValue, object> Descend(ReadOnlySpan<RegoValue> keys, Location loc)
    {
        var d = _root;
        foreach (var k in keys)
        {
            if (!d.TryGetValue(k, out var next))
            {
                var created = new Dictionary<RegoValue, object>();
                d[k] = created;
                d = created;
                continue;
            }
            if (next is Dictionary<RegoValue, object> sub)
            {
                d = sub;
                continue;
            }
            // A leaf already here: another rule defines this path with a non-mergeable value.
            throw Conflict(loc);
        }
        return d;
    }

    public RegoObject Build() => BuildObject(_root);

    private static RegoObject BuildObject(Dictionary<RegoValue, object> d)
    {
        var r = new Dictionary<RegoValue, RegoValue>(d.Count);
        foreach (var (k, v) in d)
        {
            r[k] = v switch
            {
                RegoValue rv => rv,
                Dictionary<RegoValue, object> sub => BuildObject(sub),
                HashSet<RegoValue> set => new RegoSet(set),
                _ => throw new InvalidOperationException(),
            };
        }
        return new RegoObject(r);
    }

    private static RegoException Conflict(Location loc) => new(RegoErrorCodes.EvalConflict, "object keys must be unique", loc);
}
