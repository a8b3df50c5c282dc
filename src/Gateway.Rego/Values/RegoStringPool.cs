namespace Gateway.Rego.Values;

/// <summary>
/// A small, bounded cache of short strings, shared by the JSON reader and the policy parser, so that the key
/// <c>"layers"</c> of an input document and the <c>layers</c> of <c>input.manifest.layers</c> in a policy are one
/// object. Equality between them is then a reference compare (no character compare on every object lookup, set
/// membership or <c>==</c>), and a key's hash is computed once per process instead of once per document.
/// <para>
/// Equality never depends on it: two equal strings from different sources stay equal. The cache cannot grow,
/// whatever keys requests carry: a string's hash picks a set of two slots, and a new string takes the first,
/// moving the one there to the second and dropping the one in the second. Two ways, not one: with a slot each, a
/// few of the 300-odd strings of a policy and its input collided (which ones depends on the process's random
/// string hash), and the loser's references compared characters from then on. Lock-free, because an entry is an
/// immutable value and a reader that sees an older entry only misses.
/// </para>
/// </summary>
public sealed class RegoStringPool
{
    // Object keys and the short values policies compare (actions, media types, architectures) fit; longer strings
    // (digests, commands, messages) rarely recur and would only evict the ones that do.
    private const int MaxLength = 64;

    /// <summary>The pool the JSON reader and the parser share.</summary>
    public static RegoStringPool Shared { get; } = new(8192);

    private readonly RegoString?[] _slots;
    private readonly int _setMask;

    /// <param name="slots">A power of two, at least 2: the slots, two to a set.</param>
    internal RegoStringPool(int slots)
    {
        if (slots < 2 || (slots & (slots - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(slots), "a power of two, at least 2");
        _slots = new RegoString?[slots];
        _setMask = slots / 2 - 1;
    }

    /// <summary>The pooled RegoString equal to <paramref name="s"/>, from <see cref="Shared"/>.</summary>
    public static RegoString Get(string s) => Shared.GetOrAdd(s);

    /// <summary>The pooled RegoString equal to <paramref name="s"/>, or a new one when it is long or not pooled yet.</summary>
    internal RegoString GetOrAdd(string s) => GetOrAdd(s, s);

    /// <summary>
    /// As <see cref="GetOrAdd(string)"/> for characters not yet in a string (a part of a split, a substring): a
    /// pooled one costs no allocation at all.
    /// </summary>
    internal RegoString GetOrAdd(ReadOnlySpan<char> s) => GetOrAdd(s, null);

    /// <param name="text">The characters.</param>
    /// <param name="asString">The same characters as a string when the caller has one (then not copied), else null.</param>
    private RegoString GetOrAdd(ReadOnlySpan<char> text, string? asString)
    {
        if (text.Length > MaxLength) return new RegoString(asString ?? text.ToString());
        var hash = RegoString.HashOf(text);
        var set = (hash & _setMask) * 2;
        ref var first = ref _slots[set];
        ref var second = ref _slots[set + 1];
        var a = Volatile.Read(ref first);
        if (Holds(a, text, hash)) return a!;
        var b = Volatile.Read(ref second);
        if (Holds(b, text, hash)) return b!;
        var fresh = new RegoString(asString ?? text.ToString(), hash);
        Volatile.Write(ref second, a);
        Volatile.Write(ref first, fresh);
        return fresh;
    }

    // The hash first: a miss then needs no character compare, nor a read of the other string's characters.
    private static bool Holds(RegoString? pooled, ReadOnlySpan<char> text, int hash) =>
        pooled is not null && pooled.GetHashCode() == hash && text.SequenceEqual(pooled.Value);
}
