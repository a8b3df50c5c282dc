using System.Collections.Concurrent;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// A schema operand (string or AST object) parsed once: its AST value and, on demand, the loaded schema.
/// Policies pass the same schema on every request, so entries are shared (like OPA's inter-query GraphQL
/// cache). Safe to share: the AST value is immutable and a loaded schema is only read by query validation.
/// </summary>
internal sealed class SchemaEntry
{
    private readonly Func<GqlSchemaDocument>? _document;
    private readonly Lazy<(GqlSchema? Schema, GqlError? Error)> _loaded;

    private SchemaEntry(Func<GqlSchemaDocument>? document, RegoObject? ast, string? parseError)
    {
        _document = document;
        Ast = ast;
        ParseError = parseError;
        // PublicationOnly: a failure such as InsufficientExecutionStackException is not cached, and since
        // every attempt loads its own document, racing attempts cannot disturb each other.
        _loaded = new Lazy<(GqlSchema?, GqlError?)>(Load, LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The schema AST as OPA returns it; null when the operand did not parse.</summary>
    public RegoObject? Ast { get; }

    /// <summary>The parse (or object decoding) error, already in OPA's wording; null when it parsed.</summary>
    public string? ParseError { get; }

    /// <summary>The validated schema, or the first schema error.</summary>
    public (GqlSchema? Schema, GqlError? Error) Loaded => _loaded.Value;

    public static SchemaEntry FromString(string source)
    {
        try
        {
            var doc = GqlParser.ParseSchema(source);
            return new SchemaEntry(() => GqlParser.ParseSchema(source), AstSerializer.Schema(doc), null);
        }
        catch (GqlException e)
        {
            return new SchemaEntry(null, null, GqlMessages.Parse(e.Error));
        }
    }

    public static SchemaEntry FromObject(RegoObject value)
    {
        try
        {
            var doc = AstDecoder.Schema(value);
            return new SchemaEntry(() => AstDecoder.Schema(value), AstSerializer.Schema(doc), null);
        }
        catch (GqlDecodeException e)
        {
            return new SchemaEntry(null, null, e.Message);
        }
    }

    // Loading merges extensions into the document's definitions, so it works on a document of its own,
    // never the one the AST value was taken from.
    private (GqlSchema?, GqlError?) Load()
    {
        if (_document is null) return (null, null);
        try
        {
            return (SchemaLoader.Load(_document()), null);
        }
        catch (GqlException e)
        {
            return (null, e.Error);
        }
    }
}

internal static class SchemaCache
{
    private const int MaxEntries = 64;
    private static readonly ConcurrentDictionary<RegoValue, SchemaEntry> Entries = new();

    /// <summary>The entry for a string or object operand (the caller checks the type).</summary>
    public static SchemaEntry Get(RegoValue operand)
    {
        if (Entries.TryGetValue(operand, out var entry)) return entry;
        entry = operand is RegoString s ? SchemaEntry.FromString(s.Value) : SchemaEntry.FromObject((RegoObject)operand);
        // A crude bound: policies use a handful of schemas, so start over rather than track recency.
        if (Entries.Count >= MaxEntries) Entries.Clear();
        return Entries.GetOrAdd(operand, entry);
    }
}
