using System.Text.Json;
using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Builtins.GraphQl;

/// <summary>One conformance case from <see cref="GraphQlCaseData"/>: its inputs and what OPA expects.</summary>
internal sealed record GraphQlCase(string Note, string Function, IReadOnlyList<string> Args, JsonElement Vars, JsonElement Raw)
{
    private static readonly Lazy<Dictionary<string, GraphQlCase>> All = new(Load);

    public static IReadOnlyDictionary<string, GraphQlCase> ByNote => All.Value;

    private static Dictionary<string, GraphQlCase> Load()
    {
        var cases = new Dictionary<string, GraphQlCase>(StringComparer.Ordinal);
        foreach (var line in GraphQlCaseData.Lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var e = JsonDocument.Parse(line).RootElement;
            var args = e.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
            cases[e.GetProperty("note").GetString()!] = new GraphQlCase(
                e.GetProperty("note").GetString()!, e.GetProperty("fn").GetString()!, args, e.GetProperty("vars"), e);
        }
        return cases;
    }

    public static RegoValue Call(string function, params RegoValue[] args)
    {
        BuiltinRegistry.Default.TryGet(function, out var def).ShouldBeTrue(function);
        def.Arity.ShouldBe(args.Length);
        return def.Function(new BuiltinContext(), args) ?? throw new InvalidOperationException($"{function} was undefined");
    }

    /// <summary>A module variable: a GraphQL text, an AST literal, or the result of a parse_* call.</summary>
    public RegoValue Var(string name)
    {
        var v = Vars.GetProperty(name);
        if (v.ValueKind == JsonValueKind.String) return new RegoString(v.GetString()!);
        if (v.TryGetProperty("value", out var literal)) return RegoJson.FromElement(literal);
        return Call("graphql." + v.GetProperty("call").GetString(), new RegoString(v.GetProperty("text").GetString()!));
    }

    /// <summary>An argument as written in the call: a variable, a `raw` or "quoted" string, or a nested parse_schema call.</summary>
    public RegoValue Arg(string text)
    {
        if (text.StartsWith('`')) return new RegoString(text[1..^1]);
        if (text.StartsWith('"')) return new RegoString(JsonSerializer.Deserialize<string>(text)!);
        if (text.StartsWith("graphql.parse_schema(", StringComparison.Ordinal))
        {
            return Call("graphql.parse_schema", Arg(text["graphql.parse_schema(".Length..^1]));
        }
        return Var(text);
    }

    public RegoValue[] ArgValues() => Args.Select(Arg).ToArray();

    public RegoValue Invoke() => Call(Function, ArgValues());

    public override string ToString() => Note;
}
