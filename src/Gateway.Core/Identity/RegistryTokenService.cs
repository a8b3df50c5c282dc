using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Core.Identity;

/// <summary>
/// Mints and checks the gateway's own registry tokens (Docker token spec): short-lived access tokens carrying an
/// <c>access</c> claim, and refresh tokens (what docker login keeps after an Entra exchange). ES256, signed with a
/// key in the data folder; issuer, audience (= the registry service), lifetime and algorithm are all checked.
/// Token creation and validation are Microsoft.IdentityModel's JsonWebTokenHandler.
/// </summary>
public sealed class RegistryTokenService
{
    public const string Issuer = "gateway-registry";
    private const string UseClaim = "token_use", AccessUse = "access", RefreshUse = "refresh";
    private const int MaxCachedTokens = 10_000;

    private readonly ECDsaSecurityKey _key;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    // Validated access tokens, so a pull costs a dictionary lookup rather than an ECDSA verification per request.
    private readonly ConcurrentDictionary<string, RegistryTokenClaims> _validated = new(StringComparer.Ordinal);

    public RegistryTokenService(ECDsa signingKey, IdentityOptions options, TimeProvider time)
    {
        _key = new ECDsaSecurityKey(signingKey) { KeyId = Convert.ToHexStringLower(SHA256.HashData(signingKey.ExportSubjectPublicKeyInfo()))[..16] };
        _options = options;
        _time = time;
    }

    public (string Token, DateTimeOffset IssuedAt, TimeSpan Lifetime) IssueAccessToken(GatewayPrincipal principal, string service, IReadOnlyList<RepositoryAccess> access)
    {
        var claims = PrincipalClaims(principal, AccessUse);
        claims["access"] = JsonSerializer.SerializeToElement(access.Select(a => new { type = a.Type, name = a.Name, actions = a.Actions }));
        return Create(claims, service, _options.AccessTokenLifetime);
    }

    public (string Token, DateTimeOffset IssuedAt, TimeSpan Lifetime) IssueRefreshToken(GatewayPrincipal principal, string service) =>
        Create(PrincipalClaims(principal, RefreshUse), service, _options.RefreshTokenLifetime);

    /// <summary>Validates an access token for this service; null and the reason when it does not hold.</summary>
    public async ValueTask<(RegistryTokenClaims? Claims, string? Failure)> ValidateAccessTokenAsync(string token, string service)
    {
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out var cached))
        {
            if (cached.Service == service && cached.ExpiresAt > now) return (cached, null);
            if (cached.ExpiresAt <= now) _validated.TryRemove(token, out _);
        }
        var (claims, failure) = await ValidateAsync(token, service, AccessUse);
        if (claims is null) return (null, failure);
        if (_validated.Count >= MaxCachedTokens) _validated.Clear();
        _validated[token] = claims;
        return (claims, null);
    }

    public async ValueTask<(RegistryTokenClaims? Claims, string? Failure)> ValidateRefreshTokenAsync(string token, string service) =>
        await ValidateAsync(token, service, RefreshUse);

    /// <summary>True when the text has the shape of a JWT (three dot-separated parts): worth trying as a token rather than a password.</summary>
    public static bool LooksLikeJwt(string text) => text.Count(c => c == '.') == 2 && text.Length > 40;

    private async Task<(RegistryTokenClaims? Claims, string? Failure)> ValidateAsync(string token, string service, string use)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = service,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return expires is { } e && now < e + p.ClockSkew && (notBefore is not { } nb || nb - p.ClockSkew <= now);
            },
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return (null, $"registry token rejected: {result.Exception?.GetType().Name ?? "invalid"}");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>(UseClaim, out var actualUse) || actualUse != use)
            return (null, $"registry token rejected: not a {use} token");
        return (ReadClaims(jwt, service), null);
    }

    private static RegistryTokenClaims ReadClaims(JsonWebToken jwt, string service)
    {
        string? Get(string name) => jwt.TryGetPayloadValue<string>(name, out var v) ? v : null;
        var groups = jwt.Claims.Where(c => c.Type == GatewayPrincipal.GroupsClaim).Select(c => c.Value).ToArray();
        var principal = new GatewayPrincipal(jwt.Subject, Get("name") ?? jwt.Subject, Get(GatewayPrincipal.KindClaim) ?? PrincipalKind.User,
            Get(GatewayPrincipal.SourceClaim) ?? "", Get(GatewayPrincipal.TenantClaim), groups, Get(GatewayPrincipal.AppIdClaim));
        var access = new List<RepositoryAccess>();
        if (jwt.TryGetPayloadValue<JsonElement>("access", out var element) && element.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in element.EnumerateArray())
            {
                access.Add(new RepositoryAccess(a.GetProperty("type").GetString() ?? "", a.GetProperty("name").GetString() ?? "",
                    a.GetProperty("actions").EnumerateArray().Select(x => x.GetString() ?? "").ToArray()));
            }
        }
        return new RegistryTokenClaims(principal, access, service, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
    }

    private Dictionary<string, object> PrincipalClaims(GatewayPrincipal principal, string use)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = principal.Id,
            ["name"] = principal.Name,
            [GatewayPrincipal.KindClaim] = principal.Kind,
            [GatewayPrincipal.SourceClaim] = principal.Source,
            [UseClaim] = use,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (principal.TenantId is not null) claims[GatewayPrincipal.TenantClaim] = principal.TenantId;
        if (principal.AppId is not null) claims[GatewayPrincipal.AppIdClaim] = principal.AppId;
        if (principal.Groups.Count > 0) claims[GatewayPrincipal.GroupsClaim] = principal.Groups.ToArray();
        return claims;
    }

    private (string Token, DateTimeOffset IssuedAt, TimeSpan Lifetime) Create(Dictionary<string, object> claims, string service, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = service,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        };
        return (_handler.CreateToken(descriptor), now, lifetime);
    }
}

/// <summary>What a valid registry token says: who, which access, for which service, until when.</summary>
public sealed record RegistryTokenClaims(GatewayPrincipal Principal, IReadOnlyList<RepositoryAccess> Access, string Service, DateTimeOffset ExpiresAt)
{
    /// <summary>The permissions the token grants on a repository (union of its matching access entries).</summary>
    public RegistryPermission PermissionsFor(string type, string name)
    {
        var p = RegistryPermission.None;
        foreach (var a in Access)
            if (a.Type == type && a.Name == name) p |= a.Permissions;
        return p;
    }
}
