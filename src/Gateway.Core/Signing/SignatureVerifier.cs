using Gateway.Core.Oci;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Signing.Notation;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Signing;

/// <summary>
/// Judges the signatures of one manifest under the trust policy: finds the policy governing the repository, checks
/// every candidate against the keys and trust stores that policy names, and turns the level into a verdict.
/// </summary>
public sealed class SignatureVerifier(TrustPolicyDocument document, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TrustPolicyDocument Document => document;

    public SignatureVerdict Verify(string repository, Descriptor subject, IReadOnlyList<SignatureCandidate> candidates)
    {
        var policy = document.FindPolicy(repository);
        if (policy is null)
            return new SignatureVerdict(null, VerificationLevel.Skip, false, true, $"no trust policy covers repository '{repository}'", [], document.Version);
        if (policy.Level == VerificationLevel.Skip)
            return new SignatureVerdict(policy.Name, VerificationLevel.Skip, false, true, $"policy '{policy.Name}' skips verification", [], document.Version);

        var now = _time.GetUtcNow();
        var checks = candidates.Select(c => c.Format switch
        {
            SignatureFormat.Cosign => CheckCosign(policy, repository, subject, c),
            SignatureFormat.Notation => CheckNotation(policy, subject, c, now),
            _ => new SignatureCheck(c.Format, c.EffectiveDigest, false, $"signature format {c.Format} is not supported"),
        }).ToArray();

        var verified = checks.Any(c => c.Verified);
        var reason = verified
            ? $"verified by {checks.First(c => c.Verified).Signer} under policy '{policy.Name}'"
            : checks.Length == 0 ? "no signatures" : "no signature verified";
        var allowed = verified || policy.Level != VerificationLevel.Enforce;
        if (!verified && policy.Level == VerificationLevel.Audit) reason += " (audit: allowed)";
        return new SignatureVerdict(policy.Name, policy.Level, verified, allowed, reason, checks, document.Version);
    }

    private SignatureCheck CheckCosign(TrustPolicy policy, string repository, Descriptor subject, SignatureCandidate candidate)
    {
        var digest = candidate.EffectiveDigest;
        var signature = candidate.Annotations?.GetValueOrDefault(CosignConstants.SignatureAnnotation);
        if (string.IsNullOrEmpty(signature)) return new SignatureCheck(SignatureFormat.Cosign, digest, false, $"layer has no {CosignConstants.SignatureAnnotation} annotation");
        var keys = document.CosignKeysFor(policy);
        if (keys.Count == 0) return new SignatureCheck(SignatureFormat.Cosign, digest, false, $"policy '{policy.Name}' trusts no cosign keys");

        var failures = new List<string>();
        foreach (var (name, pem) in keys)
        {
            var result = CosignVerifier.Verify(candidate.Content, signature, pem, subject.Digest, repository);
            if (result.Verified) return new SignatureCheck(SignatureFormat.Cosign, digest, true, result.Reason, $"{name} sha256:{result.KeyId}");
            failures.Add($"key '{name}': {result.Reason}");
        }
        return new SignatureCheck(SignatureFormat.Cosign, digest, false, string.Join("; ", failures));
    }

    private SignatureCheck CheckNotation(TrustPolicy policy, Descriptor subject, SignatureCandidate candidate, DateTimeOffset now)
    {
        var digest = candidate.EffectiveDigest;
        if (policy.TrustStores.Count == 0) return new SignatureCheck(SignatureFormat.Notation, digest, false, $"policy '{policy.Name}' has no trust stores for notation signatures");
        var result = NotationVerifier.Verify(candidate.Content, subject, document.CertificatesFor(policy), policy.TrustedIdentities, now);
        return new SignatureCheck(SignatureFormat.Notation, digest, result.Verified, result.Reason, result.Identity, result.SigningTime);
    }
}
