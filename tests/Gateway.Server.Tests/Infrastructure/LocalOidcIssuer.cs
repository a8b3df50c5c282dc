using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>
/// A local OpenID Connect issuer shaped like a Microsoft Entra tenant (v2.0 endpoints): discovery document and JWKS
/// on loopback, and RS256 access tokens with Entra's claims (iss, tid, oid, appid/azp, aud, roles, groups, ver 2.0).
/// The gateway's real Microsoft.Identity.Web validation fetches its keys from here.
/// </summary>
public sealed class LocalOidcIssuer : IAsyncDisposable
{
    public const string Audience = "api://gateway-tests";
    public const string ClientId = "6e1b3f0a-2c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private LocalOidcIssuer(WebApplication app, RsaSecurityKey key, Uri baseAddress, string tenantId)
    {
        _app = app;
        _key = key;
        BaseAddress = baseAddress;
        TenantId = tenantId;
    }

    public Uri BaseAddress { get; }
    public string TenantId { get; }
    public string Issuer => $"{BaseAddress.ToString().TrimEnd('/')}/{TenantId}/v2.0";

    /// <summary>Every path the gateway fetched, so a test can see that validation really went to the issuer.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>The AzureAd section for the gateway, as Microsoft.Identity.Web reads it.</summary>
    public IDictionary<string, string> GatewaySettings => new Dictionary<string, string>
    {
        ["AzureAd:Instance"] = BaseAddress.ToString(),
        ["AzureAd:TenantId"] = TenantId,
        ["AzureAd:ClientId"] = ClientId,
        ["AzureAd:Audience"] = Audience,
    };

    public static async Task<LocalOidcIssuer> StartAsync(string? tenantId = null)
    {
        tenantId ??= Guid.NewGuid().ToString();
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..12] };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LocalOidcIssuer? self = null;
        app.Use(async (context, next) =>
        {
            lock (self!.Requests) self.Requests.Add(context.Request.Path.Value ?? "");
            await next(context);
        });
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (HttpContext c, string tenant) => Results.Json(new
        {
            issuer = $"{self!.BaseAddress.ToString().TrimEnd('/')}/{tenant}/v2.0",
            authorization_endpoint = $"{self.BaseAddress}{tenant}/oauth2/v2.0/authorize",
            token_endpoint = $"{self.BaseAddress}{tenant}/oauth2/v2.0/token",
            jwks_uri = $"{self.BaseAddress}{tenant}/discovery/v2.0/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
            response_types_supported = new[] { "code", "id_token", "code id_token", "id_token token" },
            subject_types_supported = new[] { "pairwise" },
            tenant_region_scope = "EU",
        }));
        app.MapGet("/{tenant}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = key.KeyId, n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new LocalOidcIssuer(app, key, new Uri(address.TrimEnd('/') + "/"), tenantId);
        return self;
    }

    /// <summary>A user's delegated access token (scp present), as Entra v2.0 issues them.</summary>
    public string UserToken(string oid, IEnumerable<string>? groups = null, Action<Dictionary<string, object>>? tweak = null) =>
        Mint(new Dictionary<string, object>
        {
            ["oid"] = oid,
            ["sub"] = oid,
            ["preferred_username"] = $"user-{oid[..8]}@contoso.example",
            ["name"] = "Test User",
            ["scp"] = "access_as_user",
            ["azp"] = "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
            ["groups"] = (groups ?? []).ToArray(),
        }, tweak);

    /// <summary>An application's access token (service principal or managed identity): no scp, appid/azp, idtyp=app.</summary>
    public string AppToken(string oid, string appId, Action<Dictionary<string, object>>? tweak = null) =>
        Mint(new Dictionary<string, object>
        {
            ["oid"] = oid,
            ["sub"] = oid,
            ["azp"] = appId,
            ["appid"] = appId,
            ["idtyp"] = "app",
            ["roles"] = new[] { "Registry.Access" },
        }, tweak);

    private string Mint(Dictionary<string, object> claims, Action<Dictionary<string, object>>? tweak)
    {
        var now = DateTimeOffset.UtcNow;
        claims["iss"] = Issuer;
        claims["aud"] = Audience;
        claims["tid"] = TenantId;
        claims["ver"] = "2.0";
        claims["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds();
        claims["exp"] = now.AddHours(1).ToUnixTimeSeconds();
        tweak?.Invoke(claims);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The issuer's public key as PEM (what an attacker knows: used for the HS256-with-public-key attack).</summary>
    public byte[] PublicKeyBytes => _key.Rsa.ExportSubjectPublicKeyInfo();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
