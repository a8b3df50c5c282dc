using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Signing.Keys;

/// <summary>
/// Development signing material in keys-dev/: an ECDSA P-256 key (cosign format) and, for notation, a self-signed
/// root and a code-signing leaf for that key. Made on first use; refused in Production unless explicitly allowed.
/// </summary>
public sealed class DevelopmentSigningKey : IImageSigningKey, IDisposable
{
    private readonly ECDsa _key;
    private readonly string _folder;

    private DevelopmentSigningKey(ECDsa key, string folder)
    {
        _key = key;
        _folder = folder;
    }

    public string Name => "development";
    public bool IsDevelopmentKey => true;

    public static DevelopmentSigningKey LoadOrCreate(string folder)
    {
        var key = Encryption.KeyFiles.LoadOrCreateEcdsaP256(Path.Combine(folder, "signing-key.pem"));
        File.WriteAllText(Path.Combine(folder, "signing-key.pub"), key.ExportSubjectPublicKeyInfoPem());
        return new DevelopmentSigningKey(key, folder);
    }

    public Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken) => Task.FromResult(_key.ExportSubjectPublicKeyInfoPem());

    public Task<byte[]> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken) => Task.FromResult(_key.SignHash(sha256));

    /// <summary>The notation certificate chain for this key (leaf with the private key, then the root), made once and kept beside the key.</summary>
    public (X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Chain) NotationCertificates()
    {
        var rootPath = Path.Combine(_folder, "notation-root.crt");
        var leafPath = Path.Combine(_folder, "notation-leaf.crt");
        if (!File.Exists(rootPath) || !File.Exists(leafPath))
        {
            using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var rootRequest = new CertificateRequest("CN=Gateway Development Root,O=Gateway", rootKey, HashAlgorithmName.SHA256);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            var now = DateTimeOffset.UtcNow.AddMinutes(-5);
            using var root = rootRequest.CreateSelfSigned(now, now.AddYears(5));
            var leafRequest = new CertificateRequest("CN=Gateway Development Signer,O=Gateway", _key, HashAlgorithmName.SHA256);
            leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
            using var leaf = leafRequest.Create(root, now, now.AddYears(2), RandomNumberGenerator.GetBytes(16));
            File.WriteAllText(rootPath, root.ExportCertificatePem());
            File.WriteAllText(leafPath, leaf.ExportCertificatePem());
        }
        var rootCert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(PemBody(File.ReadAllText(rootPath))));
        using var leafPublic = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(PemBody(File.ReadAllText(leafPath))));
        return (leafPublic.CopyWithPrivateKey(_key), [rootCert]);
    }

    private static string PemBody(string pem) => PemEncoding.Find(pem) is var f ? pem[f.Base64Data] : "";

    public void Dispose() => _key.Dispose();
}
