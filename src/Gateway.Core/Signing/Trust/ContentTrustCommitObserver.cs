using Gateway.Core.Audit;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Signing.Trust;

/// <summary>
/// Records the quarantine side of trusted push: a new manifest in an enforced (or audited) scope with no verifying
/// signature is quarantined; a signature that verifies releases its manifest; one that does not is recorded with why.
/// </summary>
public sealed class ContentTrustCommitObserver(ContentTrust trust, AuditLog log, TimeProvider time) : IManifestCommitObserver
{
    public async ValueTask OnCommitAsync(ValidatedManifest manifest, OciError? error, CancellationToken cancellationToken)
    {
        if (error is not null || trust.Store.Current is null) return;
        var signed = SignatureArtifacts.SignedDigest(manifest.Parsed, manifest.Tag);
        if (signed is { } subject)
        {
            var verdict = await trust.EvaluateAsync(manifest.Repository, subject, cancellationToken);
            if (verdict.Level == VerificationLevel.Skip) return;
            var mine = verdict.Signatures.Where(s => s.SignatureDigest == manifest.Digest || manifest.Parsed.Layers.Any(l => l.Digest == s.SignatureDigest)).ToList();
            await RecordAsync(verdict.Verified ? "trust.release" : "trust.verify", verdict.Verified ? "succeeded" : "failed", manifest.Repository, subject, verdict,
                verdict.Verified ? $"released by signature {manifest.Digest}: {verdict.Reason}" : string.Join("; ", mine.Select(s => s.Reason).DefaultIfEmpty(verdict.Reason)), cancellationToken);
            return;
        }
        if (SignatureArtifacts.IsSignature(manifest.Parsed)) return;
        var own = await trust.EvaluateAsync(manifest.Repository, manifest.Digest, cancellationToken);
        if (own.Level == VerificationLevel.Skip || own.Verified) return;
        await RecordAsync("trust.quarantine", own.Level == VerificationLevel.Enforce ? "held" : "audited", manifest.Repository, manifest.Digest, own,
            $"{own.Reason}; not pullable until a signature that verifies is attached", cancellationToken);
    }

    private Task RecordAsync(string operation, string result, string repository, Digest digest, SignatureVerdict verdict, string reason, CancellationToken cancellationToken) =>
        log.RecordAsync(new AuditEvent
        {
            Time = time.GetUtcNow(),
            Operation = operation,
            Result = result,
            Repository = repository,
            Digest = digest.ToString(),
            Reason = $"policy '{verdict.PolicyName}' ({verdict.Level.ToString().ToLowerInvariant()}): {reason}",
            PolicyVersion = verdict.PolicyVersion,
        }, cancellationToken);
}
