using System.Security.Cryptography;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// Signs digests with one version of an EC or RSA key in Key Vault; the private key never leaves the vault.
/// The version is pinned on first use (the newest, unless one is given), so every signature verifies with the
/// public key <see cref="GetPublicKeyAsync"/> returns. Create a new signer to move to a rotated key.
/// </summary>
public sealed class KeyVaultSigner
{
    private readonly KeyVaultKeysClient _client;
    private readonly string _keyName;
    private readonly string? _version;
    private readonly bool _rsaPss;
    private KeyVaultKey? _key;

    /// <param name="rsaPss">For RSA keys, sign with RSASSA-PSS (PS256…) instead of PKCS#1 v1.5 (RS256…).</param>
    public KeyVaultSigner(KeyVaultKeysClient client, string keyName, string? version = null, bool rsaPss = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(keyName);
        _client = client;
        _keyName = keyName;
        _version = version;
        _rsaPss = rsaPss;
    }

    /// <summary>The signing key's attributes and public JWK (fetched once; a failed lookup is tried again next time).</summary>
    public async Task<KeyVaultKey> GetKeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        var fetched = await _client.GetKeyAsync(_keyName, _version, cancellationToken).ConfigureAwait(false);

        // Concurrent first calls may each fetch; the first to finish pins the version for all.
        return Interlocked.CompareExchange(ref _key, fetched, null) ?? fetched;
    }

    /// <summary>The public key to verify this signer's signatures with: an <see cref="ECDsa"/> or an <see cref="RSA"/>.</summary>
    public async Task<AsymmetricAlgorithm> GetPublicKeyAsync(CancellationToken cancellationToken)
    {
        var key = (await GetKeyAsync(cancellationToken).ConfigureAwait(false)).Key;
        return key.IsRsa ? key.CreateRsa() : key.CreateECDsa();
    }

    /// <summary>
    /// Signs a SHA-256, SHA-384 or SHA-512 digest (the hash is told by its length). An EC key signs with the
    /// algorithm of its curve (ES256 on P-256, ES384 on P-384, ES512 on P-521), so the digest must match it.
    /// </summary>
    public async Task<KeyVaultSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(cancellationToken).ConfigureAwait(false);
        var algorithm = AlgorithmFor(key.Key, digest.Length);
        var result = await _client.SignAsync(key.Properties.Name, key.Properties.Version, algorithm, digest, cancellationToken).ConfigureAwait(false);
        return new KeyVaultSignature(result.KeyId, algorithm, result.Value);
    }

    private string AlgorithmFor(KeyVaultJsonWebKey key, int digestLength)
    {
        var bits = digestLength switch
        {
            32 => 256,
            48 => 384,
            64 => 512,
            _ => throw new ArgumentException($"A {digestLength}-byte digest is not SHA-256, SHA-384 or SHA-512.", nameof(digestLength)),
        };

        if (key.IsRsa)
        {
            return (_rsaPss ? "PS" : "RS") + bits;
        }

        var curveBits = key.CurveName switch
        {
            "P-256" => 256,
            "P-384" => 384,
            "P-521" => 512,
            _ => throw new KeyProviderException($"Key Vault key '{key.KeyId}' cannot sign: kty {key.KeyType}, crv {key.CurveName ?? "none"}."),
        };
        return curveBits == bits
            ? "ES" + bits
            : throw new ArgumentException($"Key '{key.KeyId}' is on {key.CurveName} and signs SHA-{curveBits} digests, not SHA-{bits}.", nameof(digestLength));
    }
}
