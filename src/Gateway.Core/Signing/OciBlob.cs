using Gateway.Core.Oci;

namespace Gateway.Core.Signing;

/// <summary>A blob a signer produced that has to be pushed along with its signature manifest.</summary>
public sealed record OciBlob(string MediaType, Digest Digest, byte[] Content)
{
    public static OciBlob Of(string mediaType, byte[] content) => new(mediaType, Digest.Sha256Of(content), content);

    public Descriptor Descriptor(IReadOnlyDictionary<string, string>? annotations = null) => new(MediaType, Digest, Content.LongLength, Annotations: annotations);
}
