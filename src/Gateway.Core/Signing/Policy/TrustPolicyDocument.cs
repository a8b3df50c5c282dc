using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Signing.Policy;

/// <summary>
/// A loaded, validated trust policy file (trustpolicy.json in the spirit of notation's): the policies, the named
/// trust stores (CA certificates) and the named cosign public keys they refer to.
/// </summary>
public sealed class TrustPolicyDocument
{
    internal TrustPolicyDocument(string version, IReadOnlyList<TrustPolicy> policies,
        IReadOnlyDictionary<string, IReadOnlyList<X509Certificate2>> trustStores, IReadOnlyDictionary<string, string> cosignKeys)
    {
        Version = version;
        Policies = policies;
        TrustStores = trustStores;
        CosignKeys = cosignKeys;
    }

    /// <summary>SHA-256 (hex) of the canonical document with referenced files inlined; changes whenever anything that
    /// can change a verdict changes, so cached verdicts can be keyed on it.</summary>
    public string Version { get; }

    public IReadOnlyList<TrustPolicy> Policies { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<X509Certificate2>> TrustStores { get; }

    /// <summary>Cosign public keys by name, as PEM.</summary>
    public IReadOnlyDictionary<string, string> CosignKeys { get; }

    public static TrustPolicyDocument Load(string path) => TrustPolicyLoader.Load(path);

    /// <param name="baseDirectory">Where "file:" references are resolved; null forbids them.</param>
    public static TrustPolicyDocument Parse(string json, string? baseDirectory = null) => TrustPolicyLoader.Parse(json, baseDirectory);

    /// <summary>The policy governing a repository: the one with the most specific matching scope, or null.</summary>
    public TrustPolicy? FindPolicy(string repository)
    {
        TrustPolicy? best = null;
        RepositoryScope? bestScope = null;
        foreach (var policy in Policies)
        {
            var scope = policy.MatchingScope(repository);
            if (scope is not null && (bestScope is null || scope.Specificity.CompareTo(bestScope.Specificity) > 0))
            {
                best = policy;
                bestScope = scope;
            }
        }
        return best;
    }

    /// <summary>Every CA certificate of the trust stores a policy names.</summary>
    public IReadOnlyList<X509Certificate2> CertificatesFor(TrustPolicy policy) =>
        policy.TrustStores.SelectMany(name => TrustStores[name]).ToArray();

    /// <summary>The cosign keys a policy names, as (name, PEM).</summary>
    public IReadOnlyList<(string Name, string Pem)> CosignKeysFor(TrustPolicy policy) =>
        policy.CosignKeys.Select(name => (name, CosignKeys[name])).ToArray();
}
