using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Notation;

/// <summary>What to push for a notation signature: the blobs (config "{}" and the JWS envelope), then the manifest,
/// which names the signed image as its subject (found through the referrers API).</summary>
public sealed record NotationSignatureArtifact(byte[] Envelope, byte[] Manifest, Digest ManifestDigest, IReadOnlyList<OciBlob> Blobs,
    IReadOnlyDictionary<string, string> Annotations);
