using System.Net.Http.Headers;
using System.Text;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>Reads the Authorization header: a registry access token (Bearer) or a user name and password (Basic).</summary>
internal sealed class RequestAuthenticator(RegistryTokenService tokens, IdentityDirectory directory, PasswordAuthenticator passwords)
{
    public async Task<AuthResult> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthResult.Anonymous;
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || string.IsNullOrEmpty(value.Parameter))
            return AuthResult.Fail("malformed Authorization header");
        if (value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var (claims, failure) = await tokens.ValidateAccessTokenAsync(value.Parameter, ServiceOf(context));
            if (claims is null) return AuthResult.Fail(failure ?? "invalid registry token");
            if (!directory.IsStillValid(claims.Principal)) return AuthResult.Fail("the credential this token was issued for has been disabled or deleted");
            return new AuthResult(claims.Principal, claims, null);
        }
        if (value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryDecodeBasic(value.Parameter, out var user, out var password)) return AuthResult.Fail("malformed Basic credentials");
            return await passwords.AuthenticateAsync(context, user, password, ServiceOf(context), LoginAudit.Login);
        }
        return AuthResult.Fail($"unsupported authorization scheme '{value.Scheme}': use Basic or Bearer");
    }

    /// <summary>The registry service name: the host the client addressed (what the challenge announces and tokens are issued for).</summary>
    public static string ServiceOf(HttpContext context) => context.Request.Host.Value ?? "gateway";

    public static bool TryDecodeBasic(string parameter, out string user, out string password)
    {
        user = password = "";
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = text.IndexOf(':');
            if (colon <= 0) return false;
            user = text[..colon];
            password = text[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
