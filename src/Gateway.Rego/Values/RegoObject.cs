namespace Gateway.Rego.Values;

/// <summary>
/// An immutable Rego object. Keys may be any value (OPA allows composite keys). Iteration follows
/// insertion order; <see cref="SortedKeys"/> gives OPA's order for output and comparison.
/// The constructor takes ownership of the dictionary passed in.
/// <para>
/// Objects of up to <see cref="SmallMax"/> keys, nearly every object of an image's manifest, config and labels and
/// the admission input itself, keep their entries in one array and are looked up by comparing cached hash codes in
/// turn: one memory load to the entries instead of a dictionary's three (object, buckets, entries), which is what a
/// lookup costs once the input is out of the first-level cache, and no dictionary to build when the input is read.
/// Compiled code looks a constant key up at the position it last had (<see cref="Get(KeySite)"/>), so size hardly
/// matters there; sixteen keys covers the input's top level. Larger objects keep the dictionary.
/// </para>
/// </summary>
public sealed class RegoObject : RegoValue
{
    public static readonly RegoObject Empty = new(new Dictionary<RegoValue, RegoValue>());

    internal const int SmallMax = 16;

    private readonly Entry[]? _small;
    private readonly Dictionary<RegoValue, RegoValue>? _large;
    private IReadOnlyDictionary<RegoValue, RegoValue>? _view;
    private RegoValue[]? _sortedKeys;
    private int _hash;

    public RegoObject(Dictionary<RegoValue, RegoValue> items)
    {
        if (items.Count > SmallMax)
        {
            _large = items;
            return;
        }
        var small = new Entry[items.Count];
        var i = 0;
        foreach (var (k, v) in items) small[i++] = new Entry(k, v);
        _small = small;
    }

    private RegoObject(Entry[] small) => _small = small;

    public override RegoKind Kind => RegoKind.Object;
    public int Count => _small?.Length ?? _large!.Count;

    /// <summary>The entries in insertion order.</summary>
    public IReadOnlyDictionary<RegoValue, RegoValue> Items => _large ?? (_view ??= new SmallView(this));

    public bool TryGetValue(RegoValue key, out RegoValue value)
    {
        var v = Get(key);
        value = v!;
        return v is not null;
    }

    public RegoValue? Get(RegoValue key)
    {
        if (_small is not { } small) return _large!.TryGetValue(key, out var v) ? v : null;
        var h = key.GetHashCode();
        for (var i = 0; i < small.Length; i++)
        {
            ref var e = ref small[i];
            // Keys from JSON input and from policies are pooled (RegoStringPool): usually the same object.
            if (e.Hash == h && (ReferenceEquals(e.Key, key) || e.Key.Equals(key))) return e.Value;
        }
        return null;
    }

    /// <summary>
    /// <see cref="Get(RegoValue)"/> through a site of compiled code: the entry at the site's remembered position
    /// first, compared by reference (keys are pooled, see <see cref="RegoStringPool"/>), then the usual scan. The
    /// scan is written out here and in <see cref="Get(RegoValue)"/>: one shared helper made the decision 1–2% slower.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal RegoValue? Get(KeySite site)
    {
        if (_small is not { } small) return _large!.TryGetValue(site.Key, out var v) ? v : null;
        var p = site.Position;
        if ((uint)p < (uint)small.Length && (ReferenceEquals(small[p].Key, site.Key) || (small[p].Hash == site.Hash && small[p].Key.Equals(site.Key)))) return small[p].Value;
        for (var i = 0; i < small.Length; i++)
        {
            ref var e = ref small[i];
            if (e.Hash == site.Hash && (ReferenceEquals(e.Key, site.Key) || e.Key.Equals(site.Key)))
            {
                site.Position = i;
                return e.Value;
            }
        }
        return null;
    }

    public RegoValue? Get(string key) => Get(new RegoString(key));

    public IReadOnlyList<RegoValue> SortedKeys
    {
        get
        {
            if (_sortedKeys is null)
            {
                var k = _small is { } small ? Array.ConvertAll(small, e => e.Key) : _large!.Keys.ToArray();
                Array.Sort(k);
                _sortedKeys = k;
            }
            return _sortedKeys;
        }
    }

    public override bool Equals(RegoValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not RegoObject o || o.Count != Count || HashesDiffer(_hash, o._hash)) return false;
        if (_small is { } small)
        {
            foreach (ref readonly var e in small.AsSpan())
            {
                if (o.Get(e.Key) is not { } ov || !e.Value.Equals(ov)) return false;
            }
            return true;
        }
        foreach (var (k, v) in _large!)
        {
            if (o.Get(k) is not { } ov || !v.Equals(ov)) return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = (int)RegoKind.Object * 31;
        if (_small is { } small)
        {
            foreach (ref readonly var e in small.AsSpan()) h = unchecked(h + HashCode.Combine(e.Hash, e.Value.GetHashCode()));
        }
        else
        {
            foreach (var (k, v) in _large!) h = unchecked(h + HashCode.Combine(k.GetHashCode(), v.GetHashCode()));
        }
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
            c = Get(ak[i])!.CompareTo(o.Get(bk[i]));
            if (c != 0) return c;
        }
        return ak.Count.CompareTo(bk.Count);
    }

    private readonly struct Entry(RegoValue key, RegoValue value)
    {
        public readonly int Hash = key.GetHashCode();
        public readonly RegoValue Key = key;
        public readonly RegoValue Value = value;
    }

    /// <summary>
    /// Builds an object of at most <see cref="SmallMax"/> keys straight into its entry array, without a dictionary
    /// (the JSON reader). A repeated key keeps its first position and takes the last value, as a dictionary's indexer.
    /// </summary>
    internal struct SmallBuilder(int capacity)
    {
        private Entry[] _entries = capacity == 0 ? [] : new Entry[capacity];
        private int _count;

        public void Set(RegoValue key, RegoValue value)
        {
            var entry = new Entry(key, value);
            for (var i = 0; i < _count; i++)
            {
                if (_entries[i].Hash == entry.Hash && _entries[i].Key.Equals(key))
                {
                    _entries[i] = entry;
                    return;
                }
            }
            _entries[_count++] = entry;
        }

        public readonly RegoObject Build()
        {
            var entries = _entries;
            if (_count != entries.Length) Array.Resize(ref entries, _count);
            return new RegoObject(entries);
        }
    }

    /// <summary>The dictionary view of a small object's entries.</summary>
    private sealed class SmallView(RegoObject o) : IReadOnlyDictionary<RegoValue, RegoValue>
    {
        public int Count => o._small!.Length;
        public RegoValue this[RegoValue key] => o.Get(key) ?? throw new KeyNotFoundException();
        public IEnumerable<RegoValue> Keys => o._small!.Select(e => e.Key);
        public IEnumerable<RegoValue> Values => o._small!.Select(e => e.Value);
        public bool ContainsKey(RegoValue key) => o.Get(key) is not null;
        public bool TryGetValue(RegoValue key, out RegoValue value) => o.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<RegoValue, RegoValue>> GetEnumerator()
        {
            foreach (var e in o._small!) yield return new KeyValuePair<RegoValue, RegoValue>(e.Key, e.Value);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
