using Gateway.Core.Oci;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Signing.Notation;
using Gateway.Core.Storage;

namespace Gateway.Core.Signing.Trust;

/// <summary>
/// Finds the signatures attached to a manifest: the cosign <c>sha256-&lt;hex&gt;.sig</c> tag's payload layers, and
/// notation envelopes among the manifest's referrers. Reads them from the (encrypted) content store.
/// </summary>
public sealed class SignatureCandidates(IMetadataStore metadata, ContentStore content)
{
    public async Task<IReadOnlyList<SignatureCandidate>> FindAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var candidates = new List<SignatureCandidate>();
        if (await metadata.ResolveTagAsync(repository, CosignSignatureTag.For(digest), cancellationToken) is { } sigDigest
            && await ReadManifestAsync(repository, sigDigest, cancellationToken) is { } sigManifest)
        {
            foreach (var (layer, _) in CosignSignatureManifest.Signatures(sigManifest))
            {
                if (await content.ReadBytesAsync(layer.Digest, cancellationToken) is { } payload)
                    candidates.Add(new SignatureCandidate(SignatureFormat.Cosign, payload, layer.Annotations, layer.Digest));
            }
        }
        foreach (var referrer in await metadata.ListReferrersAsync(repository, digest, NotationConstants.ArtifactType, cancellationToken))
        {
            if (await ReadManifestAsync(repository, referrer.Digest, cancellationToken) is not { } manifest) continue;
            foreach (var layer in manifest.Layers.Where(l => l.MediaType == NotationConstants.JwsEnvelopeMediaType))
            {
                if (await content.ReadBytesAsync(layer.Digest, cancellationToken) is { } envelope)
                    candidates.Add(new SignatureCandidate(SignatureFormat.Notation, envelope, manifest.Annotations, referrer.Digest));
            }
        }
        return candidates;
    }

    public async Task<ParsedManifest?> ReadManifestAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var record = await metadata.GetManifestAsync(repository, digest, cancellationToken);
        if (record is null || await content.ReadBytesAsync(digest, cancellationToken) is not { } bytes) return null;
        var parsed = ManifestParser.Parse(bytes, record.MediaType);
        return parsed.IsSuccess ? parsed.Value : null;
    }
}
