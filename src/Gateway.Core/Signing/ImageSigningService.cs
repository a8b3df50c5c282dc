using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Signing.Keys;
using Gateway.Core.Signing.Notation;

namespace Gateway.Core.Signing;

/// <summary>What a server-side signing produced: the signature manifest, where it is, and which key signed.</summary>
public sealed record ImageSignature(string Repository, Digest Subject, string Format, Digest SignatureManifest, string? Tag, string KeyName);

/// <summary>
/// Signs an image on behalf of an ImageSigner and attaches the signature like any client would (blobs, then the
/// signature manifest), so the commit observers see it: quarantine is released at once when the trust policy trusts
/// the gateway's key. Cosign signatures are appended to an existing .sig manifest, as cosign does.
/// </summary>
public sealed class ImageSigningService(IImageSigningKey key, ManifestService manifests, UploadService uploads, Storage.ContentStore content, TimeProvider time)
{
    public async Task<OciResult<ImageSignature>> SignAsync(string repository, string reference, string format, string registryHost, CancellationToken cancellationToken)
    {
        var stat = await manifests.StatAsync(repository, reference, cancellationToken);
        if (!stat.IsSuccess) return stat.Error;
        var subject = new Descriptor(stat.Value.MediaType, stat.Value.Digest, stat.Value.Size);
        return format switch
        {
            "cosign" => await SignCosignAsync(repository, subject, registryHost, cancellationToken),
            "notation" => await SignNotationAsync(repository, subject, cancellationToken),
            _ => OciError.Of(OciErrorCode.Unsupported, $"signature format '{format}' is not supported: use cosign or notation"),
        };
    }

    private async Task<OciResult<ImageSignature>> SignCosignAsync(string repository, Descriptor subject, string registryHost, CancellationToken cancellationToken)
    {
        var tag = CosignSignatureTag.For(subject.Digest);
        IReadOnlyList<CosignSignatureLayer> existing = [];
        var current = await manifests.GetAsync(repository, tag, cancellationToken);
        if (current.IsSuccess && current.Value.Parse() is { } parsed)
        {
            var layers = new List<CosignSignatureLayer>();
            foreach (var (layer, signature) in CosignSignatureManifest.Signatures(parsed))
            {
                var payload = await content.ReadBytesAsync(layer.Digest, cancellationToken);
                if (payload is not null) layers.Add(new CosignSignatureLayer(payload, signature));
            }
            existing = layers;
        }
        var signer = new CosignSigner(digest => key.SignDigestAsync(digest, cancellationToken), returnsIeeeP1363: true);
        var artifact = await signer.SignAsync($"{registryHost}/{repository}", subject.Digest, existing);
        return await AttachAsync(repository, artifact.Blobs, artifact.Manifest, tag, "cosign", subject.Digest, cancellationToken);
    }

    private async Task<OciResult<ImageSignature>> SignNotationAsync(string repository, Descriptor subject, CancellationToken cancellationToken)
    {
        if (key is not DevelopmentSigningKey development)
            return OciError.Of(OciErrorCode.Unsupported, "notation signing needs a certificate chain; it is available with the development key only (Key Vault certificates are not supported yet)");
        var (leaf, chain) = development.NotationCertificates();
        var artifact = new NotationSigner(leaf, chain, time).Sign(subject);
        return await AttachAsync(repository, artifact.Blobs, artifact.Manifest, null, "notation", subject.Digest, cancellationToken);
    }

    private async Task<OciResult<ImageSignature>> AttachAsync(string repository, IReadOnlyList<OciBlob> blobs, byte[] manifest, string? tag, string format, Digest subject, CancellationToken cancellationToken)
    {
        foreach (var blob in blobs)
        {
            await using var stream = new MemoryStream(blob.Content, writable: false);
            var uploaded = await uploads.UploadMonolithicAsync(repository, blob.Digest, stream, cancellationToken);
            if (!uploaded.IsSuccess) return uploaded.Error;
        }
        var digest = Digest.Sha256Of(manifest);
        var validated = await manifests.ValidateAsync(repository, tag ?? digest.ToString(), MediaTypes.OciManifest, manifest, cancellationToken);
        if (!validated.IsSuccess) return validated.Error;
        var committed = await manifests.CommitAsync(validated.Value, cancellationToken);
        if (!committed.IsSuccess) return committed.Error;
        return OciResult<ImageSignature>.Ok(new ImageSignature(repository, subject, format, digest, tag, key.Name));
    }
}
