using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Tests.Signing;

/// <summary>Builds throwaway CA and code-signing certificates with CertificateRequest.</summary>
public static class TestPki
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private const string CodeSigningOid = "1.3.6.1.5.5.7.3.3";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Root(string subject = "CN=Test Root,O=Acme", bool rsa = false, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var request = rsa ? RsaRequest(subject, RSA.Create(2048)) : EcRequest(subject, ECDsa.Create(ECCurve.NamedCurves.nistP384));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore ?? T0.AddYears(-1), notAfter ?? T0.AddYears(10));
    }

    public enum LeafKey { P256, P384, Rsa2048, Rsa3072 }

    public static X509Certificate2 Leaf(X509Certificate2 issuer, string subject = "CN=Release,O=Acme,C=US", LeafKey key = LeafKey.P256,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool serverAuth = false)
    {
        AsymmetricAlgorithm privateKey = key switch
        {
            LeafKey.P256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            LeafKey.P384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            LeafKey.Rsa2048 => RSA.Create(2048),
            _ => RSA.Create(3072),
        };
        var request = privateKey is RSA rsa ? RsaRequest(subject, rsa) : EcRequest(subject, (ECDsa)privateKey);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? ServerAuthOid : CodeSigningOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        // The generator overload lets an RSA CA sign an EC leaf and vice versa.
        var generator = issuer.GetRSAPrivateKey() is { } caRsa
            ? X509SignatureGenerator.CreateForRSA(caRsa, RSASignaturePadding.Pkcs1)
            : X509SignatureGenerator.CreateForECDsa(issuer.GetECDsaPrivateKey()!);
        using var issued = request.Create(issuer.SubjectName, generator, notBefore ?? T0.AddDays(-30), notAfter ?? T0.AddYears(1), serial);
        return privateKey switch
        {
            RSA r => issued.CopyWithPrivateKey(r),
            _ => issued.CopyWithPrivateKey((ECDsa)privateKey),
        };
    }

    private static CertificateRequest EcRequest(string subject, ECDsa key) => new(subject, key, key.KeySize switch
    {
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    });

    private static CertificateRequest RsaRequest(string subject, RSA key) => new(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
