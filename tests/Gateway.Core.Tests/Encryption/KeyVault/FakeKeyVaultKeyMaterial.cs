using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>
/// RSA keys for the fake vaults, generated once per test run: generating a 4096-bit key takes seconds on a
/// small machine. The n-th key of a size is the same in every vault, and distinct from the other keys of that vault.
/// </summary>
internal static class FakeKeyVaultKeyMaterial
{
    private static readonly ConcurrentDictionary<(int Bits, int Index), Lazy<RSAParameters>> Keys = new();

    public static RSA Rsa(int bits, int index)
    {
        var parameters = Keys.GetOrAdd((bits, index), key => new Lazy<RSAParameters>(() =>
        {
            using var rsa = RSA.Create(key.Bits);
            return rsa.ExportParameters(includePrivateParameters: true);
        })).Value;
        return RSA.Create(parameters);
    }
}
