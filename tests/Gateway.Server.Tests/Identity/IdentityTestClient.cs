using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Identity;

/// <summary>The requests a client makes to log in: the token endpoint, the Entra exchange, and the management API as the owner.</summary>
internal static class IdentityTestClient
{
    public const string TokenUser = "00000000-0000-0000-0000-000000000000";

    /// <summary>GET /oauth2/token with Basic credentials, as docker and podman do.</summary>
    public static async Task<HttpResponseMessage> RequestTokenAsync(TestGateway gateway, string user, string password, params string[] scopes)
    {
        var query = string.Join('&', scopes.Select(s => "scope=" + Uri.EscapeDataString(s)).Prepend($"service={Uri.EscapeDataString(gateway.HostPort)}"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/oauth2/token?{query}");
        request.Headers.Authorization = TestGateway.BasicAuthentication(user, password);
        return await gateway.Anonymous.SendAsync(request);
    }

    public static async Task<string> TokenAsync(TestGateway gateway, string user, string password, params string[] scopes)
    {
        using var response = await RequestTokenAsync(gateway, user, password, scopes);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>The access claim of a registry token (decoded without verification: what the client would see).</summary>
    public static JsonElement AccessClaim(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("access");
    }

    public static HttpRequestMessage WithBearer(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public static async Task<HttpResponseMessage> ExchangeAsync(TestGateway gateway, string entraToken, string? tenant = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "access_token", ["service"] = gateway.HostPort, ["access_token"] = entraToken };
        if (tenant is not null) form["tenant"] = tenant;
        return await gateway.Anonymous.PostAsync("/oauth2/exchange", new FormUrlEncodedContent(form));
    }

    /// <summary>Creates a scope map and a token through the management API (as the bootstrap owner); returns password1.</summary>
    public static async Task<string> CreateTokenAsync(TestGateway gateway, string name, params (string Repository, string[] Actions)[] entries)
    {
        var map = name + "-map";
        using (var put = await gateway.Client.PutAsJsonAsync($"/gateway/v1/scope-maps/{map}", new { entries = entries.Select(e => new { repository = e.Repository, actions = e.Actions }) }))
            put.IsSuccessStatusCode.ShouldBeTrue(await put.Content.ReadAsStringAsync());
        using var created = await gateway.Client.PostAsJsonAsync("/gateway/v1/tokens", new { name, scopeMap = map });
        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("passwords").GetProperty("password1").GetString()!;
    }

    public static async Task AssignAsync(TestGateway gateway, string principalId, string role, string scope, string type = "user")
    {
        using var response = await gateway.Client.PostAsJsonAsync("/gateway/v1/role-assignments", new { principalId, principalType = type, role, scope });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
