namespace Gateway.Rego.Values;

/// <summary>
/// An immutable Rego object. Keys may be any value (OPA allows composite keys). Iteration follows
/// insertion order; <see cref="SortedKeys"/> gives OPA's order for output and comparison.
/// The constructor takes ownership of the dictionary passed in.
/// </summary>
public sealed class RegoObject : RegoValue
{
    public static readonly RegoObject Empty = new(new Dictionary<RegoValue, RegoValue>());
    private readonly Dictionary<RegoValue, RegoValue> _items;
    private RegoValue[]? _sortedKeys;
    private int _hash;

    public RegoObject(Dictionary<RegoValue, RegoValue> items) => _items = items;

    public override RegoKind Kind => RegoKind.Object;
    public int Count => _items.Count;
    public IReadOnlyDictionary<RegoValue, RegoValue> Items => _items;
    public bool TryGetValue(RegoValue key, out RegoValue value) => _items.TryGetValue(key, out value!);
    public RegoValue? Get(RegoValue key) => _items.TryGetValue(key, out var v) ? v : null;
    public RegoValue? Get(string key) => _items.TryGetValue(new RegoString(key), out var v) ? v : null;

    public IReadOnlyList<RegoValue> SortedKeys
    {
        get
        {
            if (_sortedKeys is null)
            {
                var k = _items.Keys.ToArray();
                Array.Sort(k);
                _sortedKeys = k;
            }
            return _sortedKeys;
        }
    }

    public override bool Equals(RegoValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not RegoObject o || o._items.Count != _items.Count || o.GetHashCode() != GetHashCode()) return false;
        foreach (var (k, v) in _items)
        {
            if (!o._items.TryGetValue(k, out var ov) || !v.Equals(ov)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = (int)RegoKind.Object * 31;
        foreach (var (k, v) in _items) h = unchecked(h + HashCode.Combine(k.GetHashCode(), v.GetHashCode()));
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    /// <summary>OPA's object order: walk both objects' sorted keys pairwise, comparing key then value; then by size.</summary>
    protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        var ak = SortedKeys;
        var bk = o.SortedKeys;
        var n = Math.Min(ak.Count, bk.Count);
        for (var i = 0; i < n; i++)
        {
            var c = ak[i].CompareTo(bk[i]);
            if (c != 0) return c;
            c = _items[ak[i]].CompareTo(o._items[bk[i]]);
            if (c != 0) return c;
        }
        return ak.Count.CompareTo(bk.Count);
    }
}
