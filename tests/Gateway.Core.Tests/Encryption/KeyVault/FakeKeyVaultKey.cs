using System.Security.Cryptography;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>One version of a key held by <see cref="FakeKeyVault"/>: real key material, so operations are real.</summary>
internal sealed class FakeKeyVaultKey
{
    public FakeKeyVaultKey(string name, AsymmetricAlgorithm key, long created)
    {
        Name = name;
        Key = key;
        Created = created;
        Version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public string Name { get; }

    /// <summary>32 hex characters, like Key Vault's.</summary>
    public string Version { get; }

    public AsymmetricAlgorithm Key { get; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; }

    public bool Enabled { get; set; } = true;

    public RSA? Rsa => Key as RSA;

    public ECDsa? EC => Key as ECDsa;

    /// <summary>The JWK curve name of an EC key.</summary>
    public string? Curve => EC?.KeySize switch
    {
        256 => "P-256",
        384 => "P-384",
        521 => "P-521",
        _ => null,
    };
}
