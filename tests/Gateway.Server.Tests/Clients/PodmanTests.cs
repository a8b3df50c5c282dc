using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Clients;

/// <summary>podman (root, vfs storage in a temporary folder) pulls from and pushes to the gateway.</summary>
[Collection("real clients")]
public sealed class PodmanTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private string _storage = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        // podman refuses a runroot longer than 50 characters, so this folder name stays short.
        _storage = Path.Combine("/tmp", $"pd-{Guid.NewGuid():N}"[..11]);
        Directory.CreateDirectory(_storage);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        // vfs layers are plain folders; best-effort cleanup.
        try { Directory.Delete(_storage, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private Task<string> PodmanAsync(params string[] args) => ExternalTool.RunOkAsync("podman",
        ["--root", Path.Combine(_storage, "root"), "--runroot", Path.Combine(_storage, "runroot"), "--storage-driver", "vfs", "--events-backend", "none", .. args]);

    [Fact]
    public async Task Podman_pulls_an_image_and_pushes_it_to_another_repository()
    {
        var image = TestImages.Image("podman-layer", layers: 2);
        var layout = new OciLayout(TempFolder.Create("oci-podman"));
        layout.AddImage(image, "v1");
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout.Path}:v1", $"docker://{_gateway.HostPort}/e2e/podman:v1");

        await PodmanAsync("pull", "--tls-verify=false", $"{_gateway.HostPort}/e2e/podman:v1");
        var id = (await PodmanAsync("image", "inspect", "--format", "{{.Id}}", $"{_gateway.HostPort}/e2e/podman:v1")).Trim();
        ("sha256:" + id).ShouldBe(image.Config.Digest);

        await PodmanAsync("push", "--tls-verify=false", $"{_gateway.HostPort}/e2e/podman:v1", $"{_gateway.HostPort}/e2e/podman-copy:v1");
        var raw = await ExternalTool.RunOkAsync("skopeo", "inspect", "--tls-verify=false", "--raw", $"docker://{_gateway.HostPort}/e2e/podman-copy:v1");
        using var manifest = JsonDocument.Parse(raw);
        manifest.RootElement.GetProperty("config").GetProperty("digest").GetString().ShouldBe(image.Config.Digest);
        manifest.RootElement.GetProperty("layers").GetArrayLength().ShouldBe(2);
    }
}
