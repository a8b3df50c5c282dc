namespace Gateway.Rego.Values;

/// <summary>The kinds of ground Rego values, in OPA's sort order (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set).</summary>
public enum RegoKind
{
    Null = 0,
    Boolean = 1,
    Number = 2,
    String = 3,
    Array = 4,
    Object = 5,
    Set = 6,
}

/// <summary>
/// A ground (variable-free) Rego value. Values are immutable once constructed: collections take
/// ownership of the storage handed to them, and hash codes are cached. Equality and ordering follow
/// OPA's <c>ast.Compare</c>, so 1 and 1.0 are equal and sets compare by their sorted elements.
/// </summary>
public abstract class RegoValue : IEquatable<RegoValue>, IComparable<RegoValue>
{
    public abstract RegoKind Kind { get; }

    /// <summary>OPA's type name as <c>type_name</c> returns it: "null", "boolean", "number", "string", "array", "object", "set".</summary>
    public string TypeName => Kind switch
    {
        RegoKind.Null => "null",
        RegoKind.Boolean => "boolean",
        RegoKind.Number => "number",
        RegoKind.String => "string",
        RegoKind.Array => "array",
        RegoKind.Object => "object",
        _ => "set",
    };

    public abstract bool Equals(RegoValue? other);

    public abstract override int GetHashCode();

    /// <summary>
    /// Two composites' cached hashes (0: not computed yet) prove them unequal. Equality of composites compares
    /// these only when both are there: computing a hash reads the whole value, as comparing it does, so a value
    /// compared once (a signature object of a fresh input, added to a small set) is never hashed.
    /// </summary>
    private protected static bool HashesDiffer(int a, int b) => a != 0 && b != 0 && a != b;

    public override bool Equals(object? obj) => obj is RegoValue v && Equals(v);

    public int CompareTo(RegoValue? other)
    {
        if (other is null) return 1;
        if (ReferenceEquals(this, other)) return 0;
        // Compared as ints: Enum.CompareTo(object) would box both kinds on every comparison.
        var k = ((int)Kind).CompareTo((int)other.Kind);
        return k != 0 ? k : CompareSameKind(other);
    }

    /// <summary>Compare with a value of the same <see cref="Kind"/>.</summary>
    protected abstract int CompareSameKind(RegoValue other);

    /// <summary>Rego source text of the value (sets as <c>{1, 2}</c>, empty set as <c>set()</c>).</summary>
    public override string ToString() => RegoJson.ToRegoText(this);

    public static bool operator ==(RegoValue? a, RegoValue? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(RegoValue? a, RegoValue? b) => !(a == b);
}

public sealed class RegoNull : RegoValue
{
    public static readonly RegoNull Instance = new();
    private RegoNull() { }
    public override RegoKind Kind => RegoKind.Null;
    public override bool Equals(RegoValue? other) => other is RegoNull;
    public override int GetHashCode() => 0x5f3759df;
    protected override int CompareSameKind(RegoValue other) => 0;
}

public sealed class RegoBool : RegoValue
{
    public static readonly RegoBool True = new(true);
    public static readonly RegoBool False = new(false);
    private RegoBool(bool value) => Value = value;
    public bool Value { get; }
    public static RegoBool Of(bool value) => value ? True : False;
    public override RegoKind Kind => RegoKind.Boolean;
    public override bool Equals(RegoValue? other) => other is RegoBool b && b.Value == Value;
    public override int GetHashCode() => Value ? 1231 : 1237;
    protected override int CompareSameKind(RegoValue other) => Value.CompareTo(((RegoBool)other).Value);
}

public sealed class RegoString : RegoValue
{
    public static readonly RegoString Empty = new(string.Empty);
    public RegoString(string value) => Value = value;

    /// <summary>With its hash already known (<see cref="HashOf"/>).</summary>
    internal RegoString(string value, int hash)
    {
        Value = value;
        _hash = hash;
    }

    public string Value { get; }
    public override RegoKind Kind => RegoKind.String;
    private int _hash;

    public override bool Equals(RegoValue? other) =>
        ReferenceEquals(this, other) || (other is RegoString s && string.Equals(s.Value, Value, StringComparison.Ordinal));

    // Cached: constant keys (input.manifest.layers, labels["…"]) are hashed on every lookup otherwise.
    public override int GetHashCode()
    {
        var h = _hash;
        if (h == 0)
        {
            h = HashOf(Value);
            _hash = h;
        }
        return h;
    }

    /// <summary>The hash code of a RegoString holding <paramref name="s"/> (never 0, which marks "not computed").</summary>
    internal static int HashOf(ReadOnlySpan<char> s)
    {
        var h = string.GetHashCode(s, StringComparison.Ordinal);
        return h == 0 ? 1 : h;
    }
    // OPA compares Go strings bytewise (UTF-8); ordinal UTF-16 order matches except around surrogates, which is acceptable.
    protected override int CompareSameKind(RegoValue other) => string.CompareOrdinal(Value, ((RegoString)other).Value);
}
