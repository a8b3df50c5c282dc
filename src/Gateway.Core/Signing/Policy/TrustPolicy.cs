namespace Gateway.Core.Signing.Policy;

/// <summary>
/// One named entry of the trust policy file: which repositories it governs, how strictly, and which signers it
/// trusts (notation: trust stores plus identities; cosign: named public keys).
/// </summary>
public sealed record TrustPolicy(
    string Name,
    IReadOnlyList<RepositoryScope> RegistryScopes,
    VerificationLevel Level,
    IReadOnlyList<string> TrustStores,
    IReadOnlyList<TrustedIdentity> TrustedIdentities,
    IReadOnlyList<string> CosignKeys)
{
    /// <summary>The most specific of this policy's scopes that matches the repository, or null.</summary>
    public RepositoryScope? MatchingScope(string repository) =>
        RegistryScopes.Where(s => s.Matches(repository)).MaxBy(s => s.Specificity);
}
