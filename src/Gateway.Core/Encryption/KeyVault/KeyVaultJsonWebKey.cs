using System.Security.Cryptography;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>The public part of a Key Vault key (RFC 7517 JSON Web Key), as the vault returns it.</summary>
/// <param name="KeyType">kty: EC, EC-HSM, RSA, RSA-HSM, oct, oct-HSM.</param>
/// <param name="CurveName">crv for EC keys: P-256, P-384, P-521, P-256K.</param>
public sealed record KeyVaultJsonWebKey(
    string KeyId,
    string KeyType,
    IReadOnlyList<string> KeyOperations,
    string? CurveName,
    byte[]? N,
    byte[]? E,
    byte[]? X,
    byte[]? Y)
{
    public bool IsRsa => KeyType is "RSA" or "RSA-HSM";

    public bool IsEC => KeyType is "EC" or "EC-HSM";

    /// <summary>The public key of an RSA key.</summary>
    /// <exception cref="KeyProviderException">The key is not an RSA key, or its JWK lacks n or e.</exception>
    public RSA CreateRsa()
    {
        if (!IsRsa || N is not { Length: > 0 } || E is not { Length: > 0 })
        {
            throw new KeyProviderException($"Key Vault key '{KeyId}' is not an RSA public key (kty {KeyType}).");
        }

        // JWK integers are unsigned big-endian; a leading zero byte would make .NET think the key is 8 bits longer.
        var modulus = N.AsSpan().TrimStart((byte)0).ToArray();
        return RSA.Create(new RSAParameters { Modulus = modulus, Exponent = E });
    }

    /// <summary>The public key of an elliptic-curve key on P-256, P-384 or P-521.</summary>
    /// <exception cref="KeyProviderException">The key is not such an EC key, or its JWK lacks x or y.</exception>
    public ECDsa CreateECDsa()
    {
        var curve = CurveName switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            "P-521" => ECCurve.NamedCurves.nistP521,
            _ => (ECCurve?)null,
        };
        if (!IsEC || curve is null || X is not { Length: > 0 } || Y is not { Length: > 0 })
        {
            throw new KeyProviderException($"Key Vault key '{KeyId}' is not an EC public key on P-256, P-384 or P-521 (kty {KeyType}, crv {CurveName ?? "none"}).");
        }

        return ECDsa.Create(new ECParameters { Curve = curve.Value, Q = new ECPoint { X = X, Y = Y } });
    }
}
