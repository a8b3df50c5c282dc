using System.Security.Cryptography;

namespace Gateway.Core.Audit;

/// <summary>
/// The ECDSA P-256 key that signs audit checkpoints. Kept as a PKCS#8 PEM file in the data folder and
/// generated on first start (development); production deployments provide their own file. The public key
/// travels with every export, and <c>gateway audit verify --public-key</c> pins it.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private AuditSigningKey(ECDsa key)
    {
        _key = key;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        KeyId = KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    public string KeyId { get; }
    public string PublicKeyPem { get; }

    public static AuditSigningKey LoadOrCreate(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new AuditSigningKey(key);
    }

    public AuditCheckpoint Sign(long sequence, string headHash, DateTimeOffset time) =>
        new(sequence, headHash, time, KeyId, Convert.ToBase64String(_key.SignData(AuditCheckpoint.SignedBytes(sequence, headHash, time), HashAlgorithmName.SHA256)));

    public static bool Verify(string publicKeyPem, AuditCheckpoint checkpoint)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return KeyIdOf(key.ExportSubjectPublicKeyInfo()) == checkpoint.KeyId
            && key.VerifyData(AuditCheckpoint.SignedBytes(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.Time), Convert.FromBase64String(checkpoint.Signature), HashAlgorithmName.SHA256);
    }

    private static string KeyIdOf(byte[] spki) => Convert.ToHexStringLower(SHA256.HashData(spki))[..16];

    public void Dispose() => _key.Dispose();
}
