namespace Gateway.Core.Identity;

/// <summary>
/// The registry's identities and what they may do: an in-memory snapshot of the identity store (assignments,
/// scope maps, tokens, admin user), replaced whole on every change so readers never lock and a deleted token or
/// removed assignment stops working on the next request. Deny by default: no matching grant, no permission.
/// </summary>
public sealed partial class IdentityDirectory
{
    private readonly IIdentityStore _store;
    private readonly IdentityOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile IdentitySnapshot _snapshot = new([], new Dictionary<string, ScopeMap>(), new Dictionary<string, RepositoryToken>(), AdminUser.Disabled);

    public IdentityDirectory(IIdentityStore store, IdentityOptions options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    public IdentityOptions Options => _options;
    public IdentitySnapshot Snapshot => _snapshot;

    public async Task LoadAsync(CancellationToken cancellationToken) => _snapshot = await _store.LoadAsync(cancellationToken);

    /// <summary>What the principal may do to the repository, from the current state (not from what a token said when it was issued).</summary>
    public RegistryPermission PermissionsFor(GatewayPrincipal principal, string repository)
    {
        var snapshot = _snapshot;
        switch (principal.Source)
        {
            case IdentitySource.Bootstrap:
                return IsBootstrapEnabled ? RegistryPermission.All : RegistryPermission.None;
            case IdentitySource.AdminUser:
                // ACR's admin user pushes and pulls everywhere; it does not manage the registry.
                return snapshot.AdminUser.Enabled ? RegistryPermission.MetadataRead | RegistryPermission.Pull | RegistryPermission.Push | RegistryPermission.Delete : RegistryPermission.None;
            case IdentitySource.Token:
                return snapshot.Tokens.TryGetValue(principal.Id, out var token) && token.IsUsable(_time.GetUtcNow())
                    && ScopeMapOf(snapshot, token.ScopeMap) is { } map ? map.PermissionsFor(repository) : RegistryPermission.None;
            case IdentitySource.Entra:
                var permissions = RegistryPermission.None;
                foreach (var a in snapshot.Assignments)
                {
                    if (a.AppliesTo(principal) && RepositoryPattern.Matches(a.Scope, repository)) permissions |= BuiltInRoles.PermissionsOf(a.Role);
                }
                return permissions;
            default:
                return RegistryPermission.None;
        }
    }

    /// <summary>Gateway-wide permissions (Manage, AuditRead): only grants on the pattern <c>*</c> count.</summary>
    public RegistryPermission GlobalPermissionsFor(GatewayPrincipal principal)
    {
        if (principal.Source != IdentitySource.Entra) return PermissionsFor(principal, "*") & (RegistryPermission.Manage | RegistryPermission.AuditRead);
        var permissions = RegistryPermission.None;
        foreach (var a in _snapshot.Assignments)
        {
            if (a.Scope == "*" && a.AppliesTo(principal)) permissions |= BuiltInRoles.PermissionsOf(a.Role);
        }
        return permissions & (RegistryPermission.Manage | RegistryPermission.AuditRead);
    }

    /// <summary>The role names the principal holds on any scope (claims for admission input and audit).</summary>
    public IReadOnlyList<string> RolesOf(GatewayPrincipal principal) => principal.Source switch
    {
        IdentitySource.Bootstrap => [BuiltInRoles.Owner],
        IdentitySource.AdminUser => [BuiltInRoles.Push, BuiltInRoles.Delete],
        IdentitySource.Token => [],
        _ => _snapshot.Assignments.Where(a => a.AppliesTo(principal)).Select(a => a.Role).Distinct().Order(StringComparer.Ordinal).ToArray(),
    };

    /// <summary>Whether the credential behind a principal is still valid now (token not deleted or disabled, admin user still on).</summary>
    public bool IsStillValid(GatewayPrincipal principal) => principal.Source switch
    {
        IdentitySource.Bootstrap => IsBootstrapEnabled,
        IdentitySource.AdminUser => _snapshot.AdminUser.Enabled,
        IdentitySource.Token => _snapshot.Tokens.TryGetValue(principal.Id, out var t) && t.IsUsable(_time.GetUtcNow()),
        IdentitySource.Entra => true,
        _ => false,
    };

    /// <summary>
    /// What a cached password check depends on: the principal's stored password hashes (tokens, admin user). A cache
    /// entry holds while this is unchanged, so regenerating a password retires the old one at once while unrelated
    /// identity changes do not force everyone to log in again.
    /// </summary>
    public string CredentialStamp(GatewayPrincipal principal) => principal.Source switch
    {
        IdentitySource.AdminUser => string.Join('|', _snapshot.AdminUser.Passwords.Select(p => p.Hash)),
        IdentitySource.Token => _snapshot.Tokens.TryGetValue(principal.Id, out var t) ? string.Join('|', t.Passwords.Select(p => p.Hash)) : "",
        _ => "",
    };

    public bool IsBootstrapEnabled => !string.IsNullOrEmpty(_options.BootstrapPassword) || !string.IsNullOrEmpty(_options.BootstrapPasswordHash);

    private static ScopeMap? ScopeMapOf(IdentitySnapshot snapshot, string name) =>
        snapshot.ScopeMaps.TryGetValue(name, out var map) ? map : ScopeMap.BuiltIns.FirstOrDefault(m => m.Name == name);
}
