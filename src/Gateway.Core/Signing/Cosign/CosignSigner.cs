using System.Formats.Asn1;
using System.Security.Cryptography;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// Signs cosign simple-signing payloads: ECDSA over SHA-256 of the exact payload bytes, DER encoded, base64 in the
/// layer annotation. The key is local, or a delegate that signs a SHA-256 digest elsewhere (e.g. a Key Vault key).
/// </summary>
public sealed class CosignSigner
{
    private readonly Func<byte[], Task<byte[]>> _signDigest;
    private readonly bool _p1363;

    public CosignSigner(ECDsa key)
    {
        _signDigest = digest => Task.FromResult(key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <param name="signDigest">Signs a 32-byte SHA-256 digest and returns an ECDSA signature.</param>
    /// <param name="returnsIeeeP1363">True when the delegate returns r||s (what JOSE-style services such as Key Vault
    /// return) rather than DER; the signer converts, because cosign verifiers expect DER.</param>
    public CosignSigner(Func<byte[], Task<byte[]>> signDigest, bool returnsIeeeP1363 = false)
    {
        _signDigest = signDigest;
        _p1363 = returnsIeeeP1363;
    }

    /// <summary>The base64 signature over a payload.</summary>
    public async Task<string> SignPayloadAsync(byte[] payload)
    {
        var signature = await _signDigest(SHA256.HashData(payload)).ConfigureAwait(false);
        return Convert.ToBase64String(_p1363 ? P1363ToDer(signature) : signature);
    }

    /// <summary>A signed payload for one image, as a .sig manifest layer.</summary>
    public async Task<CosignSignatureLayer> SignLayerAsync(string reference, Digest imageDigest)
    {
        var payload = CosignPayload.Create(reference, imageDigest);
        return new CosignSignatureLayer(payload, await SignPayloadAsync(payload).ConfigureAwait(false));
    }

    /// <summary>
    /// Signs an image and builds its signature manifest. Existing signatures (layers of the current .sig manifest) are
    /// kept, as cosign does: one layer per signature.
    /// </summary>
    public async Task<CosignSignatureArtifact> SignAsync(string reference, Digest imageDigest, IReadOnlyList<CosignSignatureLayer>? existing = null)
    {
        var layer = await SignLayerAsync(reference, imageDigest).ConfigureAwait(false);
        return CosignSignatureManifest.Build(imageDigest, [.. existing ?? [], layer]);
    }

    internal static byte[] P1363ToDer(byte[] signature)
    {
        if (signature.Length == 0 || signature.Length % 2 != 0) throw new CryptographicException("an IEEE P1363 ECDSA signature has an even, non-zero length");
        var half = signature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(signature.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(Minimal(signature.AsSpan(half)));
        }
        return writer.Encode();
    }

    // DER integers carry no redundant leading zero bytes.
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0) value = value[1..];
        return value;
    }
}
