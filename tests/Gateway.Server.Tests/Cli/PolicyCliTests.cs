using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Cli;

/// <summary>The `gateway policy` commands as a user runs them: real process, exit codes, printed output.</summary>
public sealed class PolicyCliTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    private static string Folder(params (string Name, string Text)[] files)
    {
        var dir = TempFolder.Create("policy-cli");
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        return dir;
    }

    [Fact]
    public async Task Eval_prints_results_as_json()
    {
        var dir = Folder(("p.rego", "package demo\ndeny contains msg if { input.x > 1; msg := sprintf(\"x is %v\", [input.x]) }\n"), ("in.json", "{\"x\": 3}"));
        var input = Path.Combine(dir, "input.txt");
        File.Move(Path.Combine(dir, "in.json"), input);
        var output = await ExternalTool.RunOkAsync("dotnet", Cli, "policy", "eval", "-d", Path.Combine(dir, "p.rego"), "-i", input, "data.demo.deny");
        output.ShouldContain("\"x is 3\"");
    }

    [Fact]
    public async Task Test_exits_1_and_names_the_failing_test()
    {
        var dir = Folder(
            ("p.rego", "package demo\nallow if input.ok\n"),
            ("p_test.rego", "package demo\ntest_ok if allow with input as {\"ok\": true}\ntest_fails if allow with input as {\"ok\": false}\n"));
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "policy", "test", dir]);
        code.ShouldBe(1, output);
        output.ShouldContain("FAIL data.demo.test_fails");
        output.ShouldContain("PASS: 1/2, FAIL: 1");

        File.WriteAllText(Path.Combine(dir, "p_test.rego"), "package demo\ntest_ok if allow with input as {\"ok\": true}\n");
        (await ExternalTool.RunOkAsync("dotnet", Cli, "policy", "test", dir)).ShouldContain("PASS: 1/1");
    }

    [Fact]
    public async Task Conformance_reports_counts_and_fails_unless_report_only()
    {
        var dir = Folder(("cases.yaml", """
            cases:
              - note: "demo/passes"
                query: "x := 1 + 1"
                want_result:
                  - x: 2
              - note: "demo/fails"
                query: "x := 1 + 1"
                want_result:
                  - x: 3
            """));
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "policy", "conformance", dir]);
        code.ShouldBe(1, output);
        output.ShouldContain("FAIL demo/fails");
        output.ShouldContain("1 passed, 1 failed");
        (await ExternalTool.RunAsync("dotnet", [Cli, "policy", "conformance", dir, "--report-only"])).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Conformance_runs_rule_bodies_compiled_on_request()
    {
        var dir = Folder(("cases.yaml", """
            cases:
              - note: "demo/compiled"
                modules:
                  - |
                    package p
                    import rego.v1
                    big contains x if {
                      some x in input.xs
                      x > 2
                    }
                query: "data.p.big = y"
                input: {"xs": [1, 3, 5]}
                want_result:
                  - y: [3, 5]
            """));
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "policy", "conformance", dir, "--compiled"]);
        code.ShouldBe(0, output);
        output.ShouldContain("1 passed, 0 failed");
    }

    [Fact]
    public async Task Explain_with_input_from_a_running_gateway_names_the_policies_that_fired()
    {
        await using var gateway = await TestGateway.StartAsync();
        var image = TestImages.Image("explain", user: "app");
        foreach (var blob in image.Blobs) await gateway.Client.PushBlobAsync("prod/explained", blob.Content);
        (await gateway.Client.PutManifestAsync("prod/explained", "2.0", image.Manifest, image.MediaType)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);

        var reference = $"{gateway.HostPort}/prod/explained:2.0";
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "policy", "explain", "-d", TestGateway.RepositoryPolicies, "--input-from", reference]);
        code.ShouldBe(1, output);
        output.ShouldContain("DENY  require_signature");
        output.ShouldContain("DENY  sbom");
        output.ShouldContain("pass  no_root");
        output.ShouldContain("decision: denied (2 message(s))");

        var eval = await ExternalTool.RunOkAsync("dotnet", Cli, "policy", "eval", "-d", TestGateway.RepositoryPolicies, "--input-from", reference, "--action", "push", "data.gateway.admission.deny");
        eval.ShouldContain("\"value\": []");
    }
}
