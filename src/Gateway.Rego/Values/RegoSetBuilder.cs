namespace Gateway.Rego.Values;

/// <summary>
/// Collects the elements of a new set: the first few in an array, compared by hash and equality as they come (no
/// HashSet for a set of two signatures), more in a HashSet. Reusable: <see cref="Build"/> hands the set over and
/// starts afresh.
/// </summary>
internal sealed class RegoSetBuilder
{
    private RegoValue[]? _small;
    private int _count;
    private HashSet<RegoValue>? _large;

    /// <summary>Adds the value; false when an equal one is there already.</summary>
    public bool Add(RegoValue value)
    {
        if (_large is not null) return _large.Add(value);
        _small ??= new RegoValue[RegoSet.SmallScan];
        if (IndexOf(_small, _count, value) >= 0) return false;
        if (_count == _small.Length)
        {
            _large = new HashSet<RegoValue>(_small);
            Array.Clear(_small);
            _count = 0;
            return _large.Add(value);
        }
        _small[_count++] = value;
        return true;
    }

    /// <summary>The set of the values added (the empty set when none), after which the builder is empty.</summary>
    public RegoSet Build()
    {
        RegoSet set;
        if (_large is not null)
        {
            set = new RegoSet(_large);
            _large = null;
        }
        else if (_count == 0)
        {
            set = RegoSet.Empty;
        }
        else
        {
            set = new RegoSet(_small.AsSpan(0, _count).ToArray());
            Array.Clear(_small!, 0, _count);
            _count = 0;
        }
        return set;
    }

    /// <summary>Where an element equal to <paramref name="value"/> is among the first <paramref name="count"/>; -1 if none.</summary>
    internal static int IndexOf(RegoValue[] elements, int count, RegoValue value)
    {
        // Equality, not hashes: a new value (a signature object of a fresh input) is then not hashed at all, and
        // values that have their hashes compare them first anyway (RegoValue.HashesDiffer).
        for (var i = 0; i < count; i++)
        {
            var item = elements[i];
            if (ReferenceEquals(item, value) || item.Equals(value)) return i;
        }
        return -1;
    }
}
