using System.Collections.ObjectModel;
using Gateway.Rego.Values;

namespace Gateway.Rego;

/// <summary>
/// The solutions of a query. Each solution binds the query's variables (wildcards and compiler-generated
/// variables are not reported). For a query that is a single term, such as <c>data.app.deny</c>, each
/// solution also carries the term's value in <see cref="Values"/> (false included).
/// An undefined query has no solutions.
/// </summary>
public sealed class QueryResult
{
    internal static readonly IReadOnlyDictionary<string, RegoValue> NoBindings = new ReadOnlyDictionary<string, RegoValue>(new Dictionary<string, RegoValue>());

    internal QueryResult(IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> bindings, IReadOnlyList<RegoValue>? values)
    {
        _bindings = bindings;
        _values = values ?? [];
        _first = values is { Count: > 0 } ? values[0] : null;
    }

    /// <summary>
    /// One solution, the common case (a decision): its lists are made only if asked for, since a caller usually
    /// reads <see cref="Value"/> alone.
    /// </summary>
    internal QueryResult(IReadOnlyDictionary<string, RegoValue> binding, RegoValue? value)
    {
        _binding = binding;
        _first = value;
    }

    private readonly IReadOnlyDictionary<string, RegoValue>? _binding;
    private readonly RegoValue? _first;
    private IReadOnlyList<IReadOnlyDictionary<string, RegoValue>>? _bindings;
    private IReadOnlyList<RegoValue>? _values;

    /// <summary>One map per solution: variable name → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> Bindings => _bindings ??= [_binding!];

    /// <summary>For single-term queries, the term's value in each solution; empty otherwise.</summary>
    public IReadOnlyList<RegoValue> Values => _values ??= _first is null ? [] : [_first];

    /// <summary>True when the query has at least one solution.</summary>
    public bool IsDefined => _binding is not null || Bindings.Count > 0;

    /// <summary>The value of a single-term query (its first solution), or null if undefined or not a single-term query.</summary>
    public RegoValue? Value => _first;
}
