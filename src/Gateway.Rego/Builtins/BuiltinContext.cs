using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// What a builtin may see of the evaluation it runs in. Non-deterministic inputs (the clock, randomness)
/// come from here and are cached per query, so a query sees one "now" however often it asks.
/// </summary>
public sealed class BuiltinContext
{
    private Dictionary<string, RegoValue>? _queryCache;
    private DateTimeOffset? _queryStart;

    public BuiltinContext(TimeProvider? time = null, CancellationToken cancellation = default)
    {
        Time = time ?? TimeProvider.System;
        Cancellation = cancellation;
    }

    public TimeProvider Time { get; }

    /// <summary>Forget what one query cached (its "now", memoised random values), so the context can serve the next query.</summary>
    internal void ResetQueryState()
    {
        _queryCache = null;
        _queryStart = null;
    }

    /// <summary>
    /// The query's "now": read from the clock the first time a builtin asks, then fixed, so
    /// <c>time.now_ns</c> returns one value for the whole query. Read lazily because most queries never
    /// ask and the clock read is not free.
    /// </summary>
    public DateTimeOffset QueryStart => _queryStart ??= Time.GetUtcNow();

    public CancellationToken Cancellation { get; }

    /// <summary>Strict builtin errors: when false the evaluator turns a <see cref="BuiltinException"/> into "undefined".</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>Where <c>print</c> writes; null discards.</summary>
    public TextWriter? PrintOutput { get; init; }

    /// <summary>Seeded per query when the caller wants reproducible <c>rand.intn</c>.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>Per-query memo for non-deterministic builtins (e.g. rand.intn with the same arguments returns the same value within one query).</summary>
    public RegoValue GetOrAdd(string key, Func<RegoValue> factory)
    {
        _queryCache ??= new Dictionary<string, RegoValue>(StringComparer.Ordinal);
        if (!_queryCache.TryGetValue(key, out var v))
        {
            v = factory();
            _queryCache[key] = v;
        }
        return v;
    }

    /// <summary>
    /// Hook for builtins that need the language itself (<c>rego.parse_module</c>): set by the engine.
    /// Given a file name and module text, returns the module's AST as a JSON-compatible value, or throws <see cref="BuiltinException"/>.
    /// </summary>
    public Func<string, string, RegoValue>? ParseModule { get; init; }
}
