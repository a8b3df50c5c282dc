namespace Gateway.Core.Identity;

public sealed partial class IdentityDirectory
{
    // Verified against when the user name is unknown, so an unknown user costs the same time as a wrong password.
    private static readonly string DummyHash = Passwords.Hash(Passwords.Generate());

    /// <summary>Checks registry-local credentials: the bootstrap owner, the admin user, a repository-scoped token.</summary>
    public CredentialCheck VerifyPassword(string userName, string password)
    {
        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        if (IsBootstrapEnabled && string.Equals(userName, _options.BootstrapUserName, StringComparison.Ordinal))
        {
            var matches = _options.BootstrapPassword is { Length: > 0 } configured
                ? Passwords.FixedTimeEquals(password, configured)
                : Passwords.Verify(_options.BootstrapPasswordHash!, password);
            return matches
                ? CredentialCheck.Ok(new GatewayPrincipal(_options.BootstrapUserName, _options.BootstrapUserName, PrincipalKind.User, IdentitySource.Bootstrap, null, []))
                : CredentialCheck.Fail("wrong password for the bootstrap owner");
        }
        if (string.Equals(userName, _options.AdminUserName, StringComparison.Ordinal))
        {
            if (!snapshot.AdminUser.Enabled)
            {
                Passwords.Verify(DummyHash, password);
                return CredentialCheck.Fail("the admin user is disabled");
            }
            return MatchesAny(snapshot.AdminUser.Passwords, password, now)
                ? CredentialCheck.Ok(new GatewayPrincipal(_options.AdminUserName, _options.AdminUserName, PrincipalKind.User, IdentitySource.AdminUser, null, []))
                : CredentialCheck.Fail("wrong password for the admin user");
        }
        if (snapshot.Tokens.TryGetValue(userName, out var token))
        {
            var matches = MatchesAny(token.Passwords, password, now);
            if (!matches) return CredentialCheck.Fail($"wrong password for token '{userName}'");
            if (!token.Enabled) return CredentialCheck.Fail($"token '{userName}' is disabled");
            if (!token.IsUsable(now)) return CredentialCheck.Fail($"token '{userName}' expired at {token.ExpiresAt:O}");
            return CredentialCheck.Ok(new GatewayPrincipal(token.Name, token.Name, PrincipalKind.Token, IdentitySource.Token, null, []));
        }
        Passwords.Verify(DummyHash, password);
        return CredentialCheck.Fail($"unknown user '{userName}'");
    }

    private static bool MatchesAny(IReadOnlyList<StoredPassword> passwords, string password, DateTimeOffset now)
    {
        // Check every slot (no early exit) so the time does not say which slot matched.
        var matched = false;
        foreach (var p in passwords)
        {
            if (Passwords.Verify(p.Hash, password) && (p.ExpiresAt is null || now < p.ExpiresAt)) matched = true;
        }
        return matched;
    }
}
