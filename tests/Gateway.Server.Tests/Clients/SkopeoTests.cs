using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Clients;

/// <summary>End to end with Debian's skopeo: OCI layouts made here go to the gateway and come back byte-identical.</summary>
[Collection("real clients")]
public sealed class SkopeoTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private string Registry => _gateway.HostPort;

    private static Task<string> SkopeoAsync(params string[] args) => ExternalTool.RunOkAsync("skopeo", args);

    private static JsonElement ReadIndex(string layout)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Single_image_round_trip_keeps_every_digest()
    {
        var image = TestImages.Image("skopeo-single", layers: 3);
        var source = new OciLayout(TempFolder.Create("oci-src"));
        source.AddImage(image, "v1");

        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{source.Path}:v1", $"docker://{Registry}/e2e/single:v1");

        var inspect = await SkopeoAsync("inspect", "--tls-verify=false", "--raw", $"docker://{Registry}/e2e/single:v1");
        RegistryClient.Sha256(RegistryClient.Utf8(inspect)).ShouldBe(image.Digest);
        var tags = await SkopeoAsync("list-tags", "--tls-verify=false", $"docker://{Registry}/e2e/single");
        tags.ShouldContain("\"v1\"");

        var back = TempFolder.Create("oci-back");
        await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Registry}/e2e/single:v1", $"oci:{back}:v1");
        ReadIndex(back).GetProperty("manifests")[0].GetProperty("digest").GetString().ShouldBe(image.Digest);
        foreach (var blob in image.Blobs.Select(b => b.Digest).Append(image.Digest))
        {
            var path = Path.Combine(back, "blobs", "sha256", blob[7..]);
            File.Exists(path).ShouldBeTrue($"{blob} missing after the round trip");
            RegistryClient.Sha256(await File.ReadAllBytesAsync(path)).ShouldBe(blob);
        }
    }

    [Fact]
    public async Task Multi_platform_index_round_trip_with_all()
    {
        var amd = TestImages.Image("amd", "linux", "amd64");
        var arm = TestImages.Image("arm", "linux", "arm64");
        var index = TestImages.Index((amd, "linux", "amd64"), (arm, "linux", "arm64"));
        var source = new OciLayout(TempFolder.Create("oci-multi"));
        source.AddImage(amd, null);
        source.AddImage(arm, null);
        source.AddManifest(index, TestImages.OciIndex, "multi");

        await SkopeoAsync("copy", "--all", "--dest-tls-verify=false", $"oci:{source.Path}:multi", $"docker://{Registry}/e2e/multi:1.0");

        var raw = await SkopeoAsync("inspect", "--tls-verify=false", "--raw", $"docker://{Registry}/e2e/multi:1.0");
        RegistryClient.Sha256(RegistryClient.Utf8(raw)).ShouldBe(RegistryClient.Sha256(index));
        var armRaw = await SkopeoAsync("inspect", "--tls-verify=false", "--raw", $"docker://{Registry}/e2e/multi@{arm.Digest}");
        RegistryClient.Sha256(RegistryClient.Utf8(armRaw)).ShouldBe(arm.Digest);

        var back = TempFolder.Create("oci-multi-back");
        await SkopeoAsync("copy", "--all", "--src-tls-verify=false", $"docker://{Registry}/e2e/multi:1.0", $"oci:{back}:multi");
        ReadIndex(back).GetProperty("manifests")[0].GetProperty("digest").GetString().ShouldBe(RegistryClient.Sha256(index));
        foreach (var digest in new[] { amd.Digest, arm.Digest, amd.Layers[0].Digest, arm.Layers[0].Digest })
            File.Exists(Path.Combine(back, "blobs", "sha256", digest[7..])).ShouldBeTrue();
    }

    [Fact]
    public async Task Artifact_with_subject_pushed_by_skopeo_is_found_through_referrers()
    {
        var image = TestImages.Image("subject");
        var (artifact, empty, payload) = TestImages.Artifact("application/vnd.example.signature.v1", image, "{\"signed\":true}");
        var source = new OciLayout(TempFolder.Create("oci-artifact"));
        source.AddImage(image, "v1");
        source.AddBlob(empty.Content);
        source.AddBlob(payload.Content);
        source.AddManifest(artifact, TestImages.OciManifest, "sig");

        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{source.Path}:v1", $"docker://{Registry}/e2e/app:v1");
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{source.Path}:sig", $"docker://{Registry}/e2e/app:sig");

        var referrers = await _gateway.Client.GetAsync($"/v2/e2e/app/referrers/{image.Digest}");
        referrers.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await referrers.Content.ReadAsStringAsync());
        var entry = doc.RootElement.GetProperty("manifests").EnumerateArray().Single();
        entry.GetProperty("digest").GetString().ShouldBe(RegistryClient.Sha256(artifact));
        entry.GetProperty("artifactType").GetString().ShouldBe("application/vnd.example.signature.v1");

        var back = TempFolder.Create("oci-artifact-back");
        await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Registry}/e2e/app@{RegistryClient.Sha256(artifact)}", $"oci:{back}:sig");
        ReadIndex(back).GetProperty("manifests")[0].GetProperty("digest").GetString().ShouldBe(RegistryClient.Sha256(artifact));
    }

    [Fact]
    public async Task Skopeo_delete_removes_the_manifest()
    {
        var image = TestImages.Image("to-delete");
        var source = new OciLayout(TempFolder.Create("oci-del"));
        source.AddImage(image, "v1");
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{source.Path}:v1", $"docker://{Registry}/e2e/del:v1");
        await SkopeoAsync("delete", "--tls-verify=false", $"docker://{Registry}/e2e/del@{image.Digest}");
        var (code, output) = await ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{Registry}/e2e/del:v1"]);
        code.ShouldNotBe(0);
        output.ShouldContain("manifest unknown", Case.Insensitive);
    }
}

[CollectionDefinition("real clients", DisableParallelization = true)]
public sealed class RealClientsCollection;
