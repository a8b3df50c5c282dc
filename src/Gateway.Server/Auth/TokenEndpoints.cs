using System.Text.Json;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>
/// The Docker registry token endpoint (GET and POST /oauth2/token) and ACR's Entra exchange (POST /oauth2/exchange).
/// A token holds the intersection of the scopes asked for and what the caller is granted now.
/// </summary>
internal static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oauth2/token", GetTokenAsync);
        app.MapPost("/oauth2/token", PostTokenAsync);
        app.MapPost("/oauth2/exchange", ExchangeAsync);
        return app;
    }

    /// <summary>GET: Basic credentials (docker, podman, skopeo), or a refresh token as the null-GUID user's password.</summary>
    private static async Task GetTokenAsync(HttpContext context, RequestAuthenticator authenticator, PasswordAuthenticator passwords)
    {
        var query = context.Request.Query;
        var service = ServiceParameter(context, query["service"].ToString());
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || !RequestAuthenticator.TryDecodeBasic(header[6..].Trim(), out var user, out var password))
        {
            await WriteFailureAsync(context, AuthResult.Fail("credentials required: send Basic credentials to the token endpoint"));
            return;
        }
        var auth = await passwords.AuthenticateAsync(context, user, password, service, LoginAudit.Login);
        var offline = query["offline_token"].ToString() == "true";
        await IssueAsync(context, auth, service, query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!), offline);
    }

    /// <summary>POST (OAuth2 form): grant_type=password or refresh_token, as docker login and podman send.</summary>
    private static async Task PostTokenAsync(HttpContext context, RegistryTokenService tokens, IdentityDirectory directory, PasswordAuthenticator passwords, LoginAudit audit)
    {
        if (!context.Request.HasFormContentType)
        {
            await WriteErrorAsync(context, 400, "invalid_request", "expected an application/x-www-form-urlencoded body");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var service = ServiceParameter(context, form["service"].ToString());
        var scopes = form["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        AuthResult auth;
        switch (form["grant_type"].ToString())
        {
            case "password":
                auth = await passwords.AuthenticateAsync(context, form["username"].ToString(), form["password"].ToString(), service, LoginAudit.Login);
                break;
            case "refresh_token":
                var (claims, failure) = await tokens.ValidateRefreshTokenAsync(form["refresh_token"].ToString(), service);
                auth = claims is null ? AuthResult.Fail(failure ?? "invalid refresh token")
                    : !directory.IsStillValid(claims.Principal) ? AuthResult.Fail("the credential this refresh token was issued for has been disabled or deleted")
                    : new AuthResult(claims.Principal, null, null);
                if (auth.Principal is null) await audit.RecordAsync(context, LoginAudit.TokenIssue, null, null, auth.Failure, "grant_type=refresh_token");
                break;
            default:
                await WriteErrorAsync(context, 400, "unsupported_grant_type", "grant_type must be 'password' or 'refresh_token'");
                return;
        }
        await IssueAsync(context, auth, service, scopes, form["access_type"].ToString() == "offline");
    }

    /// <summary>ACR's exchange: an Entra access token becomes a registry refresh token (what `az acr login` hands to docker).</summary>
    private static async Task ExchangeAsync(HttpContext context, EntraTokenValidator entra, RegistryTokenService tokens, LoginAudit audit)
    {
        if (!context.Request.HasFormContentType)
        {
            await WriteErrorAsync(context, 400, "invalid_request", "expected an application/x-www-form-urlencoded body");
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"].ToString() is not ("access_token" or "access_token_refresh_token"))
        {
            await WriteErrorAsync(context, 400, "unsupported_grant_type", "grant_type must be 'access_token'");
            return;
        }
        var service = ServiceParameter(context, form["service"].ToString());
        var (principal, failure) = await entra.ValidateAsync(form["access_token"].ToString(), context.RequestAborted);
        var tenant = form["tenant"].ToString();
        if (principal is not null && tenant.Length > 0 && !string.Equals(tenant, principal.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            failure = $"the token is for tenant '{principal.TenantId}', not '{tenant}'";
            principal = null;
        }
        if (principal is null)
        {
            await audit.RecordAsync(context, LoginAudit.Login, null, null, failure, "oauth2/exchange");
            await WriteErrorAsync(context, 401, "invalid_grant", "the Entra access token was not accepted");
            return;
        }
        await audit.RecordAsync(context, LoginAudit.Login, principal, null, null, "oauth2/exchange");
        var (refresh, _, _) = tokens.IssueRefreshToken(principal, service);
        await context.Response.WriteAsJsonAsync(new { refresh_token = refresh }, context.RequestAborted);
    }

    private static async Task IssueAsync(HttpContext context, AuthResult auth, string service, IEnumerable<string> scopes, bool includeRefreshToken)
    {
        if (auth.Principal is not { } principal)
        {
            await WriteFailureAsync(context, auth);
            return;
        }
        var services = context.RequestServices;
        var directory = services.GetRequiredService<IdentityDirectory>();
        var tokens = services.GetRequiredService<RegistryTokenService>();
        var granted = new List<RepositoryAccess>();
        foreach (var scope in scopes)
        {
            if (RepositoryAccess.ParseScope(scope) is not { } requested) continue;
            granted.Add(Intersect(directory, principal, requested));
        }
        var (token, issuedAt, lifetime) = tokens.IssueAccessToken(principal, service, granted);
        await services.GetRequiredService<LoginAudit>().RecordAsync(context, LoginAudit.TokenIssue, principal, null, null,
            string.Join(' ', granted.Select(g => $"{g.Type}:{g.Name}:{string.Join(',', g.Actions)}")));
        var body = new Dictionary<string, object>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = (int)lifetime.TotalSeconds,
            ["issued_at"] = issuedAt.ToString("O"),
        };
        if (includeRefreshToken) body["refresh_token"] = tokens.IssueRefreshToken(principal, service).Token;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    /// <summary>What the caller asked for, cut down to what it holds (an empty action list when it holds none of it, as the Docker spec says).</summary>
    private static RepositoryAccess Intersect(IdentityDirectory directory, GatewayPrincipal principal, RepositoryAccess requested)
    {
        if (requested.Type == RepositoryAccess.RegistryType)
            // The catalog is filtered per repository, so any authenticated caller may ask for it.
            return requested with { Actions = requested.Name == "catalog" && requested.Actions.Contains("*") ? ["*"] : [] };
        if (requested.Type != RepositoryAccess.RepositoryType || !Core.Oci.RepositoryName.IsValid(requested.Name)) return requested with { Actions = [] };
        var held = directory.PermissionsFor(principal, requested.Name);
        return requested with { Actions = RegistryActions.ToDockerActions(requested.Permissions & held) };
    }

    private static string ServiceParameter(HttpContext context, string service) =>
        service.Length > 0 ? service : RequestAuthenticator.ServiceOf(context);

    private static Task WriteFailureAsync(HttpContext context, AuthResult auth)
    {
        if (auth.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteOciStyleAsync(context, 429, "TOOMANYREQUESTS", auth.Failure ?? "too many failed logins");
        }
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{context.Request.Host}\"";
        return WriteOciStyleAsync(context, 401, "UNAUTHORIZED", auth.Failure ?? "authentication failed");
    }

    private static Task WriteOciStyleAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { errors = new[] { new { code, message } } }, context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error, error_description = description }, context.RequestAborted);
    }
}
