using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Notation;

/// <summary>
/// Produces Notary Project signatures (JWS JSON serialization, signing scheme notary.x509) with a local certificate
/// and private key, plus the OCI manifest that attaches the envelope to the signed image.
/// </summary>
public sealed class NotationSigner
{
    public const string SigningAgent = "gateway/1";

    private readonly X509Certificate2 _leaf;
    private readonly IReadOnlyList<X509Certificate2> _chain;
    private readonly string _alg;
    private readonly TimeProvider _time;

    /// <param name="signingCertificate">The leaf certificate, with its RSA or ECDSA private key.</param>
    /// <param name="chain">The issuers from the leaf's CA up to and including the root, in order.</param>
    public NotationSigner(X509Certificate2 signingCertificate, IReadOnlyList<X509Certificate2> chain, TimeProvider? time = null)
    {
        if (!signingCertificate.HasPrivateKey) throw new ArgumentException("the signing certificate has no private key", nameof(signingCertificate));
        _leaf = signingCertificate;
        _chain = chain;
        _alg = JwsAlgorithm.ForCertificate(signingCertificate)
            ?? throw new ArgumentException("the signing key must be RSA 2048/3072/4096 or ECDSA P-256/P-384/P-521", nameof(signingCertificate));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The JWS algorithm the certificate's key dictates.</summary>
    public string Algorithm => _alg;

    /// <summary>The envelope bytes alone (a JWS document, media type application/jose+json).</summary>
    public byte[] CreateEnvelope(Descriptor subject, DateTimeOffset? expiry = null)
    {
        var signingTime = _time.GetUtcNow();
        var protectedHeader = Base64Url.EncodeToString(ProtectedHeader(signingTime, expiry));
        var payload = Base64Url.EncodeToString(NotationPayload.Create(subject));
        var signature = JwsAlgorithm.Sign(_leaf, _alg, Encoding.ASCII.GetBytes(protectedHeader + "." + payload));

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("payload", payload);
            w.WriteString("protected", protectedHeader);
            w.WriteStartObject("header");
            w.WriteStartArray("x5c");
            foreach (var certificate in Certificates()) w.WriteStringValue(Convert.ToBase64String(certificate.RawData));
            w.WriteEndArray();
            w.WriteString(NotationConstants.SigningAgentHeader, SigningAgent);
            w.WriteEndObject();
            w.WriteString("signature", Base64Url.EncodeToString(signature));
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>Signs an image manifest: the envelope, its "{}" config, and the signature manifest with the image as subject.</summary>
    public NotationSignatureArtifact Sign(Descriptor subject, DateTimeOffset? expiry = null)
    {
        var envelope = OciBlob.Of(NotationConstants.JwsEnvelopeMediaType, CreateEnvelope(subject, expiry));
        var config = OciBlob.Of(NotationConstants.ArtifactType, "{}"u8.ToArray());
        var annotations = new Dictionary<string, string> { [NotationConstants.ThumbprintAnnotation] = Thumbprints(Certificates()) };
        // The subject descriptor in a manifest carries no annotations: those belong to the signed payload.
        var subjectRef = new Descriptor(subject.MediaType, subject.Digest, subject.Size);
        var manifest = OciManifestWriter.Write(config.Descriptor(), [envelope.Descriptor()], subjectRef, NotationConstants.ArtifactType, annotations);
        return new NotationSignatureArtifact(envelope.Content, manifest, Digest.Sha256Of(manifest), [config, envelope], annotations);
    }

    /// <summary>The annotation value: a JSON array of the lower-case hex SHA-256 of each certificate, leaf first.</summary>
    public static string Thumbprints(IEnumerable<X509Certificate2> certificates) =>
        JsonSerializer.Serialize(certificates.Select(c => Convert.ToHexStringLower(SHA256.HashData(c.RawData))).ToArray());

    private IEnumerable<X509Certificate2> Certificates() => _chain.Prepend(_leaf);

    private byte[] ProtectedHeader(DateTimeOffset signingTime, DateTimeOffset? expiry)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("alg", _alg);
            w.WriteStartArray("crit");
            w.WriteStringValue(NotationConstants.SigningSchemeHeader);
            if (expiry is not null) w.WriteStringValue(NotationConstants.ExpiryHeader);
            w.WriteEndArray();
            w.WriteString("cty", NotationConstants.PayloadContentType);
            w.WriteString(NotationConstants.SigningSchemeHeader, NotationConstants.SchemeX509);
            w.WriteString(NotationConstants.SigningTimeHeader, Rfc3339(signingTime));
            if (expiry is not null) w.WriteString(NotationConstants.ExpiryHeader, Rfc3339(expiry.Value));
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    // The spec says fractional seconds SHOULD NOT be used.
    internal static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
