using System.Security.Claims;

namespace Gateway.Core.Audit;

/// <summary>Who acted, as the audit record names them: from the request's claims, or "anonymous".</summary>
public sealed record AuditActor(string? Identity, string IdentityType, string? Tenant)
{
    public static AuditActor From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return new AuditActor("anonymous", "anonymous", null);
        return new AuditActor(
            user.FindFirst(ClaimTypes.Name)?.Value ?? user.FindFirst("sub")?.Value,
            user.FindFirst("principal_type")?.Value ?? "user",
            user.FindFirst("tid")?.Value);
    }
}
