namespace Gateway.Core.Encryption;

/// <summary>
/// Source of key-encryption keys, shaped like Azure Key Vault's <c>wrapkey</c>/<c>unwrapkey</c>
/// operations: the KEK itself never has to leave the provider.
/// </summary>
/// <remarks>
/// Failure contract, relied on by the envelope layer to fail closed:
/// <list type="bullet">
/// <item><see cref="UnwrapKeyAsync"/> throws <see cref="System.Security.Cryptography.CryptographicException"/>
/// when, and only when, the wrapped key does not authenticate under the named KEK (tampered, or wrapped
/// by another key). The envelope reader reports that as <see cref="EnvelopeTamperedException"/>.</item>
/// <item>Every other failure (unknown key or version, provider unreachable, access denied) throws
/// anything else — preferably <see cref="KeyProviderException"/> — and is propagated unchanged.</item>
/// </list>
/// No method ever returns a default or empty key in place of failing.
/// </remarks>
public interface IKeyProvider
{
    /// <summary>Short name for diagnostics, e.g. "development" or "azure-key-vault".</summary>
    string Name { get; }

    /// <summary>True when the keys are development keys (keys-dev/): the server refuses them in Production unless allowed.</summary>
    bool IsDevelopmentKey { get; }

    /// <summary>The KEK new envelopes are wrapped with.</summary>
    Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken);

    /// <summary>Wraps (encrypts and authenticates) a data key with the given KEK.</summary>
    Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken);

    /// <summary>Unwraps a data key previously wrapped with the given KEK.</summary>
    Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken);
}
