namespace Gateway.Core.Identity;

/// <summary>ACR's repository-scoped token: a name, a scope map, two passwords (stored as hashes only), enabled or not, an optional expiry.</summary>
public sealed record RepositoryToken(string Name, string ScopeMap, bool Enabled, DateTimeOffset? ExpiresAt, IReadOnlyList<StoredPassword> Passwords, DateTimeOffset CreatedAt)
{
    public bool IsUsable(DateTimeOffset now) => Enabled && (ExpiresAt is null || now < ExpiresAt);
}

/// <summary>ACR's admin user: off by default, two passwords that can be regenerated independently.</summary>
public sealed record AdminUser(bool Enabled, IReadOnlyList<StoredPassword> Passwords)
{
    public const string DefaultUserName = "registry-admin";
    public static AdminUser Disabled { get; } = new(false, []);
}

/// <summary>A password slot ("password1" / "password2"): its salted slow hash, when it was made, an optional expiry.</summary>
public sealed record StoredPassword(string Slot, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null);
