using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Server.Tests.Identity;

/// <summary>Entra ID: tokens from a local OpenID Connect issuer validated by the real Microsoft.Identity.Web, the ACR exchange, and the attacks it must refuse.</summary>
public sealed class EntraTests : IAsyncLifetime
{
    private LocalOidcIssuer _issuer = null!;
    private TestGateway _gateway = null!;
    private readonly string _userOid = Guid.NewGuid().ToString();

    public async Task InitializeAsync()
    {
        _issuer = await LocalOidcIssuer.StartAsync();
        _gateway = await TestGateway.StartAsync(settings: _issuer.GatewaySettings);
        await IdentityTestClient.AssignAsync(_gateway, _userOid, "Pull", "team-a/*");
        var image = TestImages.Image("entra");
        foreach (var blob in image.Blobs) await _gateway.Client.PushBlobAsync("team-a/app", blob.Content);
        (await _gateway.Client.PutManifestAsync("team-a/app", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        foreach (var blob in image.Blobs) await _gateway.Client.PushBlobAsync("team-b/app", blob.Content);
        (await _gateway.Client.PutManifestAsync("team-b/app", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private async Task<string> ExchangeOkAsync(string entraToken)
    {
        using var response = await IdentityTestClient.ExchangeAsync(_gateway, entraToken, _issuer.TenantId);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
    }

    [Fact]
    public async Task Exchange_then_token_then_pull_within_the_assigned_scope_only()
    {
        var refresh = await ExchangeOkAsync(_issuer.UserToken(_userOid));
        _issuer.Requests.ShouldContain(p => p.EndsWith("/discovery/v2.0/keys", StringComparison.Ordinal)); // the keys really came from the issuer

        // docker login stores the refresh token as the null-GUID user's password.
        var token = await IdentityTestClient.TokenAsync(_gateway, IdentityTestClient.TokenUser, refresh, "repository:team-a/app:pull,push", "repository:team-b/app:pull");
        var access = IdentityTestClient.AccessClaim(token).EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()).ToArray());
        access["team-a/app"].ShouldBe(["pull"]);   // push asked, not granted: the intersection
        access["team-b/app"].ShouldBeEmpty();        // outside the assignment

        using var pull = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-a/app/manifests/v1", token));
        pull.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = await _gateway.Anonymous.SendAsync(IdentityTestClient.WithBearer(HttpMethod.Get, "/v2/team-b/app/manifests/v1", token));
        other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).ShouldContain("DENIED");
    }

    [Fact]
    public async Task Skopeo_logs_in_with_the_exchanged_refresh_token_and_pulls()
    {
        if (!ExternalTool.Exists("skopeo")) throw new InvalidOperationException("skopeo is required (scripts/test.sh installs it)");
        var refresh = await ExchangeOkAsync(_issuer.UserToken(_userOid));
        var (code, output) = await ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", "--creds", $"{IdentityTestClient.TokenUser}:{refresh}", $"docker://{_gateway.HostPort}/team-a/app:v1"]);
        code.ShouldBe(0, output);
        output.ShouldContain("schemaVersion");
        var (deniedCode, deniedOutput) = await ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", "--creds", $"{IdentityTestClient.TokenUser}:{refresh}", $"docker://{_gateway.HostPort}/team-b/app:v1"]);
        deniedCode.ShouldNotBe(0);
        deniedOutput.ShouldContain("denied", Case.Insensitive);
    }

    [Fact]
    public async Task Entra_access_token_works_directly_as_the_null_guid_password()
    {
        var token = await IdentityTestClient.TokenAsync(_gateway, IdentityTestClient.TokenUser, _issuer.UserToken(_userOid), "repository:team-a/app:pull");
        IdentityTestClient.AccessClaim(token)[0].GetProperty("actions")[0].GetString().ShouldBe("pull");
    }

    [Fact]
    public async Task Group_and_service_principal_assignments_apply()
    {
        var group = Guid.NewGuid().ToString();
        await IdentityTestClient.AssignAsync(_gateway, group, "Push", "team-b/*", "group");
        var memberToken = await IdentityTestClient.TokenAsync(_gateway, IdentityTestClient.TokenUser, _issuer.UserToken(Guid.NewGuid().ToString(), [group]), "repository:team-b/app:pull,push");
        IdentityTestClient.AccessClaim(memberToken)[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ShouldBe(["pull", "push"]);

        var appId = Guid.NewGuid().ToString();
        await IdentityTestClient.AssignAsync(_gateway, appId, "Pull", "team-b/app", "service_principal");
        var appToken = await IdentityTestClient.TokenAsync(_gateway, IdentityTestClient.TokenUser, _issuer.AppToken(Guid.NewGuid().ToString(), appId), "repository:team-b/app:pull,push");
        IdentityTestClient.AccessClaim(appToken)[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ShouldBe(["pull"]);
    }

    public static TheoryData<string> Attacks => ["alg none", "HS256 with the public key", "wrong issuer", "wrong audience", "wrong tenant", "expired", "not yet valid", "tampered payload", "unknown signing key"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Forged_or_misdirected_Entra_tokens_are_refused(string attack)
    {
        var valid = _issuer.UserToken(_userOid);
        var forged = attack switch
        {
            "alg none" => Unsigned(valid),
            "HS256 with the public key" => SignHs256(valid, _issuer.PublicKeyBytes),
            "wrong issuer" => _issuer.UserToken(_userOid, tweak: c => c["iss"] = "https://login.microsoftonline.com/" + Guid.NewGuid() + "/v2.0"),
            "wrong audience" => _issuer.UserToken(_userOid, tweak: c => c["aud"] = "api://someone-else"),
            "wrong tenant" => _issuer.UserToken(_userOid, tweak: c => c["tid"] = Guid.NewGuid().ToString()),
            "expired" => _issuer.UserToken(_userOid, tweak: c => { c["nbf"] = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds(); c["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds(); }),
            "not yet valid" => _issuer.UserToken(_userOid, tweak: c => { c["nbf"] = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds(); c["exp"] = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds(); }),
            "tampered payload" => TamperPayload(valid),
            "unknown signing key" => SignRs256(valid, RSA.Create(2048)),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        using var exchange = await IdentityTestClient.ExchangeAsync(_gateway, forged);
        exchange.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, attack);
        using var login = await IdentityTestClient.RequestTokenAsync(_gateway, IdentityTestClient.TokenUser, forged, "repository:team-a/app:pull");
        login.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, attack);
        // The refusal is in the audit log with its reason.
        var audit = await _gateway.Client.GetStringAsync("/gateway/v1/audit?action=login");
        audit.ShouldContain("\"result\":\"failed\"");
    }

    [Fact]
    public async Task Tenant_parameter_must_match_the_token()
    {
        using var response = await IdentityTestClient.ExchangeAsync(_gateway, _issuer.UserToken(_userOid), Guid.NewGuid().ToString());
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static string[] Parts(string jwt) => jwt.Split('.');
    private static string B64(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
    private static string B64(string text) => Base64UrlEncoder.Encode(text);

    private static string Unsigned(string jwt)
    {
        var p = Parts(jwt);
        return $"{B64("""{"alg":"none","typ":"JWT"}""")}.{p[1]}.";
    }

    private static string SignHs256(string jwt, byte[] key)
    {
        var p = Parts(jwt);
        var header = B64("""{"alg":"HS256","typ":"JWT"}""");
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{header}.{p[1]}"));
        return $"{header}.{p[1]}.{B64(signature)}";
    }

    private static string SignRs256(string jwt, RSA key)
    {
        var p = Parts(jwt);
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{p[0]}.{p[1]}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{p[0]}.{p[1]}.{B64(signature)}";
    }

    private string TamperPayload(string jwt)
    {
        var p = Parts(jwt);
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(p[1])).Replace(_userOid, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        return $"{p[0]}.{B64(payload)}.{p[2]}";
    }
}
