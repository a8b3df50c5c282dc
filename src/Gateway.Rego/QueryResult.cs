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
        Bindings = bindings;
        Values = values ?? [];
    }

    /// <summary>One map per solution: variable name → value.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, RegoValue>> Bindings { get; }

    /// <summary>For single-term queries, the term's value in each solution; empty otherwise.</summary>
    public IReadOnlyList<RegoValue> Values { get; }

    /// <summary>True when the query has at least one solution.</summary>
    public bool IsDefined => Bindings.Count > 0;

    /// <summary>The value of a single-term query (its first solution), or null if undefined or not a single-term query.</summary>
    public RegoValue? Value => Values.Count > 0 ? Values[0] : null;
}
