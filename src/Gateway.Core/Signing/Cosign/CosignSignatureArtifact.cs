using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>What to push for cosign signatures: the blobs (config and payloads), then the manifest under <see cref="Tag"/>.</summary>
public sealed record CosignSignatureArtifact(string Tag, byte[] Manifest, Digest ManifestDigest, IReadOnlyList<OciBlob> Blobs,
    IReadOnlyList<CosignSignatureLayer> Layers);
