using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Admission;

/// <summary>
/// Every bundled policy, switched on and parameterised through data.json only (no Rego edited), deciding real
/// skopeo pushes and pulls both ways: a deny with the policy's message, and an allow.
/// </summary>
[Collection("real clients")]
public sealed class BundledPoliciesThroughSkopeoTests : IAsyncLifetime
{
    private readonly ECDsa _releaseKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        var policies = TempFolder.Create("policies");
        foreach (var file in Directory.EnumerateFiles(TestGateway.RepositoryPolicies, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(policies, Path.GetRelativePath(TestGateway.RepositoryPolicies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var data = JsonNode.Parse(File.ReadAllText(Path.Combine(policies, "data.json")))!;
        var config = data["gateway"]!["config"]!;
        config["required_labels"]!["enabled"] = true;
        config["required_labels"]!["repositories"] = new JsonArray("labelled/**");
        config["base_images"]!["enabled"] = true;
        config["base_images"]!["repositories"] = new JsonArray("based/**");
        config["max_age"]!["enabled"] = true;
        config["max_age"]!["repositories"] = new JsonArray("fresh/**");
        config["max_age"]!["max_days"] = 14;
        config["max_size"]!["repositories"] = new JsonArray("small/**");
        config["max_size"]!["max_bytes"] = 2048;
        File.WriteAllText(Path.Combine(policies, "data.json"), data.ToJsonString());

        var trust = TempFolder.Create("trust-prod");
        File.WriteAllText(Path.Combine(trust, "release.pub"), _releaseKey.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(trust, "trustpolicy.json"), """
            {"version":"1.0","trustPolicies":[{"name":"prod","registryScopes":["prod/**"],"signatureVerification":{"level":"enforce"},"cosignKeys":["release"]}],
             "cosignKeys":{"release":"file:release.pub"}}
            """);
        _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string>
        {
            ["Gateway:Policy:Path"] = policies,
            ["Gateway:Trust:PolicyFile"] = Path.Combine(trust, "trustpolicy.json"),
        });
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private async Task<(int Code, string Output)> PushAsync(TestImage image, string repository, string tag, Action<OciLayout>? extra = null)
    {
        var layout = new OciLayout(TempFolder.Create("oci-bundled"));
        layout.AddImage(image, tag);
        extra?.Invoke(layout);
        return await ExternalTool.RunAsync("skopeo", ["copy", "--dest-tls-verify=false", $"oci:{layout.Path}:{tag}", $"docker://{_gateway.HostPort}/{repository}:{tag}"]);
    }

    private Task<(int ExitCode, string Output)> PullAsync(string repository, string tag) =>
        ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{_gateway.HostPort}/{repository}:{tag}"]);

    private static readonly Dictionary<string, string> SourceAndRevision = new()
    {
        ["org.opencontainers.image.source"] = "https://git.example/app",
        ["org.opencontainers.image.revision"] = "0123abcd",
    };

    [Fact]
    public async Task Required_labels()
    {
        var (code, output) = await PushAsync(TestImages.Image("nolabels", user: "app"), "labelled/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("is missing from the image config", Case.Sensitive, output);
        (await PushAsync(TestImages.Image("labels", user: "app", labels: SourceAndRevision), "labelled/app", "1.0")).Code.ShouldBe(0);
    }

    [Fact]
    public async Task Base_image_allow_list()
    {
        var evil = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "evil.example/miner:latest" };
        var (code, output) = await PushAsync(TestImages.Image("evilbase", user: "app", labels: evil), "based/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("is not on the allow-list");
        var alpine = new Dictionary<string, string> { ["org.opencontainers.image.base.name"] = "docker.io/library/alpine:3.20" };
        (await PushAsync(TestImages.Image("alpinebase", user: "app", labels: alpine), "based/app", "1.0")).Code.ShouldBe(0);
    }

    [Fact]
    public async Task Maximum_image_size()
    {
        var (code, output) = await PushAsync(TestImages.Image("big", user: "app", layers: 3), "small/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("the limit is 2048");
        (await PushAsync(TestImages.Image("big", user: "app", layers: 3), "large/app", "1.0")).Code.ShouldBe(0);
    }

    [Fact]
    public async Task Maximum_age_blocks_pulls_of_old_images()
    {
        // The test images were built on 2026-11-01: older than 14 days by the time these tests run.
        (await PushAsync(TestImages.Image("old", user: "app"), "fresh/app", "1.0")).Code.ShouldBe(0);
        var (code, output) = await PullAsync("fresh/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("images older than 14 days may not be pulled");
        (await PushAsync(TestImages.Image("old", user: "app"), "any/app", "1.0")).Code.ShouldBe(0);
        (await PullAsync("any/app", "1.0")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Prod_needs_a_verified_signature_an_sbom_no_latest_and_no_root()
    {
        (await PushAsync(TestImages.Image("prodroot"), "prod/app", "1.0")).Output.ShouldContain("runs as root");
        (await PushAsync(TestImages.Image("prodlatest", user: "app"), "prod/app", "latest")).Output.ShouldContain("the tag 'latest' is not allowed");

        var image = TestImages.Image("prodgood", user: "app");
        (await PushAsync(image, "prod/app", "1.0")).Code.ShouldBe(0);
        // Signed (content trust releases it) but no SBOM: Rego still refuses the pull.
        var signature = new OciLayout(TempFolder.Create("oci-prod-sig"));
        TestCosign.AddSignature(signature, _releaseKey, $"{_gateway.HostPort}/prod/app", image.Digest);
        var sigTag = TestCosign.SignatureTag(image.Digest);
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{signature.Path}:{sigTag}", $"docker://{_gateway.HostPort}/prod/app:{sigTag}");
        var (code, output) = await PullAsync("prod/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("no SBOM is attached");

        // Attach an SPDX SBOM as a referrer: now every prod policy allows the pull.
        var (sbom, empty, payload) = TestImages.Artifact("application/spdx+json", image, """{"spdxVersion":"SPDX-2.3"}""");
        await _gateway.Client.PushBlobAsync("prod/app", empty.Content);
        await _gateway.Client.PushBlobAsync("prod/app", payload.Content);
        (await _gateway.Client.PutManifestAsync("prod/app", RegistryClient.Sha256(sbom), sbom, TestImages.OciManifest)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var (ok, okOutput) = await PullAsync("prod/app", "1.0");
        ok.ShouldBe(0, okOutput);
    }
}
