using System.Collections.Concurrent;
using Gateway.Core.Admission;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Policy;
using Gateway.Core.Storage;

namespace Gateway.Core.Signing.Trust;

/// <summary>
/// Judges a manifest against the trust policy in force: finds its signatures, verifies them, and — when none
/// verifies — accepts it as the child of a verified index (multi-platform images are signed once, on the index).
/// Positive verdicts are cached per (repository, digest, trust policy version), so a pull of trusted content costs
/// a lookup; a changed policy or key file changes the version, so everything is judged again.
/// </summary>
public sealed class ContentTrust(TrustPolicyStore store, SignatureCandidates candidates, IMetadataStore metadata, TrustOptions options, TimeProvider time)
    : ISignatureStateSource
{
    private const int MaxIndexDepth = 2;
    private readonly ConcurrentDictionary<(string Repository, Digest Digest, string Version), (SignatureVerdict Verdict, DateTimeOffset Until)> _verified = new();
    private readonly ConcurrentDictionary<(string Repository, Digest Digest, string Version), DateTimeOffset> _releasedBlobs = new();

    public TrustPolicyStore Store => store;

    public Task<SignatureVerdict> EvaluateAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        EvaluateAsync(repository, digest, 0, cancellationToken);

    public async ValueTask<SignatureState> GetAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        (await EvaluateAsync(repository, digest, cancellationToken)).ToSignatureState();

    /// <summary>Forget cached verdicts (a signature or manifest was deleted).</summary>
    public void Invalidate()
    {
        _verified.Clear();
        _releasedBlobs.Clear();
    }

    /// <summary>
    /// Blob content (GET) in an enforced scope: served only when a manifest of the repository that references it is
    /// verified or is itself a signature artifact — so a quarantined image cannot be pulled layer by layer either.
    /// Null when allowed; otherwise why not.
    /// </summary>
    public async Task<string?> CheckBlobAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var document = store.Current;
        if (document is null) return store.FailedClosed ? "the trust policy file exists but has never loaded; content trust fails closed" : null;
        var policy = document.FindPolicy(repository);
        if (policy is null || policy.Level != VerificationLevel.Enforce) return null;
        var key = (repository, digest, document.Version);
        if (_releasedBlobs.TryGetValue(key, out var until) && until > time.GetUtcNow()) return null;
        foreach (var parent in await metadata.ListParentsAsync(repository, digest, cancellationToken))
        {
            var released = parent.ArtifactType == Notation.NotationConstants.ArtifactType
                || (await EvaluateAsync(repository, parent.Digest, cancellationToken)).Verified
                || SignatureArtifacts.IsSignature(await candidates.ReadManifestAsync(repository, parent.Digest, cancellationToken));
            if (!released) continue;
            _releasedBlobs[key] = time.GetUtcNow() + options.VerdictCacheTtl;
            return null;
        }
        return $"blob {digest} belongs to no verified manifest in {repository}; trust policy '{policy.Name}' enforces signatures";
    }

    private async Task<SignatureVerdict> EvaluateAsync(string repository, Digest digest, int depth, CancellationToken cancellationToken)
    {
        var document = store.Current;
        if (document is null)
        {
            return store.FailedClosed
                ? new SignatureVerdict(null, VerificationLevel.Enforce, false, false, "the trust policy file exists but has never loaded (see /gateway/v1/trust-policy); content trust fails closed", [], "unloaded")
                : new SignatureVerdict(null, VerificationLevel.Skip, false, true, "no trust policy is configured", [], "none");
        }
        var policy = document.FindPolicy(repository);
        if (policy is null || policy.Level == VerificationLevel.Skip)
            return new SignatureVerdict(policy?.Name, VerificationLevel.Skip, false, true, policy is null ? $"no trust policy covers '{repository}'" : $"trust policy '{policy.Name}' skips verification", [], document.Version);

        var key = (repository, digest, document.Version);
        if (_verified.TryGetValue(key, out var cached) && cached.Until > time.GetUtcNow()) return cached.Verdict;

        var record = await metadata.GetManifestAsync(repository, digest, cancellationToken);
        if (record is null)
            return new SignatureVerdict(policy.Name, policy.Level, false, policy.Level != VerificationLevel.Enforce, $"manifest {digest} is unknown in {repository}", [], document.Version);
        var verifier = new SignatureVerifier(document, time);
        var verdict = verifier.Verify(repository, new Descriptor(record.MediaType, digest, record.Size), await candidates.FindAsync(repository, digest, cancellationToken));
        if (!verdict.Verified && depth < MaxIndexDepth)
        {
            foreach (var parent in await metadata.ListParentsAsync(repository, digest, cancellationToken))
            {
                if (!MediaTypes.IsIndex(parent.MediaType)) continue;
                var parentVerdict = await EvaluateAsync(repository, parent.Digest, depth + 1, cancellationToken);
                if (!parentVerdict.Verified) continue;
                verdict = verdict with { Verified = true, Allowed = true, Reason = $"verified through index {parent.Digest}: {parentVerdict.Reason}", Signatures = parentVerdict.Signatures };
                break;
            }
        }
        if (verdict.Verified) _verified[key] = (verdict, time.GetUtcNow() + options.VerdictCacheTtl);
        return verdict;
    }
}
