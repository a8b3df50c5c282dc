using System.Text;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;

namespace Gateway.Rego.Conformance;

/// <summary>The outcome of one conformance case: what was expected and what the engine did.</summary>
public sealed record ConformanceCaseResult(string Note, string FilePath, bool Passed, string Expected, string Got)
{
    /// <summary>The note made unique (see <see cref="ConformanceRunner.Identify"/>); set by <see cref="ConformanceRunner.RunDirectory"/>.</summary>
    public string Id { get; init; } = Note;

    /// <summary>The topic directory of the case file (e.g. "withkeyword").</summary>
    public string Directory => Path.GetFileName(Path.GetDirectoryName(FilePath)) ?? "";
}

/// <summary>
/// Runs OPA conformance cases the way OPA's own runner (<c>v1/topdown/exported_test.go</c>) does: modules
/// named test-0.rego…, the case's data as the store, input or input_term as input, results compared as a
/// set of binding maps in OPA's JSON form, errors matched by substring and code.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Run every case of every YAML file under <paramref name="dir"/>.</summary>
    public static IReadOnlyList<ConformanceCaseResult> RunDirectory(
        string dir, BuiltinRegistry? builtins = null, int codegenThreshold = CompiledPolicy.DefaultCodegenThreshold) =>
        Identify(ConformanceCaseLoader.LoadAll(dir)).Select(p => Run(p.Case, builtins, codegenThreshold) with { Id = p.Id }).ToList();

    /// <summary>
    /// Give each case a unique id: its note, with " (2)", " (3)", … appended to repeats in load order
    /// (notes repeat, even within one file).
    /// </summary>
    public static IReadOnlyList<(string Id, ConformanceCase Case)> Identify(IEnumerable<ConformanceCase> cases)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<(string, ConformanceCase)>();
        foreach (var c in cases)
        {
            var n = seen[c.Note] = seen.GetValueOrDefault(c.Note) + 1;
            result.Add((n == 1 ? c.Note : $"{c.Note} ({n})", c));
        }
        return result;
    }

    /// <param name="codegenThreshold">See <see cref="RegoEngine.CodegenThreshold"/>: 0 runs every rule body compiled.</param>
    public static ConformanceCaseResult Run(ConformanceCase c, BuiltinRegistry? builtins = null, int codegenThreshold = CompiledPolicy.DefaultCodegenThreshold)
    {
        var expected = DescribeExpected(c);
        try
        {
            return RunCore(c, builtins ?? BuiltinRegistry.Default, expected, codegenThreshold);
        }
        catch (Exception e)
        {
            return new ConformanceCaseResult(c.Note, c.FilePath, false, expected, $"setup failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static ConformanceCaseResult RunCore(ConformanceCase c, BuiltinRegistry builtins, string expected, int codegenThreshold)
    {
        var engine = new RegoEngine(builtins) { CodegenThreshold = codegenThreshold };
        var modules = c.Modules ?? [];
        for (var i = 0; i < modules.Count; i++) engine.AddModule($"test-{i}.rego", modules[i]);
        if (c.Data is RegoObject data) engine.SetData(data);

        RegoValue? input = c.Input;
        if (c.InputTerm is not null) input = GroundValue(RegoParser.ParseTerm(c.InputTerm));

        PreparedQuery query;
        try
        {
            query = engine.Prepare(c.Query, RegoParser.ParseQuery(c.Query), valueMode: false);
        }
        catch (RegoException e)
        {
            return Fail(c, expected, "compile error: " + e.Message);
        }

        var got = new HashSet<RegoValue>();
        RegoException? error = null;
        try
        {
            query.Evaluate(input, new EvaluationOptions { StrictBuiltinErrors = c.StrictError }, b =>
            {
                got.Add(ToResultObject(b, c.SortBindings));
                return true;
            });
        }
        catch (RegoException e)
        {
            error = e;
        }

        var problems = new List<string>();
        if (c.WantError is not null || c.WantErrorCode is not null)
        {
            if (error is null)
            {
                problems.Add("expected an error but got success");
            }
            else
            {
                if (c.WantError is not null && !error.Message.Contains(c.WantError, StringComparison.Ordinal)) problems.Add("error text differs");
                if (c.WantErrorCode is not null && error.Code != c.WantErrorCode) problems.Add("error code differs");
            }
        }
        else if (error is not null)
        {
            problems.Add("unexpected error");
        }

        if (c.WantResult is not null)
        {
            var want = new HashSet<RegoValue>(c.WantResult.Select(b =>
                (RegoValue)new RegoObject(b.ToDictionary(kv => (RegoValue)new RegoString(kv.Key), kv => kv.Value))));
            if (!want.SetEquals(got)) problems.Add("results differ");
        }

        var gotText = error is null ? FormatResults(got) : $"{FormatResults(got)} error: {error.Message}";
        return new ConformanceCaseResult(c.Note, c.FilePath, problems.Count == 0, expected, problems.Count == 0 ? gotText : $"{string.Join(", ", problems)}: {gotText}");
    }

    private static ConformanceCaseResult Fail(ConformanceCase c, string expected, string got) => new(c.Note, c.FilePath, false, expected, got);

    /// <summary>A binding map as OPA's runner compares it: values in JSON form, arrays sorted when sort_bindings is set.</summary>
    private static RegoValue ToResultObject(IReadOnlyDictionary<string, RegoValue> bindings, bool sortBindings)
    {
        var d = new Dictionary<RegoValue, RegoValue>(bindings.Count);
        foreach (var (name, value) in bindings)
        {
            var v = ToJsonForm(value);
            if (sortBindings && v is RegoArray a)
            {
                var items = a.Items.ToArray();
                Array.Sort(items);
                v = new RegoArray(items);
            }
            d[new RegoString(name)] = v;
        }
        return new RegoObject(d);
    }

    /// <summary>OPA's ast.JSON: sets become sorted arrays, non-string object keys become their JSON text.</summary>
    public static RegoValue ToJsonForm(RegoValue v)
    {
        switch (v)
        {
            case RegoSet s:
                return new RegoArray(s.Sorted.Select(ToJsonForm).ToArray());
            case RegoArray a:
                return new RegoArray(a.AsList().Select(ToJsonForm).ToArray());
            case RegoObject o:
            {
                var d = new Dictionary<RegoValue, RegoValue>(o.Count);
                foreach (var (k, item) in o.Items)
                {
                    var key = k is RegoString ? k : new RegoString(RegoJson.ToJson(k));
                    d[key] = ToJsonForm(item);
                }
                return new RegoObject(d);
            }
            default:
                return v;
        }
    }

    /// <summary>Convert a ground term (as input_term writes it) to a value.</summary>
    public static RegoValue GroundValue(Term t) => t switch
    {
        ScalarTerm s => s.Value,
        ArrayTerm a => new RegoArray(a.Items.Select(GroundValue).ToArray()),
        SetTerm s => new RegoSet(new HashSet<RegoValue>(s.Items.Select(GroundValue))),
        ObjectTerm o => new RegoObject(o.Items.ToDictionary(kv => GroundValue(kv.Key), kv => GroundValue(kv.Value))),
        _ => throw new InvalidDataException($"input_term must be ground, found {t.GetType().Name}"),
    };

    private static string DescribeExpected(ConformanceCase c)
    {
        var sb = new StringBuilder();
        if (c.WantResult is not null)
        {
            sb.Append(FormatResults(c.WantResult.Select(b =>
                (RegoValue)new RegoObject(b.ToDictionary(kv => (RegoValue)new RegoString(kv.Key), kv => kv.Value)))));
        }
        if (c.WantErrorCode is not null) sb.Append(sb.Length > 0 ? " " : "").Append("error code ").Append(c.WantErrorCode);
        if (c.WantError is not null) sb.Append(sb.Length > 0 ? " " : "").Append("error containing \"").Append(c.WantError).Append('"');
        return sb.ToString();
    }

    private static string FormatResults(IEnumerable<RegoValue> results)
    {
        var list = results.ToList();
        list.Sort();
        return "[" + string.Join(", ", list.Select(r => RegoJson.ToJson(r))) + "]";
    }
}
