using Gateway.Server.Tests.Identity;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Clients;

/// <summary>skopeo and podman log in the way users do (podman login, --creds) with the bootstrap owner and a scoped token, and are refused outside the token's scope.</summary>
[Collection("real clients")]
public sealed class LoginClientTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private OciLayout _layout = null!;
    private string _authFile = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _layout = new OciLayout(TempFolder.Create("oci-login"));
        _layout.AddImage(TestImages.Image("login-clients"), "v1");
        // A fresh, empty auth file: these tests log in themselves.
        _authFile = Path.Combine(TempFolder.Create("auth"), "auth.json");
        await File.WriteAllTextAsync(_authFile, """{"auths":{}}""");
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args) =>
        ExternalTool.RunAsync(tool, args, environment: new Dictionary<string, string> { ["REGISTRY_AUTH_FILE"] = _authFile });

    [Fact]
    public async Task Podman_login_as_the_bootstrap_owner_then_skopeo_pushes_and_pulls()
    {
        var (anonymous, anonymousOutput) = await RunAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{_layout.Path}:v1", $"docker://{_gateway.HostPort}/login/app:v1");
        anonymous.ShouldNotBe(0);
        anonymousOutput.ShouldContain("credentials required", Case.Insensitive, anonymousOutput);

        var (login, loginOutput) = await RunAsync("podman", "login", "--tls-verify=false", "-u", TestGateway.AdminUser, "-p", TestGateway.AdminPassword, _gateway.HostPort);
        login.ShouldBe(0, loginOutput);
        loginOutput.ShouldContain("Login Succeeded");
        var (wrong, wrongOutput) = await RunAsync("podman", "login", "--tls-verify=false", "-u", TestGateway.AdminUser, "-p", "not-the-password", _gateway.HostPort);
        wrong.ShouldNotBe(0, wrongOutput);

        var (push, pushOutput) = await RunAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{_layout.Path}:v1", $"docker://{_gateway.HostPort}/login/app:v1");
        push.ShouldBe(0, pushOutput);
        var (pull, pullOutput) = await RunAsync("skopeo", "inspect", "--tls-verify=false", $"docker://{_gateway.HostPort}/login/app:v1");
        pull.ShouldBe(0, pullOutput);
    }

    [Fact]
    public async Task Skopeo_with_a_scoped_token_pushes_inside_its_scope_and_is_denied_outside()
    {
        var password = await IdentityTestClient.CreateTokenAsync(_gateway, "ci-pusher", ("team-a/*", ["content/read", "content/write"]));
        var creds = $"ci-pusher:{password}";
        var (inside, insideOutput) = await RunAsync("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds, $"oci:{_layout.Path}:v1", $"docker://{_gateway.HostPort}/team-a/app:v1");
        inside.ShouldBe(0, insideOutput);
        var (read, readOutput) = await RunAsync("skopeo", "inspect", "--tls-verify=false", "--raw", "--creds", creds, $"docker://{_gateway.HostPort}/team-a/app:v1");
        read.ShouldBe(0, readOutput);

        var (outside, outsideOutput) = await RunAsync("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds, $"oci:{_layout.Path}:v1", $"docker://{_gateway.HostPort}/team-b/app:v1");
        outside.ShouldNotBe(0);
        // skopeo checks for the blob first (HEAD, no body), so it prints the status: 403 Forbidden.
        outsideOutput.ShouldMatch("(?is).*(denied|403 \\(Forbidden\\)).*", outsideOutput);
        (await _gateway.Client.GetAsync("/v2/team-b/app/manifests/v1")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        // podman with the same token: pull inside works.
        var storage = Path.Combine("/tmp", $"pl-{Guid.NewGuid():N}"[..11]);
        try
        {
            var (podmanPull, podmanOutput) = await RunAsync("podman", "--root", Path.Combine(storage, "root"), "--runroot", Path.Combine(storage, "run"), "--storage-driver", "vfs", "--events-backend", "none",
                "pull", "--tls-verify=false", "--creds", creds, $"{_gateway.HostPort}/team-a/app:v1");
            podmanPull.ShouldBe(0, podmanOutput);
        }
        finally
        {
            try { Directory.Delete(storage, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
