using System.Collections.Frozen;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// A builtin function: takes ground arguments, returns a value or null for "undefined".
/// Throw <see cref="BuiltinException"/> for errors on the input, <see cref="BuiltinTypeException"/> for operand types.
/// </summary>
public delegate RegoValue? BuiltinFunction(BuiltinContext context, ReadOnlySpan<RegoValue> args);

/// <summary>One builtin: its dotted name, how many arguments it takes, and whether its result depends on more than its arguments.</summary>
public sealed record BuiltinDefinition(string Name, int Arity, BuiltinFunction Function, bool NonDeterministic = false);

/// <summary>
/// The table of builtins, name → definition. Each OPA category registers itself from its own file
/// (<c>StringBuiltins.Register</c>, …); the engine may add extensions on top.
/// </summary>
public sealed class BuiltinRegistry
{
    private readonly Dictionary<string, BuiltinDefinition> _builtins = new(StringComparer.Ordinal);
    private FrozenDictionary<string, BuiltinDefinition>? _frozen;

    /// <summary>The standard library, shared and read-only.</summary>
    public static BuiltinRegistry Default { get; } = CreateDefault();

    public static BuiltinRegistry CreateDefault()
    {
        var r = new BuiltinRegistry();
        ComparisonBuiltins.Register(r);
        ArithmeticBuiltins.Register(r);
        BitsBuiltins.Register(r);
        AggregateBuiltins.Register(r);
        ArrayBuiltins.Register(r);
        SetBuiltins.Register(r);
        ObjectBuiltins.Register(r);
        StringBuiltins.Register(r);
        SprintfBuiltin.Register(r);
        RegexBuiltins.Register(r);
        GlobBuiltins.Register(r);
        TypeBuiltins.Register(r);
        UnitsBuiltins.Register(r);
        EncodingBuiltins.Register(r);
        JsonBuiltins.Register(r);
        TimeBuiltins.Register(r);
        SemverBuiltins.Register(r);
        NetBuiltins.Register(r);
        NetLookupBuiltins.Register(r);
        UuidBuiltins.Register(r);
        CryptoBuiltins.Register(r);
        X509Builtins.Register(r);
        JwtBuiltins.Register(r);
        GraphQlBuiltins.Register(r);
        GraphBuiltins.Register(r);
        MiscBuiltins.Register(r);
        AwsBuiltins.Register(r);
        TestBuiltins.Register(r);
        return r;
    }

    public void Register(string name, int arity, BuiltinFunction function, bool nonDeterministic = false)
    {
        if (_frozen is not null) throw new InvalidOperationException("builtin registry is frozen");
        _builtins[name] = new BuiltinDefinition(name, arity, function, nonDeterministic);
    }

    /// <summary>The definition is the standard library's own (an engine may register or replace builtins).</summary>
    internal static bool IsStandard(BuiltinDefinition def) =>
        Default.TryGet(def.Name, out var std) && std.Function.Method == def.Function.Method;

    public bool TryGet(string name, out BuiltinDefinition definition)
    {
        var table = (IReadOnlyDictionary<string, BuiltinDefinition>?)_frozen ?? _builtins;
        return table.TryGetValue(name, out definition!);
    }

    public IEnumerable<BuiltinDefinition> All => _builtins.Values;

    /// <summary>Freeze for fast concurrent lookups; further registration throws.</summary>
    public BuiltinRegistry Freeze()
    {
        _frozen ??= _builtins.ToFrozenDictionary(StringComparer.Ordinal);
        return this;
    }

    /// <summary>A mutable copy, for engines that add extensions.</summary>
    public BuiltinRegistry Clone()
    {
        var r = new BuiltinRegistry();
        foreach (var (k, v) in _builtins) r._builtins[k] = v;
        return r;
    }
}
