using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// Builds and reads the manifest cosign keeps under the <c>sha256-….sig</c> tag: an OCI image manifest with one
/// simple-signing layer per signature and a minimal image config listing those layers.
/// </summary>
public static class CosignSignatureManifest
{
    public static CosignSignatureArtifact Build(Digest signedDigest, IReadOnlyList<CosignSignatureLayer> layers)
    {
        if (layers.Count == 0) throw new ArgumentException("a signature manifest needs at least one signature", nameof(layers));
        var config = OciBlob.Of(MediaTypes.OciConfig, Config(layers));
        var manifest = OciManifestWriter.Write(config.Descriptor(), layers.Select(l => l.Descriptor));
        var blobs = layers.Select(l => l.Blob).Prepend(config).DistinctBy(b => b.Digest).ToArray();
        return new CosignSignatureArtifact(CosignSignatureTag.For(signedDigest), manifest, Digest.Sha256Of(manifest), blobs, layers);
    }

    /// <summary>The signature layers of a parsed .sig manifest: simple-signing layers that carry a signature annotation.</summary>
    public static IReadOnlyList<(Descriptor Layer, string Signature)> Signatures(ParsedManifest manifest) =>
        manifest.Layers
            .Where(l => l.MediaType == CosignConstants.SimpleSigningMediaType)
            .Select(l => (Layer: l, Signature: l.Annotations?.GetValueOrDefault(CosignConstants.SignatureAnnotation)))
            .Where(x => !string.IsNullOrEmpty(x.Signature))
            .Select(x => (x.Layer, x.Signature!))
            .ToArray();

    // A valid image config (architecture, os, rootfs.diff_ids) so that tools that inspect it do not choke.
    private static byte[] Config(IReadOnlyList<CosignSignatureLayer> layers)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("architecture", "");
            w.WriteString("os", "");
            w.WriteStartObject("config");
            w.WriteEndObject();
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            w.WriteStartArray("diff_ids");
            foreach (var layer in layers) w.WriteStringValue(layer.Digest.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
