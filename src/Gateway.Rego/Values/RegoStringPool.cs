namespace Gateway.Rego.Values;

/// <summary>
/// A small, bounded cache of short strings, shared by the JSON reader and the policy parser, so that the key
/// <c>"layers"</c> of an input document and the <c>layers</c> of <c>input.manifest.layers</c> in a policy are one
/// object. Equality between them is then a reference compare (no character compare on every object lookup, set
/// membership or <c>==</c>), and a key's hash is computed once per process instead of once per document.
/// <para>
/// Equality never depends on it: two equal strings from different sources stay equal. The cache is direct-mapped
/// (a string goes to the one slot its hash picks, replacing what was there), so it cannot grow, whatever keys
/// requests carry; lock-free, because an entry is an immutable value and a reader that sees an older entry only
/// misses.
/// </para>
/// </summary>
public sealed class RegoStringPool
{
    // Object keys and the short values policies compare (actions, media types, architectures) fit; longer strings
    // (digests, commands, messages) rarely recur and would only evict the ones that do.
    private const int MaxLength = 64;

    /// <summary>The pool the JSON reader and the parser share.</summary>
    public static RegoStringPool Shared { get; } = new(4096);

    private readonly RegoString?[] _slots;

    /// <param name="slots">A power of two.</param>
    internal RegoStringPool(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(slots), "a power of two");
        _slots = new RegoString?[slots];
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
        ref var slot = ref _slots[hash & (_slots.Length - 1)];
        var pooled = Volatile.Read(ref slot);
        if (pooled is not null && text.SequenceEqual(pooled.Value)) return pooled;
        var fresh = new RegoString(asString ?? text.ToString(), hash);
        Volatile.Write(ref slot, fresh);
        return fresh;
    }
}
