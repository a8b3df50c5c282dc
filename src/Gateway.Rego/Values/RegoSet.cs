namespace Gateway.Rego.Values;

/// <summary>An immutable Rego set. The constructor takes ownership of the hash set passed in.</summary>
public sealed class RegoSet : RegoValue
{
    public static readonly RegoSet Empty = new(new HashSet<RegoValue>());
    private readonly HashSet<RegoValue> _items;
    private RegoValue[]? _sorted;
    private RegoValue[]? _unordered;
    private int _hash;

    // Sets of at most this many elements are scanned by reference before they are hashed (Contains).
    private const int SmallScan = 8;

    public RegoSet(HashSet<RegoValue> items) => _items = items;

    public static RegoSet Of(IEnumerable<RegoValue> items) => new(new HashSet<RegoValue>(items));

    public override RegoKind Kind => RegoKind.Set;
    public int Count => _items.Count;
    public bool Contains(RegoValue value)
    {
        // A small set is first scanned for the very object: pooled strings from input and policy are usually that.
        if (_items.Count <= SmallScan)
        {
            foreach (var item in InAnyOrder)
            {
                if (ReferenceEquals(item, value)) return true;
            }
        }
        return _items.Contains(value);
    }

    public IReadOnlySet<RegoValue> Items => _items;

    /// <summary>Elements in OPA's sort order (cached).</summary>
    public IReadOnlyList<RegoValue> Sorted
    {
        get
        {
            if (_sorted is null)
            {
                var s = _items.ToArray();
                Array.Sort(s);
                _sorted = s;
            }
            return _sorted;
        }
    }

    /// <summary>
    /// The elements in the set's own order (the order they were added), or sorted when that is known already: for loops
    /// whose outcome cannot depend on the order (see BodyCodegen.MembersInAnyOrder), which then need not sort.
    /// </summary>
    internal IReadOnlyList<RegoValue> InAnyOrder => _sorted ?? (_unordered ??= [.. _items]);

    public override bool Equals(RegoValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        return other is RegoSet s && s._items.Count == _items.Count && s.GetHashCode() == GetHashCode() && _items.SetEquals(s._items);
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        // Order-independent: sum of element hashes.
        var h = (int)RegoKind.Set * 31;
        foreach (var item in _items) h = unchecked(h + item.GetHashCode() * 16777619);
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    protected override int CompareSameKind(RegoValue other) => RegoArray.CompareSequences(Sorted, ((RegoSet)other).Sorted);
}
