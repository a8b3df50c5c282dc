namespace Gateway.Core.Identity;

/// <summary>Binds a principal (user, group or service principal, by object id; local accounts by name) to a role on a repository pattern.</summary>
public sealed record RoleAssignment(string Id, string PrincipalId, string PrincipalType, string Role, string Scope, DateTimeOffset CreatedAt)
{
    public bool AppliesTo(GatewayPrincipal principal) =>
        PrincipalType switch
        {
            PrincipalKind.Group => principal.Groups.Contains(PrincipalId, StringComparer.OrdinalIgnoreCase),
            // Service principals and managed identities can be named by object id or by application (client) id.
            PrincipalKind.ServicePrincipal => string.Equals(PrincipalId, principal.Id, StringComparison.OrdinalIgnoreCase)
                || (principal.AppId is not null && string.Equals(PrincipalId, principal.AppId, StringComparison.OrdinalIgnoreCase)),
            _ => string.Equals(PrincipalId, principal.Id, StringComparison.OrdinalIgnoreCase),
        };
}
