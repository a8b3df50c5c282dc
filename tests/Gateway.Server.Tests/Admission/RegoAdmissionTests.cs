using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Admission;

/// <summary>The bundled Rego policies deciding real pushes and pulls, as skopeo sees them.</summary>
[Collection("real clients")]
public sealed class RegoAdmissionTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<(int Code, string Output)> PushAsync(TestImage image, string repository, string tag)
    {
        var layout = new OciLayout(TempFolder.Create("oci-adm"));
        layout.AddImage(image, tag);
        return await ExternalTool.RunAsync("skopeo", ["copy", "--dest-tls-verify=false", $"oci:{layout.Path}:{tag}", $"docker://{_gateway.HostPort}/{repository}:{tag}"]);
    }

    [Fact]
    public async Task Latest_tag_in_prod_is_refused_and_skopeo_prints_the_policy_message()
    {
        var (code, output) = await PushAsync(TestImages.Image("latest", user: "app"), "prod/web", "latest");
        code.ShouldNotBe(0);
        output.ShouldContain("the tag 'latest' is not allowed");
        await (await _gateway.Client.GetAsync("/v2/prod/web/manifests/latest")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Root_images_are_refused_in_prod_and_allowed_elsewhere()
    {
        var (code, output) = await PushAsync(TestImages.Image("root"), "prod/api", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("runs as root");
        (await PushAsync(TestImages.Image("root"), "dev/api", "1.0")).Code.ShouldBe(0);
    }

    [Fact]
    public async Task Unsigned_prod_image_without_sbom_can_be_pushed_but_not_pulled()
    {
        var image = TestImages.Image("unsigned", user: "app");
        var (code, output) = await PushAsync(image, "prod/svc", "1.0");
        code.ShouldBe(0, output);
        var (pullCode, pullOutput) = await ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{_gateway.HostPort}/prod/svc:1.0"]);
        pullCode.ShouldNotBe(0);
        pullOutput.ShouldContain("require a verified signature");

        var response = await _gateway.Client.GetAsync("/v2/prod/svc/manifests/1.0");
        await response.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        var (_, message) = await response.ReadErrorAsync();
        message.ShouldContain("no SBOM is attached");
        message.ShouldContain(image.Digest);
    }

    [Fact]
    public async Task Policy_status_and_the_real_input_document_are_served()
    {
        var image = TestImages.Image("input", user: "app", labels: new Dictionary<string, string> { ["org.opencontainers.image.source"] = "https://example.com/src" });
        (await PushAsync(image, "team/input", "v1")).Code.ShouldBe(0);

        using var status = JsonDocument.Parse(await _gateway.Client.GetStringAsync("/gateway/v1/policies"));
        status.RootElement.GetProperty("status").GetProperty("version").GetInt32().ShouldBeGreaterThan(0);
        status.RootElement.GetProperty("status").GetProperty("files").EnumerateArray().Select(f => f.GetString()).ShouldContain("data.json");

        using var input = JsonDocument.Parse(await _gateway.Client.GetStringAsync("/gateway/v1/admission/input?repository=team/input&reference=v1&action=pull"));
        var root = input.RootElement;
        root.GetProperty("action").GetString().ShouldBe("pull");
        root.GetProperty("digest").GetString().ShouldBe(image.Digest);
        root.GetProperty("image").GetProperty("config").GetProperty("user").GetString().ShouldBe("app");
        root.GetProperty("image").GetProperty("config").GetProperty("labels").GetProperty("org.opencontainers.image.source").GetString().ShouldBe("https://example.com/src");
        root.GetProperty("image").GetProperty("layer_count").GetInt32().ShouldBe(1);
        root.GetProperty("signatures").GetProperty("verified").GetBoolean().ShouldBeFalse();
        root.GetProperty("request").GetProperty("user_agent").GetString().ShouldNotBeNull();
    }
}
