using Gateway.Core.Admission;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Signing;

/// <summary>
/// The trust policy's judgement of a manifest: verified when at least one signature verifies; allowed unless the
/// governing policy enforces and nothing verified.
/// </summary>
/// <param name="PolicyName">The policy that judged (null when no policy's scope covers the repository).</param>
/// <param name="PolicyVersion">The trust policy document version, for caching verdicts.</param>
public sealed record SignatureVerdict(string? PolicyName, VerificationLevel Level, bool Verified, bool Allowed, string Reason,
    IReadOnlyList<SignatureCheck> Signatures, string PolicyVersion)
{
    /// <summary>The form admission (the Rego input document) consumes.</summary>
    public SignatureState ToSignatureState() => new(
        Verified,
        Signatures.Select(s => new SignatureInfo(s.Format.ToString().ToLowerInvariant(), s.SignatureDigest, s.Verified, s.Signer, s.SigningTime,
            PolicyName, s.Reason)).ToArray(),
        PolicyName);
}
