using Gateway.Rego.Loading;
using Gateway.Rego.Testing;

namespace Gateway.Rego.Tests.Testing;

public sealed class PolicyTestRunnerTests
{
    private static string Folder(params (string Name, string Text)[] files)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    [Fact]
    public void Runs_every_test_rule_and_reports_each_outcome()
    {
        var dir = Folder(
            ("policy.rego", "package p\nlimit := data.config.limit\ndeny contains \"big\" if input.size > limit\n"),
            ("config.json", "{\"config\": {\"limit\": 10}}"),
            ("policy_test.rego", """
                package p
                test_small_is_allowed if count(deny) == 0 with input as {"size": 1}
                test_big_is_denied if deny == {"big"} with input as {"size": 11}
                test_wrong_expectation if count(deny) == 2 with input as {"size": 11}
                test_error if 1 / 0 == 1
                not_a_test := true
                """));
        var results = PolicyTestRunner.Run(PolicyLoader.Load([dir])).ToDictionary(r => r.Name);
        results.Keys.Order().ShouldBe(["test_big_is_denied", "test_error", "test_small_is_allowed", "test_wrong_expectation"]);
        results["test_small_is_allowed"].Passed.ShouldBeTrue();
        results["test_big_is_denied"].Passed.ShouldBeTrue();
        results["test_wrong_expectation"].Passed.ShouldBeFalse();
        results["test_wrong_expectation"].Error!.ShouldContain("undefined");
        results["test_error"].Passed.ShouldBeFalse();
        results["test_big_is_denied"].Package.ShouldBe("data.p");
    }

    [Fact]
    public void Conflicting_data_documents_are_an_error_naming_the_file()
    {
        var dir = Folder(("a.json", "{\"x\": 1}"), ("b.json", "{\"x\": 2}"));
        Should.Throw<RegoException>(() => PolicyLoader.Load([dir])).Message.ShouldContain("b.json");
    }

    [Fact]
    public void A_module_that_does_not_parse_is_a_parse_error_with_its_location()
    {
        var dir = Folder(("bad.rego", "package p\np if {\n"));
        var e = Should.Throw<RegoException>(() => PolicyLoader.Load([dir]));
        e.Code.ShouldBe("rego_parse_error");
        e.Location.File.ShouldEndWith("bad.rego");
    }
}
