namespace Gateway.Core.Signing.Notation;

/// <summary>Names from the Notary Project signature specification (JWS envelope, notary.x509 signing scheme).</summary>
public static class NotationConstants
{
    public const string ArtifactType = "application/vnd.cncf.notary.signature";
    public const string JwsEnvelopeMediaType = "application/jose+json";
    public const string PayloadContentType = "application/vnd.cncf.notary.payload.v1+json";
    public const string ThumbprintAnnotation = "io.cncf.notary.x509chain.thumbprint#S256";

    public const string SigningSchemeHeader = "io.cncf.notary.signingScheme";
    public const string SigningTimeHeader = "io.cncf.notary.signingTime";
    public const string AuthenticSigningTimeHeader = "io.cncf.notary.authenticSigningTime";
    public const string ExpiryHeader = "io.cncf.notary.expiry";
    public const string VerificationPluginHeader = "io.cncf.notary.verificationPlugin";
    public const string VerificationPluginMinVersionHeader = "io.cncf.notary.verificationPluginMinVersion";
    public const string SigningAgentHeader = "io.cncf.notary.signingAgent";

    public const string SchemeX509 = "notary.x509";
    public const string SchemeSigningAuthority = "notary.x509.signingAuthority";
}
