namespace Gateway.Core.Signing;

public enum SignatureFormat
{
    /// <summary>cosign simple signing: a payload layer of the .sig manifest plus its signature annotation.</summary>
    Cosign,

    /// <summary>Notary Project (notation) JWS envelope, attached to the image through the referrers API.</summary>
    Notation,
}
