using Gateway.Rego.Conformance;

namespace Gateway.Rego.Tests.Builtins.GraphQl;

/// <summary>The graphql conformance cases end to end: compiled and evaluated by the engine, as OPA's runner does.</summary>
public sealed class GraphQlEngineConformanceTests
{
    [Fact]
    public void EveryGraphQlCasePasses()
    {
        var dir = Path.Combine(ConformanceCaseLoader.FindDirectory(), "graphql");
        var results = ConformanceRunner.RunDirectory(dir);
        results.Count.ShouldBe(144);
        var failures = results.Where(r => !r.Passed).Select(r => $"{r.Note}: expected {r.Expected}, got {r.Got}").ToList();
        failures.ShouldBeEmpty();
    }
}
