namespace Gateway.Core.Identity;

/// <summary>Identity settings: the "Gateway:Identity" configuration section, plus the bootstrap owner's password from "Gateway:Bootstrap".</summary>
public sealed record IdentityOptions
{
    /// <summary>User name of the bootstrap owner.</summary>
    public string BootstrapUserName { get; init; } = "admin";

    /// <summary>The bootstrap owner's password (Gateway:Bootstrap:AdminPassword); null = no bootstrap owner.</summary>
    public string? BootstrapPassword { get; init; }

    /// <summary>Hash of a generated bootstrap password (Development, none configured): the password itself was printed once and is not kept.</summary>
    public string? BootstrapPasswordHash { get; init; }

    /// <summary>User name of ACR's admin user (when enabled).</summary>
    public string AdminUserName { get; init; } = AdminUser.DefaultUserName;

    /// <summary>Lifetime of registry access tokens; clients ask again on 401.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Lifetime of registry refresh tokens (what docker login stores after an Entra exchange).</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Failed logins allowed per window, per source address and per account, before 429.</summary>
    public int MaxFailedLogins { get; init; } = 10;

    public TimeSpan FailedLoginWindow { get; init; } = TimeSpan.FromMinutes(5);
}
