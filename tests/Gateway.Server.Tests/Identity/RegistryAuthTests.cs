using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Identity;

/// <summary>Docker token authentication with registry-local credentials: the challenge, the token endpoint, scoped tokens, the admin user, throttling.</summary>
public sealed class RegistryAuthTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private TestImage _image = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Identity:MaxFailedLogins"] = "5" });
        _image = TestImages.Image("auth");
        foreach (var repo in new[] { "team-a/app", "team-b/app" })
        {
            foreach (var blob in _image.Blobs) await _gateway.Client.PushBlobAsync(repo, blob.Content);
            (await _gateway.Client.PutManifestAsync(repo, "v1", _image.Manifest, _image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Theory]
    [InlineData("GET", "/v2/", null)]
    [InlineData("GET", "/v2/_catalog", "registry:catalog:*")]
    [InlineData("GET", "/v2/team-a/app/tags/list", "repository:team-a/app:pull")]
    [InlineData("GET", "/v2/team-a/app/manifests/v1", "repository:team-a/app:pull")]
    [InlineData("HEAD", "/v2/team-a/app/manifests/v1", "repository:team-a/app:pull")]
    [InlineData("PUT", "/v2/team-a/app/manifests/v2", "repository:team-a/app:pull,push")]
    [InlineData("POST", "/v2/team-a/app/blobs/uploads/", "repository:team-a/app:pull,push")]
    [InlineData("DELETE", "/v2/team-a/app/manifests/v1", "repository:team-a/app:delete")]
    [InlineData("GET", "/v2/no/such/route/x", null)]
    public async Task Anonymous_requests_get_the_bearer_challenge_and_change_nothing(string method, string path, string? scope)
    {
        using var response = await _gateway.Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "PUT" or "POST" ? new ByteArrayContent([1, 2, 3]) : null });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.ShouldStartWith($"Bearer realm=\"http://{_gateway.HostPort}/oauth2/token\",service=\"{_gateway.HostPort}\"");
        if (scope is null) challenge.ShouldNotContain("scope=");
        else challenge.ShouldContain($"scope=\"{scope}\"");
        if (method != "HEAD") (await response.Content.ReadAsStringAsync()).ShouldContain("\"UNAUTHORIZED\"");
        // Nothing changed: the manifest is still there for the owner.
        (await _gateway.Client.GetAsync("/v2/team-a/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Owner_token_flow_get_and_post_then_bearer_requests()
    {
        var token = await IdentityTestClient.TokenAsync(_gateway, TestGateway.AdminUser, TestGateway.AdminPassword, "repository:team-a/app:pull,push");
        using (var ok = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", token)))
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        // A token for team-a/app used on team-b/app: the client is told to get a token for that scope.
        using (var other = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-b/app/manifests/v1", token)))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            other.Headers.WwwAuthenticate.ToString().ShouldContain("scope=\"repository:team-b/app:pull\"");
            other.Headers.WwwAuthenticate.ToString().ShouldContain("insufficient_scope");
        }

        // POST form (docker login, podman): password grant with a refresh token, then the refresh grant.
        using var post = await _gateway.Anonymous.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = TestGateway.AdminUser, ["password"] = TestGateway.AdminPassword,
            ["service"] = _gateway.HostPort, ["scope"] = "repository:team-b/app:pull", ["access_type"] = "offline", ["client_id"] = "tests",
        }));
        var body = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
        post.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("expires_in").GetInt32().ShouldBeGreaterThan(0);
        var refresh = body.GetProperty("refresh_token").GetString()!;
        using var refreshed = await _gateway.Anonymous.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refresh, ["service"] = _gateway.HostPort, ["scope"] = "repository:team-b/app:pull",
        }));
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        using var pull = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-b/app/manifests/v1", second));
        pull.StatusCode.ShouldBe(HttpStatusCode.OK);
        // A refresh token is not an access token, and an access token is not a refresh token.
        using var wrongUse = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-b/app/manifests/v1", refresh));
        wrongUse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tampered_or_foreign_registry_tokens_are_refused()
    {
        var token = await IdentityTestClient.TokenAsync(_gateway, TestGateway.AdminUser, TestGateway.AdminPassword, "repository:team-a/app:pull");
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("team-a/app", "team-b/app", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        using var response = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-b/app/manifests/v1", tampered));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var none = $"{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
        using var unsigned = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", none));
        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // A token another gateway issued (another key) for the same names.
        await using var other = await TestGateway.StartAsync();
        var foreign = await IdentityTestClient.TokenAsync(other, TestGateway.AdminUser, TestGateway.AdminPassword, "repository:team-a/app:pull");
        using var foreignResponse = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", foreign));
        foreignResponse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Scoped_token_gets_its_scope_map_and_nothing_more_and_dies_when_deleted()
    {
        var password = await IdentityTestClient.CreateTokenAsync(_gateway, "ci-reader", ("team-a/*", ["content/read"]));
        var token = await IdentityTestClient.TokenAsync(_gateway, "ci-reader", password, "repository:team-a/app:pull,push,delete", "repository:team-b/app:pull");
        var access = IdentityTestClient.AccessClaim(token).EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()).ToArray());
        access["team-a/app"].ShouldBe(["pull"]);   // escalation asked, refused
        access["team-b/app"].ShouldBeEmpty();

        using var reader = _gateway.ClientFor("ci-reader", password);
        (await reader.GetAsync("/v2/team-a/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var denied = await reader.GetAsync("/v2/team-b/app/manifests/v1"))
        {
            denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await denied.Content.ReadAsStringAsync()).ShouldContain("DENIED");
        }
        (await reader.PutManifestAsync("team-a/app", "v9", _image.Manifest, _image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _gateway.Client.GetAsync("/v2/team-a/app/manifests/v9")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // nothing half-written
        var catalog = await reader.GetStringAsync("/v2/_catalog");
        catalog.ShouldContain("team-a/app");
        catalog.ShouldNotContain("team-b/app");

        // Disable: the Basic credential and the already-issued bearer token both stop at once.
        (await _gateway.Client.PatchAsJsonAsync("/gateway/v1/tokens/ci-reader", new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/v2/team-a/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", token))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.Client.PatchAsJsonAsync("/gateway/v1/tokens/ci-reader", new { enabled = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.GetAsync("/v2/team-a/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _gateway.Client.DeleteAsync("/gateway/v1/tokens/ci-reader")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await reader.GetAsync("/v2/team-a/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", token))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Admin_user_is_off_by_default_and_stops_when_disabled()
    {
        using var offLogin = await IdentityTestClient.RequestTokenAsync(_gateway, "registry-admin", "anything", "repository:team-a/app:pull");
        offLogin.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var enable = await _gateway.Client.PutAsJsonAsync("/gateway/v1/admin-user", new { enabled = true });
        var passwords = JsonDocument.Parse(await enable.Content.ReadAsStringAsync()).RootElement.GetProperty("passwords");
        var password2 = passwords.GetProperty("password2").GetString()!;
        using var admin = _gateway.ClientFor("registry-admin", password2);
        (await admin.GetAsync("/v2/team-b/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The admin user moves content; it does not manage the gateway.
        (await admin.GetAsync("/gateway/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Regenerating password2 retires the old one at once.
        using var regen = await _gateway.Client.PostAsync("/gateway/v1/admin-user/passwords/password2", null);
        var fresh = JsonDocument.Parse(await regen.Content.ReadAsStringAsync()).RootElement.GetProperty("value").GetString()!;
        (await IdentityTestClient.RequestTokenAsync(_gateway, "registry-admin", password2, "repository:team-a/app:pull")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await IdentityTestClient.RequestTokenAsync(_gateway, "registry-admin", fresh, "repository:team-a/app:pull")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _gateway.Client.PutAsJsonAsync("/gateway/v1/admin-user", new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetAsync("/v2/team-b/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Failed_logins_are_throttled_per_account_with_retry_after_and_audited()
    {
        for (var i = 0; i < 5; i++)
            (await IdentityTestClient.RequestTokenAsync(_gateway, "mallory-account", "guess-" + i)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var throttled = await IdentityTestClient.RequestTokenAsync(_gateway, "mallory-account", "guess-5");
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        var audit = await _gateway.Client.GetStringAsync("/gateway/v1/audit?action=login&actor=mallory-account");
        var events = audit.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "record").Select(e => e.GetProperty("event")).ToList();
        events.Count.ShouldBe(6);
        events[0].GetProperty("reason").GetString()!.ShouldContain("unknown user 'mallory-account'");
        events[0].GetProperty("callerAddress").GetString().ShouldBe("127.0.0.1");
        events[5].GetProperty("reason").GetString()!.ShouldContain("too many failed logins");
    }

    [Fact]
    public async Task Management_api_is_owner_only()
    {
        (await _gateway.Anonymous.GetAsync("/gateway/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.Anonymous.GetAsync("/gateway/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _gateway.Anonymous.GetAsync("/gateway/v1/policies")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var password = await IdentityTestClient.CreateTokenAsync(_gateway, "ci-admin", ("*", ["content/read", "content/write", "content/delete", "metadata/read", "metadata/write"]));
        using var token = _gateway.ClientFor("ci-admin", password);
        (await token.GetAsync("/gateway/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await token.GetAsync("/gateway/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _gateway.Client.GetAsync("/gateway/v1/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Bad input is refused with a reason and changes nothing.
        using var bad = await _gateway.Client.PostAsJsonAsync("/gateway/v1/role-assignments", new { principalId = "x", principalType = "user", role = "Superuser", scope = "*" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("unknown role 'Superuser'");
        (await _gateway.Client.GetStringAsync("/gateway/v1/role-assignments")).ShouldBe("[]");
    }
}
