namespace Gateway.Core.Identity;

/// <summary>Who a principal is; role assignments target users, groups and service principals (and local accounts by name).</summary>
public static class PrincipalKind
{
    /// <summary>An Entra user (oid) or the bootstrap owner / admin user (local accounts).</summary>
    public const string User = "user";
    public const string Group = "group";
    /// <summary>An Entra application: service principal or managed identity (appid / azp).</summary>
    public const string ServicePrincipal = "service_principal";
    /// <summary>A repository-scoped token: its scope map, not role assignments, says what it may do.</summary>
    public const string Token = "token";

    public static IReadOnlyList<string> Assignable { get; } = [User, Group, ServicePrincipal];
}

/// <summary>Where a principal's identity came from.</summary>
public static class IdentitySource
{
    public const string Bootstrap = "bootstrap";
    public const string AdminUser = "admin-user";
    public const string Token = "token";
    public const string Entra = "entra";
}
