using Gateway.Rego.Conformance;
using Gateway.Rego.Parsing;
using Gateway.Rego.Conformance;
using Xunit.Abstractions;

namespace Gateway.Rego.Tests.Parsing;

/// <summary>Every module, query and input term of the v1 conformance cases must parse into a well-formed tree.</summary>
public sealed class ConformanceParseTests(ITestOutputHelper output)
{
    internal static readonly Lazy<IReadOnlyList<ConformanceCase>> Cases =
        new(() => ConformanceCaseLoader.LoadAll(ConformanceCaseLoader.FindDirectory()));

    [Fact]
    public void Loader_finds_the_development_set()
    {
        // The README promises 855 files and 1,553 cases in the development set.
        Cases.Value.Select(c => c.FilePath).Distinct().Count().ShouldBe(855);
        Cases.Value.Count.ShouldBe(1553);
    }

    [Fact]
    public void Every_module_query_and_input_term_parses()
    {
        var failures = new List<string>();
        int modules = 0, queries = 0, terms = 0;
        foreach (var c in Cases.Value)
        {
            // No case expects a parse error; keep the exemption OPA's runner would need if one did.
            if (c.WantError?.Contains("rego_parse_error", StringComparison.Ordinal) == true) continue;
            for (var i = 0; i < (c.Modules?.Count ?? 0); i++)
            {
                modules++;
                var text = c.Modules![i];
                Try(c, $"module {i}", () => AstInvariants.Check(RegoParser.ParseModule($"test-{i}.rego", text), text));
            }
            queries++;
            Try(c, "query", () => AstInvariants.Check(RegoParser.ParseQuery(c.Query), c.Query));
            if (c.InputTerm is not null)
            {
                terms++;
                Try(c, "input_term", () =>
                {
                    RegoParser.ParseTerm(c.InputTerm);
                    return null;
                });
            }
        }
        output.WriteLine($"parsed {modules} modules, {queries} queries, {terms} input terms; {failures.Count} failures");
        foreach (var f in failures.Take(50)) output.WriteLine(f);
        failures.ShouldBeEmpty();

        void Try(ConformanceCase c, string what, Func<string?> parse)
        {
            try
            {
                if (parse() is { } problem) failures.Add($"{c.Note} [{what}]: AST invariant: {problem}");
            }
            catch (RegoParseException ex)
            {
                failures.Add($"{c.Note} [{what}]: {ex.Message}");
            }
        }
    }
}
