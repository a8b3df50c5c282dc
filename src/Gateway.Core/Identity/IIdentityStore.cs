namespace Gateway.Core.Identity;

/// <summary>Durable home of role assignments, scope maps, repository tokens and the admin user (small: read whole, written one item at a time).</summary>
public interface IIdentityStore
{
    Task InitializeAsync(CancellationToken cancellationToken);
    Task<IdentitySnapshot> LoadAsync(CancellationToken cancellationToken);
    Task PutAssignmentAsync(RoleAssignment assignment, CancellationToken cancellationToken);
    Task<bool> DeleteAssignmentAsync(string id, CancellationToken cancellationToken);
    Task PutScopeMapAsync(ScopeMap scopeMap, CancellationToken cancellationToken);
    Task<bool> DeleteScopeMapAsync(string name, CancellationToken cancellationToken);
    Task PutTokenAsync(RepositoryToken token, CancellationToken cancellationToken);
    Task<bool> DeleteTokenAsync(string name, CancellationToken cancellationToken);
    Task PutAdminUserAsync(AdminUser adminUser, CancellationToken cancellationToken);
}

/// <summary>Everything the identity store holds, as one immutable value.</summary>
public sealed record IdentitySnapshot(
    IReadOnlyList<RoleAssignment> Assignments,
    IReadOnlyDictionary<string, ScopeMap> ScopeMaps,
    IReadOnlyDictionary<string, RepositoryToken> Tokens,
    AdminUser AdminUser);
