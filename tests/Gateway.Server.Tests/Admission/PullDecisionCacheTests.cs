using System.Net;
using Gateway.Server.Tests.Identity;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Admission;

/// <summary>
/// Pull decisions are reused for a short while, but only for a caller the policy would judge the same way:
/// a policy that looks at who pulls, from where, must not see another caller's cached answer.
/// </summary>
public sealed class PullDecisionCacheTests : IAsyncLifetime
{
    private readonly string _policies = TempFolder.Create("policies");
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_policies, "admission.rego"), """
            package gateway.admission
            import rego.v1
            deny contains "quarantined readers may not pull" if {
                input.action == "pull"
                startswith(input.principal.name, "quarantined")
            }
            deny contains "this client is refused" if {
                input.action == "pull"
                input.request.user_agent == "blocked-agent"
            }
            """);
        _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Policy:Path"] = _policies });
        var image = TestImages.Image("app/api");
        foreach (var blob in image.Blobs) await _gateway.Client.PushBlobAsync("app/api", blob.Content);
        (await _gateway.Client.PutManifestAsync("app/api", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static async Task<HttpResponseMessage> PullManifestAsync(HttpClient client, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/app/api/manifests/v1");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_caller_with_the_same_roles_does_not_inherit_another_callers_decision()
    {
        // Two tokens with identical scope maps: the same permissions, different names.
        var readerPassword = await IdentityTestClient.CreateTokenAsync(_gateway, "reader", ("app/*", ["content/read", "metadata/read"]));
        var quarantinedPassword = await IdentityTestClient.CreateTokenAsync(_gateway, "quarantined-reader", ("app/*", ["content/read", "metadata/read"]));
        using var reader = _gateway.ClientFor("reader", readerPassword);
        using var quarantined = _gateway.ClientFor("quarantined-reader", quarantinedPassword);

        (await PullManifestAsync(reader)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await PullManifestAsync(quarantined);
        await refused.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await refused.ReadErrorAsync()).Message.ShouldContain("quarantined readers may not pull");
        // And the allowed reader's answer is still its own.
        (await PullManifestAsync(reader)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_same_caller_from_a_refused_client_is_judged_again()
    {
        (await PullManifestAsync(_gateway.Client, "skopeo/1.13")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await PullManifestAsync(_gateway.Client, "blocked-agent");
        await refused.ShouldFailWithAsync(HttpStatusCode.Forbidden, "DENIED");
        (await refused.ReadErrorAsync()).Message.ShouldContain("this client is refused");
    }
}
