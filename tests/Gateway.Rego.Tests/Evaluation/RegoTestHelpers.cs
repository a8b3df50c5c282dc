using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>Small helpers: build an engine from module texts and evaluate a query.</summary>
internal static class RegoTestHelpers
{
    public static RegoEngine Engine(params string[] modules)
    {
        var e = new RegoEngine();
        for (var i = 0; i < modules.Length; i++) e.AddModule($"test-{i}.rego", modules[i]);
        return e;
    }

    /// <summary>The value of a single-term query, or null if undefined.</summary>
    public static RegoValue? Value(string module, string query, string? inputJson = null, string? dataJson = null, EvaluationOptions? options = null)
    {
        var e = Engine(module);
        if (dataJson is not null) e.AddDataJson(dataJson);
        return e.Prepare(query).Evaluate(inputJson is null ? null : RegoJson.Parse(inputJson), options).Value;
    }

    /// <summary>The value as Rego text ("undefined" if none), for compact assertions.</summary>
    public static string Text(string module, string query, string? inputJson = null, string? dataJson = null, EvaluationOptions? options = null) =>
        Value(module, query, inputJson, dataJson, options)?.ToString() ?? "undefined";

    public static RegoException Error(string module, string query, string? inputJson = null, EvaluationOptions? options = null) =>
        Should.Throw<RegoException>(() => Value(module, query, inputJson, options: options));

    public static RegoValue Json(string json) => RegoJson.Parse(json);
}

/// <summary>A clock that always reads <paramref name="now"/>: time.now_ns and other clock reads in tests.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
