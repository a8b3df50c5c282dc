global using Gateway.Rego.Conformance;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;

namespace Gateway.Rego.Tests.Conformance;

/// <summary>
/// The OPA conformance cases, one test per case, with a ratchet: a case listed in known-failures.txt may
/// fail (with its reason); any other failing case fails its test, and a listed case that passes fails too
/// ("remove from known-failures.txt"), so the list only shrinks.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> Cases = new(() => ById(ConformanceCaseLoader.LoadAll(ConformanceCaseLoader.FindDirectory())));

    private static readonly Lazy<IReadOnlyDictionary<string, string>> KnownFailures = new(LoadKnownFailures);

    public static IEnumerable<object[]> CaseNotes() => Cases.Value.Keys.Order(StringComparer.Ordinal).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(CaseNotes))]
    public void Case(string note) => Check(note, codegenThreshold: -1);

    /// <summary>The same case with every rule body compiled to IL at its first run: both modes must agree with OPA.</summary>
    [Theory]
    [MemberData(nameof(CaseNotes))]
    public void Compiled(string note) => Check(note, codegenThreshold: 0);

    private void Check(string note, int codegenThreshold)
    {
        var c = Cases.Value[note];
        var result = ConformanceRunner.Run(c, codegenThreshold: codegenThreshold);
        var known = KnownFailures.Value.TryGetValue(note, out var reason);
        if (result.Passed && known)
        {
            Assert.Fail($"{note} passes now: remove from known-failures.txt (was: {reason})");
        }
        if (!result.Passed && !known)
        {
            Assert.Fail($"{note} ({c.FilePath})\nexpected: {result.Expected}\ngot: {result.Got}");
        }
        if (!result.Passed) output.WriteLine($"known failure ({reason}): {result.Got}");
    }

    [Fact]
    public void Known_failures_name_existing_cases()
    {
        var unknown = KnownFailures.Value.Keys.Where(n => !Cases.Value.ContainsKey(n)).ToList();
        unknown.ShouldBeEmpty("known-failures.txt lists notes that are not conformance cases");
    }

    /// <summary>Per-directory pass counts, written to the test output (run with a detailed console logger to see them).</summary>
    [Fact]
    public void Summary()
    {
        var results = Cases.Value.Values.Select(c => ConformanceRunner.Run(c)).ToList();
        var passed = 0;
        foreach (var g in results.GroupBy(r => r.Directory).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var p = g.Count(r => r.Passed);
            passed += p;
            output.WriteLine($"{g.Key,-40} {p,4} / {g.Count(),4}");
        }
        output.WriteLine($"{"total",-40} {passed,4} / {results.Count,4}");
        // The ratchet above is the real check; this only guards against the runner silently failing everything.
        passed.ShouldBeGreaterThan(results.Count / 2);
    }

    /// <summary>Cases keyed by unique id (the note; repeated notes get " (2)", " (3)", … in file order).</summary>
    private static IReadOnlyDictionary<string, ConformanceCase> ById(IReadOnlyList<ConformanceCase> cases) =>
        ConformanceRunner.Identify(cases).ToDictionary(p => p.Id, p => p.Case, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> LoadKnownFailures()
    {
        var path = Path.Combine(Path.GetDirectoryName(SourceFile())!, "known-failures.txt");
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(path))
        {
            // "<note>  # <reason>"; lines starting with "##" are comments (a note itself may start with "#").
            var line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith("##", StringComparison.Ordinal)) continue;
            var sep = line.LastIndexOf("  # ", StringComparison.Ordinal);
            var note = sep < 0 ? line : line[..sep];
            var reason = sep < 0 ? "" : line[(sep + 4)..].Trim();
            d[note] = reason;
        }
        return d;
    }

    // The list lives next to this source file; tests run from the source tree, so no copy to the output is needed.
    private static string SourceFile([CallerFilePath] string path = "") => path;
}
