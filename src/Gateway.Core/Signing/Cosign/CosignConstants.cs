namespace Gateway.Core.Signing.Cosign;

/// <summary>The names cosign's "simple signing" format uses in a registry.</summary>
public static class CosignConstants
{
    /// <summary>Layer annotation holding the base64 signature over the layer (the payload).</summary>
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    public const string SimpleSigningMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";

    public const string PayloadType = "cosign container image signature";
}
