using System.Net.Http.Headers;
using Gateway.Core.Identity;
using Gateway.Server.Auth;

namespace Gateway.Server.Management;

/// <summary>
/// Guards /gateway/v1/: Basic credentials (bootstrap owner, tokens with a management role are not possible: tokens
/// are content-only) or a Bearer token (an Entra access token, or a registry access token as identity proof).
/// The audit export needs AuditRead (Auditor or Owner on <c>*</c>); signing checks its repository itself; everything
/// else needs Manage (Owner on <c>*</c>). Deny by default.
/// </summary>
internal sealed class ManagementAuthorization(RequestDelegate next)
{
    public const string Prefix = "/gateway/v1";

    public async Task InvokeAsync(HttpContext context, RequestAuthenticator authenticator, EntraTokenValidator entra, IdentityDirectory directory)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, out var rest))
        {
            await next(context);
            return;
        }
        var auth = await AuthenticateAsync(context, authenticator, entra);
        if (auth.RetryAfter is { } wait)
        {
            await RegistryChallenge.WriteTooManyAsync(context, wait, auth.Failure ?? "too many failed logins");
            return;
        }
        if (auth.Principal is not { } principal)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"gateway\", Bearer";
            await Oci.OciResults.WriteErrorAsync(context, 401, "UNAUTHORIZED", auth.Failure ?? "authentication required for the management API");
            return;
        }
        context.User = principal.ToClaimsPrincipal(directory.RolesOf(principal));
        var needed = Needed(rest.Value ?? "");
        if (needed != RegistryPermission.None && !directory.GlobalPermissionsFor(principal).HasFlag(needed))
        {
            await Oci.OciResults.WriteErrorAsync(context, 403, "DENIED",
                $"{principal.Name} may not use {context.Request.Path}: it needs the {(needed == RegistryPermission.AuditRead ? "Auditor or Owner" : "Owner")} role on '*'");
            return;
        }
        await next(context);
    }

    private static RegistryPermission Needed(string path) =>
        path.StartsWith("/audit", StringComparison.Ordinal) ? RegistryPermission.AuditRead
        : path is "/sign" or "/whoami" or "/signing-key" ? RegistryPermission.None
        : RegistryPermission.Manage;

    private static async Task<AuthResult> AuthenticateAsync(HttpContext context, RequestAuthenticator authenticator, EntraTokenValidator entra)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var value) && value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            && value.Parameter is { } token && entra.IsConfigured)
        {
            var (principal, _) = await entra.ValidateAsync(token, context.RequestAborted);
            if (principal is not null) return new AuthResult(principal, null, null);
        }
        return await authenticator.AuthenticateAsync(context);
    }
}
