using System.Security.Cryptography;
using Azure;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// Key-encryption keys in Azure Key Vault: an RSA key whose versions wrap data keys with RSA-OAEP-256 inside
/// the vault, so the KEK never leaves it. New envelopes use the newest enabled version (looked up at most once
/// per cache period); older versions keep unwrapping what they wrapped until they are disabled.
/// </summary>
/// <remarks>
/// <see cref="KeyEncryptionKeyRef.KeyId"/> is the key's identifier without version
/// (<c>https://{vault}/keys/{name}</c>), <see cref="KeyEncryptionKeyRef.Version"/> the vault's version string.
/// Key Vault answers an unwrap of a value that does not decrypt under the key with 400 BadParameter
/// ("Error occurred while decoding OAEP padding"); that, and only that, becomes the contract's
/// <see cref="CryptographicException"/>. Every other failure is a <see cref="KeyProviderException"/>.
/// </remarks>
public sealed class KeyVaultKeyProvider : IKeyProvider
{
    public const string WrapAlgorithm = "RSA-OAEP-256";

    public static readonly TimeSpan DefaultCurrentKeyCacheDuration = TimeSpan.FromMinutes(1);

    private readonly KeyVaultKeysClient _client;
    private readonly string _keyName;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheDuration;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CurrentKey? _current;

    public KeyVaultKeyProvider(KeyVaultKeysClient client, string keyName, TimeProvider? time = null, TimeSpan? currentKeyCacheDuration = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        _client = client;
        _keyName = keyName;
        _time = time ?? TimeProvider.System;
        _cacheDuration = currentKeyCacheDuration ?? DefaultCurrentKeyCacheDuration;
        KeyId = new Uri(client.VaultUri, "keys/" + Uri.EscapeDataString(keyName)).AbsoluteUri;
    }

    public string Name => "azure-key-vault";

    public bool IsDevelopmentKey => false;

    /// <summary>The key's identifier without version, as recorded in envelope headers.</summary>
    public string KeyId { get; }

    public async Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_current is { } fresh && _time.GetUtcNow() < fresh.Until)
        {
            return fresh.Key;
        }

        // One lookup at a time: a burst of uploads after expiry must not become a burst of list calls.
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (_current is { } current && now < current.Until)
            {
                return current.Key;
            }

            var versions = await _client.GetKeyVersionsAsync(_keyName, cancellationToken).ConfigureAwait(false);
            var newest = versions
                .Where(v => v.IsUsableAt(now))
                .OrderByDescending(v => v.CreatedOn ?? DateTimeOffset.MinValue)
                .ThenByDescending(v => v.Version, StringComparer.Ordinal)
                .FirstOrDefault()
                ?? throw new KeyProviderException($"Key Vault key '{KeyId}' has no enabled version that is currently valid ({versions.Count} version(s) in all).");
            var key = new KeyEncryptionKeyRef(KeyId, newest.Version);
            _current = new CurrentKey(key, now + _cacheDuration);
            return key;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public async Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        CheckKeyId(kek);
        var result = await _client.WrapKeyAsync(_keyName, kek.Version, WrapAlgorithm, dataKey, cancellationToken).ConfigureAwait(false);
        return result.Value;
    }

    public async Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken)
    {
        CheckKeyId(kek);
        try
        {
            var result = await _client.UnwrapKeyAsync(_keyName, kek.Version, WrapAlgorithm, wrapped, cancellationToken).ConfigureAwait(false);
            return result.Value;
        }
        catch (KeyProviderException ex) when (ex.InnerException is RequestFailedException { Status: 400, ErrorCode: "BadParameter" })
        {
            throw new CryptographicException($"The wrapped data key does not decrypt under Key Vault key '{kek}': {ex.Message}", ex);
        }
    }

    private void CheckKeyId(KeyEncryptionKeyRef kek)
    {
        ArgumentNullException.ThrowIfNull(kek);
        if (!string.Equals(kek.KeyId, KeyId, StringComparison.Ordinal))
        {
            throw new KeyProviderException($"Key-encryption key '{kek.KeyId}' is not this gateway's Key Vault key (which is '{KeyId}').");
        }
    }

    private sealed record CurrentKey(KeyEncryptionKeyRef Key, DateTimeOffset Until);
}
