namespace Gateway.Rego.Values;

/// <summary>
/// An immutable Rego set. A set is held either as a hash set (the constructor takes ownership of the one passed in)
/// or, when small and built by <see cref="RegoSetBuilder"/>, as an array of its distinct elements: a decision makes
/// many sets of a few elements (partial sets of verified signatures, of deny messages) and hashing them into a
/// HashSet cost more than the rules that fill them. The other form is made on first need and kept.
/// </summary>
public sealed class RegoSet : RegoValue
{
    public static readonly RegoSet Empty = new(Array.Empty<RegoValue>());
    private HashSet<RegoValue>? _items;
    private RegoValue[]? _elements;
    private RegoValue[]? _sorted;
    private int _hash;

    // Sets of at most this many elements are arrays when built, and scanned (by reference, then by equality) before a HashSet is asked.
    internal const int SmallScan = 8;

    public RegoSet(HashSet<RegoValue> items) => _items = items;

    /// <summary>A set of these elements, which the caller guarantees distinct and hands over.</summary>
    internal RegoSet(RegoValue[] distinct) => _elements = distinct;

    public static RegoSet Of(IEnumerable<RegoValue> items) => new(new HashSet<RegoValue>(items));

    /// <summary>The set of these values, duplicates allowed; takes over the array (a small one is compacted in place and kept).</summary>
    internal static RegoSet OfOwned(RegoValue[] items)
    {
        if (items.Length > SmallScan) return new(new HashSet<RegoValue>(items));
        var n = 0;
        foreach (var v in items)
        {
            if (RegoSetBuilder.IndexOf(items, n, v) < 0) items[n++] = v;
        }
        return n == 0 ? Empty : new(n == items.Length ? items : items[..n]);
    }

    public override RegoKind Kind => RegoKind.Set;
    public int Count => _elements?.Length ?? _items!.Count;

    public bool Contains(RegoValue value)
    {
        if (Count <= SmallScan)
        {
            // Pooled strings from input and policy are usually the very object.
            var elements = InAnyOrder;
            foreach (var item in elements)
            {
                if (ReferenceEquals(item, value)) return true;
            }
            // Only then equality, element by element (a cheap pass by reference first, as most lookups end there).
            if (_items is null) return RegoSetBuilder.IndexOf(elements, elements.Length, value) >= 0;
        }
        return Items.Contains(value);
    }

    public IReadOnlySet<RegoValue> Items => _items ??= new HashSet<RegoValue>(_elements!);

    /// <summary>Elements in OPA's sort order (cached).</summary>
    public IReadOnlyList<RegoValue> Sorted => SortedArray;

    /// <summary>As <see cref="Sorted"/>, as the array itself: indexing and enumerating it need no interface call or enumerator.</summary>
    internal RegoValue[] SortedArray
    {
        get
        {
            if (_sorted is null)
            {
                var s = _elements is { } e ? (RegoValue[])e.Clone() : _items!.ToArray();
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
    internal RegoValue[] InAnyOrder => _elements ?? _sorted ?? (_elements = [.. _items!]);

    public override bool Equals(RegoValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not RegoSet s || s.Count != Count || HashesDiffer(_hash, s._hash)) return false;
        if (_items is not null && s._items is not null) return _items.SetEquals(s._items);
        // Same count, both distinct: equal when every element of one is in the other.
        foreach (var item in InAnyOrder)
        {
            if (!s.Contains(item)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        // Order-independent: sum of element hashes.
        var h = (int)RegoKind.Set * 31;
        foreach (var item in (IEnumerable<RegoValue>?)_elements ?? _items!) h = unchecked(h + item.GetHashCode() * 16777619);
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    protected override int CompareSameKind(RegoValue other) => RegoArray.CompareSequences(SortedArray, ((RegoSet)other).SortedArray);
}
