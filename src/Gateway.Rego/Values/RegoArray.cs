namespace Gateway.Rego.Values;

/// <summary>An immutable Rego array. The constructor takes ownership of the array passed in.</summary>
public sealed class RegoArray : RegoValue
{
    public static readonly RegoArray Empty = new([]);
    private readonly RegoValue[] _items;
    private int _hash;

    public RegoArray(RegoValue[] items) => _items = items;

    public static RegoArray Of(IEnumerable<RegoValue> items) => new(items.ToArray());

    public override RegoKind Kind => RegoKind.Array;
    public int Count => _items.Length;
    public RegoValue this[int index] => _items[index];
    public ReadOnlySpan<RegoValue> Items => _items;

    /// <summary>The items themselves, for loops in compiled code; never written.</summary>
    internal RegoValue[] ItemsArray => _items;
    public IReadOnlyList<RegoValue> AsList() => _items;

    public override bool Equals(RegoValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not RegoArray a || a._items.Length != _items.Length || HashesDiffer(_hash, a._hash)) return false;
        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(a._items[i])) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = new HashCode();
        h.Add(RegoKind.Array);
        foreach (var item in _items) h.Add(item.GetHashCode());
        var v = h.ToHashCode();
        _hash = v == 0 ? 1 : v;
        return _hash;
    }

    protected override int CompareSameKind(RegoValue other) => CompareSequences(_items, ((RegoArray)other)._items);

    internal static int CompareSequences(IReadOnlyList<RegoValue> a, IReadOnlyList<RegoValue> b)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }
}
