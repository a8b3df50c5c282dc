using System.Net;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Identity;

/// <summary>
/// Every built-in role × every OCI endpoint × a repository inside and outside the assignment's scope, each cell a real
/// request by an Entra user holding only that role. The expected table is written out by hand from the role
/// definitions in the README (not computed from the code under test).
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private LocalOidcIssuer _issuer = null!;
    private TestGateway _gateway = null!;
    private TestImage _image = null!;

    // Endpoints in the order they run: reads first, then writes, deletes last (they remove what reads need).
    private static readonly string[] Endpoints = ["catalog", "tags", "referrers", "manifest-get", "manifest-head", "blob-get", "upload", "manifest-put", "blob-delete", "manifest-delete"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Reader"] = ["catalog", "tags", "referrers"],
        ["Pull"] = ["catalog", "tags", "referrers", "manifest-get", "manifest-head", "blob-get"],
        ["Push"] = ["catalog", "tags", "referrers", "manifest-get", "manifest-head", "blob-get", "upload", "manifest-put"],
        ["Delete"] = ["catalog", "tags", "referrers", "blob-delete", "manifest-delete"],
        ["ImageSigner"] = ["catalog", "tags", "referrers", "manifest-get", "manifest-head", "blob-get"],
        ["Auditor"] = [],
        ["Owner"] = Endpoints,
    };

    public async Task InitializeAsync()
    {
        _issuer = await LocalOidcIssuer.StartAsync();
        _gateway = await TestGateway.StartAsync(settings: _issuer.GatewaySettings);
        _image = TestImages.Image("matrix");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    public static TheoryData<string> Roles => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Role_allows_exactly_its_actions_inside_its_scope_and_nothing_outside(string role)
    {
        var inside = $"scope-{role.ToLowerInvariant()}/app";
        var outside = $"elsewhere-{role.ToLowerInvariant()}/app";
        foreach (var repo in new[] { inside, outside })
        {
            foreach (var blob in _image.Blobs) await _gateway.Client.PushBlobAsync(repo, blob.Content);
            (await _gateway.Client.PutManifestAsync(repo, "v1", _image.Manifest, _image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        var oid = Guid.NewGuid().ToString();
        await IdentityTestClient.AssignAsync(_gateway, oid, role, $"scope-{role.ToLowerInvariant()}/*");
        using var client = _gateway.ClientFor(IdentityTestClient.TokenUser, _issuer.UserToken(oid));

        var cells = new List<string>();
        foreach (var (repo, inScope) in new[] { (outside, false), (inside, true) })
        {
            foreach (var endpoint in Endpoints)
            {
                var expected = inScope && Allowed[role].Contains(endpoint);
                var (allowed, status) = await CallAsync(client, endpoint, repo);
                if (allowed != expected) cells.Add($"{role} {endpoint} on {(inScope ? "in-scope" : "out-of-scope")} repository: expected {(expected ? "allowed" : "denied")}, got {status}");
            }
        }
        cells.ShouldBeEmpty();
    }

    /// <summary>Makes the request; allowed means neither 401 nor 403 (and, for the catalog, the repository is listed).</summary>
    private async Task<(bool Allowed, string Status)> CallAsync(HttpClient client, string endpoint, string repo)
    {
        var blob = _image.Blobs.First().Digest;
        HttpResponseMessage response = endpoint switch
        {
            "catalog" => await client.GetAsync("/v2/_catalog"),
            "tags" => await client.GetAsync($"/v2/{repo}/tags/list"),
            "referrers" => await client.GetAsync($"/v2/{repo}/referrers/{_image.Digest}"),
            "manifest-get" => await client.GetAsync($"/v2/{repo}/manifests/v1"),
            "manifest-head" => await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{repo}/manifests/v1")),
            "blob-get" => await client.GetAsync($"/v2/{repo}/blobs/{blob}"),
            "upload" => await client.PostAsync($"/v2/{repo}/blobs/uploads/", null),
            "manifest-put" => await client.PutManifestAsync(repo, "v2", _image.Manifest, _image.MediaType),
            "blob-delete" => await client.DeleteAsync($"/v2/{repo}/blobs/{blob}"),
            "manifest-delete" => await client.DeleteAsync($"/v2/{repo}/manifests/{_image.Digest}"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
        };
        using (response)
        {
            var status = (int)response.StatusCode;
            if (endpoint == "catalog")
            {
                var listed = response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains($"\"{repo}\"", StringComparison.Ordinal);
                return (listed, listed ? "listed" : $"not listed ({status})");
            }
            if (status is 401 or 403) return (false, status.ToString());
            response.IsSuccessStatusCode.ShouldBeTrue($"{endpoint} on {repo} answered {status}: {await response.Content.ReadAsStringAsync()}");
            return (true, status.ToString());
        }
    }
}
