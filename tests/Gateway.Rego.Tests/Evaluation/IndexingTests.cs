using System.Text;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>Rule indexing must never change results: only rules that cannot succeed are skipped.</summary>
public sealed class IndexingTests
{
    private static string ManyRules()
    {
        var sb = new StringBuilder("package p\n");
        for (var i = 0; i < 20; i++) sb.Append($"deny contains \"kind{i}\" if input.kind == \"k{i}\"\n");
        // Same ref, matched with "=" and with the constant on the left.
        sb.Append("deny contains \"eq-left\" if \"k3\" = input.kind\n");
        // Not indexable: a different ref, a negation, a with, an else chain.
        sb.Append("deny contains \"other\" if input.other == 1\n");
        sb.Append("deny contains \"neg\" if not input.kind == \"k1\"\n");
        sb.Append("deny contains \"with\" if { input.kind == \"zz\" with input.kind as \"zz\" }\n");
        sb.Append("f := \"a\" if input.kind == \"k5\" else := \"b\"\n");
        sb.Append("deny contains f\n");
        return sb.ToString();
    }

    [Theory]
    [InlineData("""{"kind": "k3"}""", """["b", "eq-left", "kind3", "neg", "with"]""")]
    [InlineData("""{"kind": "k1"}""", """["b", "kind1", "with"]""")]
    [InlineData("""{"kind": "k5", "other": 1}""", """["a", "kind5", "neg", "other", "with"]""")]
    [InlineData("""{"kind": 7}""", """["b", "neg", "with"]""")]
    [InlineData("""{}""", """["b", "neg", "with"]""")]
    public void Indexed_rules_give_the_same_results(string input, string expected)
    {
        var v = Engine(ManyRules()).Prepare("data.p.deny").Evaluate(Json(input)).Value as RegoSet;
        v.ShouldNotBeNull();
        new RegoArray(v.Sorted.ToArray()).ShouldBe(Json(expected));
    }

    [Fact]
    public void Index_follows_with_input()
    {
        var module = ManyRules() + "q := x if x := deny with input as {\"kind\": \"k2\"}\n";
        var v = (RegoSet)Engine(module).Prepare("data.p.q").Evaluate(Json("""{"kind": "k9"}""")).Value!;
        v.Contains(new RegoString("kind2")).ShouldBeTrue();
        v.Contains(new RegoString("kind9")).ShouldBeFalse();
    }
}
