using Gateway.Core.Identity;
using Gateway.Core.Oci;
using Gateway.Server.Oci;

namespace Gateway.Server.Auth;

/// <summary>
/// Step 1 and 2 of every /v2/ request: who is calling, and may they do this to this repository. Deny by default:
/// anonymous callers get the Bearer challenge, a token that does not cover the request gets a challenge for the
/// missing scope, and a principal without the permission gets DENIED. The permission is checked against the
/// current assignments and tokens, not only against what the token said when it was issued.
/// </summary>
internal static class OciAuthorization
{
    private const string ResultKey = "gateway.auth";

    /// <summary>True when the request may proceed; otherwise the refusal has been written.</summary>
    public static async Task<bool> AuthorizeAsync(HttpContext context, OciRoute route)
    {
        var services = context.RequestServices;
        var auth = await services.GetRequiredService<RequestAuthenticator>().AuthenticateAsync(context);
        var needed = Required(route.Resource, context.Request.Method);
        var scope = ScopeFor(route, needed);
        // A cross-repository mount also reads the source: ask for both, so a client following the challenge can mount.
        if (route.Resource == OciResource.UploadStart && context.Request.Query["from"].ToString() is { Length: > 0 } from && Core.Oci.RepositoryName.IsValid(from))
            scope += $" repository:{from}:pull";
        if (auth.RetryAfter is { } wait)
        {
            await RegistryChallenge.WriteTooManyAsync(context, wait, auth.Failure ?? "too many failed logins");
            return false;
        }
        if (auth.Principal is not { } principal)
        {
            await RegistryChallenge.WriteAsync(context, scope, auth.Failure ?? "authentication required: log in to this registry");
            return false;
        }
        var directory = services.GetRequiredService<IdentityDirectory>();
        context.User = principal.ToClaimsPrincipal(directory.RolesOf(principal));
        context.Items[ResultKey] = auth;
        if (route.Resource == OciResource.Base) return true;
        if (route.Resource == OciResource.Catalog)
        {
            if (auth.Token is { } t && t.PermissionsFor(RepositoryAccess.RegistryType, "catalog") == RegistryPermission.None)
            {
                await RegistryChallenge.WriteAsync(context, scope, "the token does not cover the catalog", insufficientScope: true);
                return false;
            }
            return true;
        }
        var granted = directory.PermissionsFor(principal, route.Name);
        if ((granted & needed) != needed)
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Denied,
                $"requested access to the resource is denied: {principal.Name} may not {Describe(needed)} repository '{route.Name}'"));
            return false;
        }
        if (auth.Token is { } token && !Covers(token.PermissionsFor(RepositoryAccess.RepositoryType, route.Name), needed))
        {
            await RegistryChallenge.WriteAsync(context, scope, $"the token does not grant {Describe(needed)} on '{route.Name}'", insufficientScope: true);
            return false;
        }
        return true;
    }

    /// <summary>May the caller of this (already authorized) request read another repository? Used for cross-repository blob mounts.</summary>
    public static bool CanPull(HttpContext context, string repository)
    {
        if (context.Items[ResultKey] is not AuthResult { Principal: { } principal } auth) return false;
        var directory = context.RequestServices.GetRequiredService<IdentityDirectory>();
        if (!directory.PermissionsFor(principal, repository).HasFlag(RegistryPermission.Pull)) return false;
        return auth.Token is null || auth.Token.PermissionsFor(RepositoryAccess.RepositoryType, repository).HasFlag(RegistryPermission.Pull);
    }

    /// <summary>May the caller see the repository in the catalog?</summary>
    public static Func<string, bool> CatalogFilter(HttpContext context)
    {
        if (context.Items[ResultKey] is not AuthResult { Principal: { } principal }) return _ => false;
        var directory = context.RequestServices.GetRequiredService<IdentityDirectory>();
        return name => directory.PermissionsFor(principal, name).HasFlag(RegistryPermission.MetadataRead);
    }

    private static bool Covers(RegistryPermission token, RegistryPermission needed) =>
        // Docker clients ask for "pull" to list tags; metadata_read is ACR's finer-grained spelling of the same.
        needed == RegistryPermission.MetadataRead ? (token & (RegistryPermission.Pull | RegistryPermission.MetadataRead)) != 0 : (token & needed) == needed;

    public static RegistryPermission Required(OciResource resource, string method) => resource switch
    {
        OciResource.Base or OciResource.Catalog => RegistryPermission.None,
        OciResource.Tags or OciResource.Referrers => RegistryPermission.MetadataRead,
        OciResource.Manifest or OciResource.Blob when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => RegistryPermission.Pull,
        OciResource.Manifest or OciResource.Blob when HttpMethods.IsDelete(method) => RegistryPermission.Delete,
        _ => RegistryPermission.Push,
    };

    private static string? ScopeFor(OciRoute route, RegistryPermission needed) => route.Resource switch
    {
        OciResource.Base => null,
        OciResource.Catalog => "registry:catalog:*",
        _ => $"repository:{route.Name}:{needed switch
        {
            RegistryPermission.Push => "pull,push",
            RegistryPermission.Delete => "delete",
            _ => "pull",
        }}",
    };

    private static string Describe(RegistryPermission needed) => needed switch
    {
        RegistryPermission.MetadataRead => "read metadata of",
        RegistryPermission.Pull => "pull from",
        RegistryPermission.Push => "push to",
        RegistryPermission.Delete => "delete from",
        _ => needed.ToString().ToLowerInvariant(),
    };
}
