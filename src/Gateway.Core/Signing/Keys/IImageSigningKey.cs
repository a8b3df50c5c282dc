namespace Gateway.Core.Signing.Keys;

/// <summary>
/// The key the gateway signs images with. Its private part may live in a remote service (Key Vault): callers only
/// ever hand it a digest. Signatures come back in IEEE P1363 form (r‖s) for EC keys, as Key Vault returns them.
/// </summary>
public interface IImageSigningKey
{
    /// <summary>Short name for diagnostics: "development" or "azure-key-vault".</summary>
    string Name { get; }

    bool IsDevelopmentKey { get; }

    /// <summary>The public key (SubjectPublicKeyInfo PEM) that verifies this key's signatures: what a trust policy pins.</summary>
    Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken);

    /// <summary>Signs a SHA-256 digest.</summary>
    Task<byte[]> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken);
}
