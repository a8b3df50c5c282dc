using System.Security.Cryptography;
using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Signing.Keys;

/// <summary>An image signing key held in Azure Key Vault: the private part never leaves the vault; the vault signs digests.</summary>
public sealed class KeyVaultImageSigningKey(KeyVaultSigner signer) : IImageSigningKey
{
    public string Name => "azure-key-vault";
    public bool IsDevelopmentKey => false;

    public async Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken)
    {
        using var key = await signer.GetPublicKeyAsync(cancellationToken);
        return key switch
        {
            ECDsa ec => ec.ExportSubjectPublicKeyInfoPem(),
            RSA rsa => rsa.ExportSubjectPublicKeyInfoPem(),
            _ => throw new NotSupportedException($"unsupported Key Vault key type {key.GetType().Name}"),
        };
    }

    public async Task<byte[]> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken) =>
        (await signer.SignDigestAsync(sha256, cancellationToken)).Value;
}
