using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>One cosign signature: the payload blob (a layer of the .sig manifest) and its base64 signature annotation.</summary>
public sealed record CosignSignatureLayer(byte[] Payload, string Signature)
{
    public Digest Digest => Digest.Sha256Of(Payload);

    public OciBlob Blob => OciBlob.Of(CosignConstants.SimpleSigningMediaType, Payload);

    public Descriptor Descriptor => Blob.Descriptor(new Dictionary<string, string> { [CosignConstants.SignatureAnnotation] = Signature });
}
