using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>
/// User name + password → principal, for every place a password is presented (Basic on /v2/, the token endpoint,
/// the management API). The ACR null-GUID user carries an Entra access token or a registry refresh token as its
/// password. Failed attempts are throttled per source and account and audited; successful checks are cached for a
/// minute under an HMAC of the credential (the slow hash runs once, not on every Basic-authenticated request).
/// </summary>
internal sealed class PasswordAuthenticator(IdentityDirectory directory, RegistryTokenService tokens, EntraTokenValidator entra,
    FailedLoginThrottle throttle, LoginAudit audit, TimeProvider time)
{
    public const string TokenUser = "00000000-0000-0000-0000-000000000000";
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(1);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (GatewayPrincipal Principal, DateTimeOffset Until, string Stamp)> _verified = new(StringComparer.Ordinal);

    public async Task<AuthResult> AuthenticateAsync(HttpContext context, string userName, string password, string service, string operation)
    {
        var source = context.Connection.RemoteIpAddress?.ToString();
        var cacheKey = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(userName + "\n" + password + "\n" + service)));
        var now = time.GetUtcNow();
        // A cached check holds only while the principal's credential is unchanged and valid (a regenerated password
        // retires the old one at once; a disabled or deleted token stops at once).
        if (_verified.TryGetValue(cacheKey, out var hit) && hit.Until > now && directory.IsStillValid(hit.Principal) && hit.Stamp == directory.CredentialStamp(hit.Principal))
            return new AuthResult(hit.Principal, null, null);

        if (throttle.RetryAfter(source, userName) is { } wait)
        {
            await audit.RecordAsync(context, operation, null, userName, "too many failed logins", $"retry after {Math.Ceiling(wait.TotalSeconds)} s");
            return AuthResult.Fail("too many failed logins; try again later", wait);
        }
        var (principal, failure) = userName == TokenUser
            ? await TokenPasswordAsync(password, service, context.RequestAborted)
            : Check(directory.VerifyPassword(userName, password));
        if (principal is null)
        {
            throttle.RecordFailure(source, userName);
            await audit.RecordAsync(context, operation, null, userName, failure);
            return AuthResult.Fail("authentication failed: unknown user name or wrong password");
        }
        await audit.RecordAsync(context, operation, principal, userName, null, $"via {principal.Source}");
        if (_verified.Count > 10_000) _verified.Clear();
        _verified[cacheKey] = (principal, now + CacheLifetime, directory.CredentialStamp(principal));
        return new AuthResult(principal, null, null);
    }

    private static (GatewayPrincipal?, string?) Check(CredentialCheck check) => (check.Principal, check.Failure);

    /// <summary>The null-GUID user's password: a registry refresh token (from /oauth2/exchange) or an Entra access token.</summary>
    private async Task<(GatewayPrincipal?, string?)> TokenPasswordAsync(string password, string service, CancellationToken cancellationToken)
    {
        if (!RegistryTokenService.LooksLikeJwt(password)) return (null, "the null-GUID user needs a token as password");
        var (refresh, refreshFailure) = await tokens.ValidateRefreshTokenAsync(password, service);
        if (refresh is not null)
            return directory.IsStillValid(refresh.Principal) ? (refresh.Principal, null) : (null, "the refresh token's credential was disabled or deleted");
        var (principal, entraFailure) = await entra.ValidateAsync(password, cancellationToken);
        return principal is not null ? (principal, null) : (null, $"{refreshFailure}; {entraFailure}");
    }
}
