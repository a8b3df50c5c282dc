using Gateway.Core.Admission;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Signing.Trust;

/// <summary>
/// Admission gate for "pull blocked for unsigned" and the release side of "trusted push = quarantine": in an
/// enforced scope, a manifest GET/HEAD is served only when a signature verifies under the trust policy (or the
/// manifest is a signature artifact, or a child of a verified index). Pushes are accepted and held; deletes clear
/// cached verdicts.
/// </summary>
public sealed class ContentTrustGate(ContentTrust trust) : IAdmissionGate
{
    public string Name => "content-trust";

    public async ValueTask<AdmissionDecision> EvaluateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Action == AdmissionAction.Delete) trust.Invalidate();
        if (request.Action != AdmissionAction.Pull || SignatureArtifacts.IsSignature(request.Manifest)) return AdmissionDecision.Allow(Name);
        var verdict = await trust.EvaluateAsync(request.Repository, request.Digest, cancellationToken);
        if (verdict.Allowed) return AdmissionDecision.Allow(Name);
        var tried = verdict.Signatures.Count == 0
            ? "no signature is attached"
            : string.Join("; ", verdict.Signatures.Select(s => $"{s.Format.ToString().ToLowerInvariant()} signature {s.SignatureDigest}: {s.Reason}"));
        return AdmissionDecision.Deny(Name,
            $"manifest {request.Digest} is quarantined by trust policy '{verdict.PolicyName ?? "(unloaded)"}' ({verdict.Level.ToString().ToLowerInvariant()}): {verdict.Reason}; {tried}. " +
            $"Attach a signature that verifies (a cosign {Cosign.CosignSignatureTag.For(request.Digest)} tag or a notation referrer), or have an ImageSigner run `gateway sign {request.Repository}@{request.Digest}`");
    }
}
