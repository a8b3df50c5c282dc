using System.Security.Claims;

namespace Gateway.Core.Identity;

/// <summary>
/// One authenticated caller, whatever the credential: the bootstrap owner, the admin user, a repository-scoped
/// token or an Entra user / service principal. Carried on the request as claims (so admission and audit read it).
/// </summary>
public sealed record GatewayPrincipal(string Id, string Name, string Kind, string Source, string? TenantId, IReadOnlyList<string> Groups, string? AppId = null)
{
    public const string AuthenticationType = "gateway";
    public const string IdClaim = "oid";
    public const string KindClaim = "principal_type";
    public const string SourceClaim = "identity_source";
    public const string TenantClaim = "tid";
    public const string GroupsClaim = "groups";
    public const string AppIdClaim = "appid";

    /// <summary>The claims principal for HttpContext.User; roles are the role names the principal holds anywhere.</summary>
    public ClaimsPrincipal ToClaimsPrincipal(IEnumerable<string> roles)
    {
        var claims = new List<Claim>
        {
            new(IdClaim, Id),
            new(ClaimTypes.NameIdentifier, Id),
            new(ClaimTypes.Name, Name),
            new(KindClaim, Kind),
            new(SourceClaim, Source),
        };
        if (TenantId is not null) claims.Add(new Claim(TenantClaim, TenantId));
        if (AppId is not null) claims.Add(new Claim(AppIdClaim, AppId));
        claims.AddRange(Groups.Select(g => new Claim(GroupsClaim, g)));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static GatewayPrincipal? FromClaims(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true }) return null;
        var id = user.FindFirst(IdClaim)?.Value;
        if (id is null) return null;
        return new GatewayPrincipal(id, user.FindFirst(ClaimTypes.Name)?.Value ?? id, user.FindFirst(KindClaim)?.Value ?? PrincipalKind.User,
            user.FindFirst(SourceClaim)?.Value ?? "", user.FindFirst(TenantClaim)?.Value, user.FindAll(GroupsClaim).Select(c => c.Value).ToArray(), user.FindFirst(AppIdClaim)?.Value);
    }
}
