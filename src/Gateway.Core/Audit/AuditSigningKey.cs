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

    public static AuditSigningKey LoadOrCreate(string path) => new(Encryption.KeyFiles.LoadOrCreateEcdsaP256(path));

    public AuditCheckpoint Sign(long sequence, string headHash, DateTimeOffset time) =>
        new(sequence, headHash, time, KeyId, SignBytes(AuditCheckpoint.SignedBytes(sequence, headHash, time)));

    /// <summary>Seal a purge: the last deleted record's sequence and hash, and how many records went.</summary>
    public AuditPurgeMarker SignPurge(long sequence, string hash, long count, DateTimeOffset time) =>
        new(sequence, hash, count, time, KeyId, SignBytes(AuditPurgeMarker.SignedBytes(sequence, hash, count, time)));

    public static bool Verify(string publicKeyPem, AuditCheckpoint checkpoint) =>
        VerifyBytes(publicKeyPem, checkpoint.KeyId, AuditCheckpoint.SignedBytes(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.Time), checkpoint.Signature);

    public static bool Verify(string publicKeyPem, AuditPurgeMarker marker) =>
        VerifyBytes(publicKeyPem, marker.KeyId, AuditPurgeMarker.SignedBytes(marker.Sequence, marker.Hash, marker.Count, marker.Time), marker.Signature);

    private string SignBytes(byte[] data) => Convert.ToBase64String(_key.SignData(data, HashAlgorithmName.SHA256));

    private static bool VerifyBytes(string publicKeyPem, string keyId, byte[] data, string signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        var bytes = new byte[signature.Length];
        // A signature that is not even base64 is simply not a valid signature.
        return KeyIdOf(key.ExportSubjectPublicKeyInfo()) == keyId
            && Convert.TryFromBase64String(signature, bytes, out var length)
            && key.VerifyData(data, bytes.AsSpan(0, length), HashAlgorithmName.SHA256);
    }

    private static string KeyIdOf(byte[] spki) => Convert.ToHexStringLower(SHA256.HashData(spki))[..16];

    public void Dispose() => _key.Dispose();
}
