using Gateway.Core.Oci;

namespace Gateway.Core.Signing;

/// <summary>
/// One signature found for a manifest, not yet judged. Cosign: <see cref="Content"/> is the payload layer and
/// <see cref="Annotations"/> the layer's annotations (which carry the signature). Notation: <see cref="Content"/> is the
/// JWS envelope and <see cref="Annotations"/> the signature manifest's.
/// </summary>
/// <param name="SignatureDigest">How to name the signature in results (the layer or signature manifest digest);
/// defaults to the SHA-256 of the content.</param>
public sealed record SignatureCandidate(SignatureFormat Format, byte[] Content, IReadOnlyDictionary<string, string>? Annotations = null,
    Digest? SignatureDigest = null)
{
    public Digest EffectiveDigest => SignatureDigest ?? Digest.Sha256Of(Content);
}
