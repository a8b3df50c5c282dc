using Gateway.Rego.Loading;
using Gateway.Rego.Testing;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Admission;

/// <summary>The bundled policies' own *_test.rego tests, as `gateway policy test policies/` runs them: each one is a test here.</summary>
public sealed class BundledPolicyTests
{
    private static readonly Lazy<IReadOnlyList<PolicyTestResult>> Results =
        new(() => PolicyTestRunner.Run(PolicyLoader.Load([TestGateway.RepositoryPolicies])));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var r in Results.Value) data.Add(r.FullName);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Bundled_policy_test_passes(string name)
    {
        var result = Results.Value.Single(r => r.FullName == name);
        result.Passed.ShouldBeTrue(result.Error);
    }

    [Fact]
    public void Every_bundled_policy_has_tests() => Results.Value.Count.ShouldBeGreaterThanOrEqualTo(16);
}
