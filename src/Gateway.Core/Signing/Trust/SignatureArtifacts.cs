using Gateway.Core.Oci;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Signing.Notation;

namespace Gateway.Core.Signing.Trust;

/// <summary>Recognises signature artifacts (which stay readable in enforced scopes) and the manifest each one signs.</summary>
public static class SignatureArtifacts
{
    /// <summary>
    /// A notation signature (artifact type), or a cosign signature manifest (every layer a simple-signing payload).
    /// Other referrers (SBOMs, attestations) are content like any other and need a signature themselves.
    /// </summary>
    public static bool IsSignature(ParsedManifest? manifest) =>
        manifest is not null && (IsNotation(manifest) || IsCosign(manifest));

    /// <summary>The digest a signature artifact signs: the notation subject, or the digest in the cosign tag.</summary>
    public static Digest? SignedDigest(ParsedManifest manifest, string? tag)
    {
        if (IsNotation(manifest)) return manifest.Subject?.Digest;
        if (IsCosign(manifest) && tag is not null && CosignSignatureTag.TryParse(tag, out var digest)) return digest;
        return null;
    }

    private static bool IsNotation(ParsedManifest m) =>
        m.ArtifactType == NotationConstants.ArtifactType || m.Config?.MediaType == NotationConstants.ArtifactType;

    private static bool IsCosign(ParsedManifest m) =>
        m.Layers.Count > 0 && m.Manifests.Count == 0 && m.Layers.All(l => l.MediaType == CosignConstants.SimpleSigningMediaType);
}
