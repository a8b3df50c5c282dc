using System.Security.Claims;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>Turns a validated Entra access token's claims into a gateway principal: users by oid, applications (service principals, managed identities) by oid and appid/azp, with their groups.</summary>
internal static class EntraPrincipals
{
    public static GatewayPrincipal? From(ClaimsPrincipal user)
    {
        string? First(params string[] types) => types.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var oid = First("oid", "http://schemas.microsoft.com/identity/claims/objectidentifier");
        var tid = First("tid", "http://schemas.microsoft.com/identity/claims/tenantid");
        var appId = First("appid", "azp");
        if (oid is null && appId is null) return null;
        // Delegated (user) tokens carry scp; application tokens do not (and say idtyp=app when that optional claim is on).
        var isApp = First("idtyp") == "app" || (First("scp", "http://schemas.microsoft.com/identity/claims/scope") is null && appId is not null);
        var name = First("preferred_username", "upn", ClaimTypes.Upn, "name", ClaimTypes.Name) ?? (isApp ? appId : oid) ?? "unknown";
        var groups = user.FindAll("groups").Select(c => c.Value).ToArray();
        return new GatewayPrincipal(oid ?? appId!, name, isApp ? PrincipalKind.ServicePrincipal : PrincipalKind.User, IdentitySource.Entra, tid, groups, appId);
    }
}
