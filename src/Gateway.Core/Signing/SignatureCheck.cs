using Gateway.Core.Oci;

namespace Gateway.Core.Signing;

/// <summary>The verdict on one signature candidate.</summary>
/// <param name="Signer">The cosign key name and id ("release-key sha256:…"), or the notation signer's subject.</param>
public sealed record SignatureCheck(SignatureFormat Format, Digest SignatureDigest, bool Verified, string Reason, string? Signer = null,
    DateTimeOffset? SigningTime = null);
