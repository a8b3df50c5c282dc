using System.Text.RegularExpressions;

namespace Gateway.Core.Identity;

/// <summary>Changes to identities: each validates, writes through to the store, then reloads the snapshot (so every reader sees it at once).</summary>
public sealed partial class IdentityDirectory
{
    public async Task<IdentityOutcome<RoleAssignment>> AssignAsync(string principalId, string principalType, string role, string scope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(principalId)) return Invalid("principalId is required (an Entra object id, or an application id for service principals)");
        if (!PrincipalKind.Assignable.Contains(principalType)) return Invalid($"principalType '{principalType}' is not one of {string.Join(", ", PrincipalKind.Assignable)}");
        if (BuiltInRoles.Canonical(role) is not { } canonical) return Invalid($"unknown role '{role}': expected one of {string.Join(", ", BuiltInRoles.Names)}");
        if (RepositoryPattern.Validate(scope) is { } error) return Invalid(error);
        var existing = _snapshot.Assignments.FirstOrDefault(a => a.PrincipalId == principalId && a.PrincipalType == principalType && a.Role == canonical && a.Scope == scope);
        if (existing is not null) return existing;
        var assignment = new RoleAssignment(Guid.NewGuid().ToString("N"), principalId, principalType, canonical, scope, _time.GetUtcNow());
        await WriteAsync(() => _store.PutAssignmentAsync(assignment, cancellationToken), cancellationToken);
        return assignment;
    }

    public async Task<IdentityOutcome<bool>> RemoveAssignmentAsync(string id, CancellationToken cancellationToken)
    {
        var removed = false;
        await WriteAsync(async () => removed = await _store.DeleteAssignmentAsync(id, cancellationToken), cancellationToken);
        return removed ? true : NotFound($"no role assignment with id '{id}'");
    }

    public async Task<IdentityOutcome<ScopeMap>> PutScopeMapAsync(string name, string? description, IReadOnlyList<ScopeMapEntry> entries, CancellationToken cancellationToken)
    {
        if (!IsValidName(name)) return Invalid($"invalid scope map name '{name}': 5-50 characters, letters, digits, '-' and '_'");
        if (ScopeMap.BuiltIns.Any(m => m.Name == name)) return Conflict($"'{name}' is a system scope map and cannot be changed");
        if (entries.Count == 0) return Invalid("a scope map needs at least one repository entry");
        if (entries.Select(e => e.Validate()).FirstOrDefault(e => e is not null) is { } error) return Invalid(error);
        var map = new ScopeMap(name, description, entries);
        await WriteAsync(() => _store.PutScopeMapAsync(map, cancellationToken), cancellationToken);
        return map;
    }

    public async Task<IdentityOutcome<bool>> DeleteScopeMapAsync(string name, CancellationToken cancellationToken)
    {
        if (!_snapshot.ScopeMaps.ContainsKey(name)) return NotFound($"no scope map named '{name}'");
        if (_snapshot.Tokens.Values.FirstOrDefault(t => t.ScopeMap == name) is { } user) return Conflict($"scope map '{name}' is used by token '{user.Name}'; delete or change the token first");
        await WriteAsync(() => _store.DeleteScopeMapAsync(name, cancellationToken), cancellationToken);
        return true;
    }

    public IReadOnlyList<ScopeMap> ListScopeMaps() => ScopeMap.BuiltIns.Concat(_snapshot.ScopeMaps.Values.OrderBy(m => m.Name, StringComparer.Ordinal)).ToArray();

    /// <summary>Creates a token with two fresh passwords, returned once in plain form (only their hashes are kept).</summary>
    public async Task<IdentityOutcome<(RepositoryToken Token, IReadOnlyList<string> Passwords)>> CreateTokenAsync(string name, string scopeMap, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!IsValidName(name)) return Invalid($"invalid token name '{name}': 5-50 characters, letters, digits, '-' and '_'");
        if (name == _options.BootstrapUserName || name == _options.AdminUserName) return Conflict($"'{name}' is reserved for a local account");
        if (_snapshot.Tokens.ContainsKey(name)) return Conflict($"a token named '{name}' already exists");
        if (ScopeMapOf(_snapshot, scopeMap) is null) return Invalid($"no scope map named '{scopeMap}'");
        if (expiresAt is { } e && e <= _time.GetUtcNow()) return Invalid($"expiry {e:O} is in the past");
        var now = _time.GetUtcNow();
        var plain = new[] { Passwords.Generate(), Passwords.Generate() };
        var token = new RepositoryToken(name, scopeMap, true, expiresAt, [new("password1", Passwords.Hash(plain[0]), now), new("password2", Passwords.Hash(plain[1]), now)], now);
        await WriteAsync(() => _store.PutTokenAsync(token, cancellationToken), cancellationToken);
        return (token, plain);
    }

    public async Task<IdentityOutcome<RepositoryToken>> UpdateTokenAsync(string name, bool? enabled, string? scopeMap, CancellationToken cancellationToken)
    {
        if (!_snapshot.Tokens.TryGetValue(name, out var token)) return NotFound($"no token named '{name}'");
        if (scopeMap is not null && ScopeMapOf(_snapshot, scopeMap) is null) return Invalid($"no scope map named '{scopeMap}'");
        var updated = token with { Enabled = enabled ?? token.Enabled, ScopeMap = scopeMap ?? token.ScopeMap };
        await WriteAsync(() => _store.PutTokenAsync(updated, cancellationToken), cancellationToken);
        return updated;
    }

    /// <summary>Replaces one password slot of a token with a new password, returned once.</summary>
    public async Task<IdentityOutcome<string>> RegenerateTokenPasswordAsync(string name, string slot, CancellationToken cancellationToken)
    {
        if (!_snapshot.Tokens.TryGetValue(name, out var token)) return NotFound($"no token named '{name}'");
        if (slot is not ("password1" or "password2")) return Invalid($"password slot must be 'password1' or 'password2', not '{slot}'");
        var plain = Passwords.Generate();
        var updated = token with { Passwords = ReplaceSlot(token.Passwords, slot, plain) };
        await WriteAsync(() => _store.PutTokenAsync(updated, cancellationToken), cancellationToken);
        return plain;
    }

    public async Task<IdentityOutcome<bool>> DeleteTokenAsync(string name, CancellationToken cancellationToken)
    {
        if (!_snapshot.Tokens.ContainsKey(name)) return NotFound($"no token named '{name}'");
        await WriteAsync(() => _store.DeleteTokenAsync(name, cancellationToken), cancellationToken);
        return true;
    }

    /// <summary>Turns the admin user on (creating both passwords the first time; they are returned once) or off.</summary>
    public async Task<IReadOnlyList<string>> SetAdminUserEnabledAsync(bool enabled, CancellationToken cancellationToken)
    {
        var current = _snapshot.AdminUser;
        var plain = new List<string>();
        var passwords = current.Passwords;
        if (enabled && passwords.Count == 0)
        {
            plain.AddRange([Passwords.Generate(), Passwords.Generate()]);
            var now = _time.GetUtcNow();
            passwords = [new("password1", Passwords.Hash(plain[0]), now), new("password2", Passwords.Hash(plain[1]), now)];
        }
        await WriteAsync(() => _store.PutAdminUserAsync(new AdminUser(enabled, passwords), cancellationToken), cancellationToken);
        return plain;
    }

    public async Task<IdentityOutcome<string>> RegenerateAdminPasswordAsync(string slot, CancellationToken cancellationToken)
    {
        if (slot is not ("password1" or "password2")) return Invalid($"password slot must be 'password1' or 'password2', not '{slot}'");
        var current = _snapshot.AdminUser;
        var plain = Passwords.Generate();
        await WriteAsync(() => _store.PutAdminUserAsync(current with { Passwords = ReplaceSlot(current.Passwords, slot, plain) }, cancellationToken), cancellationToken);
        return plain;
    }

    private IReadOnlyList<StoredPassword> ReplaceSlot(IReadOnlyList<StoredPassword> passwords, string slot, string plain) =>
        passwords.Where(p => p.Slot != slot).Append(new StoredPassword(slot, Passwords.Hash(plain), _time.GetUtcNow())).OrderBy(p => p.Slot, StringComparer.Ordinal).ToArray();

    private async Task WriteAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await write();
            _snapshot = await _store.LoadAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{5,50}$")]
    private static partial Regex NamePattern();

    private static IdentityError Invalid(string message) => new(IdentityErrorKind.Invalid, message);
    private static IdentityError NotFound(string message) => new(IdentityErrorKind.NotFound, message);
    private static IdentityError Conflict(string message) => new(IdentityErrorKind.Conflict, message);
}
