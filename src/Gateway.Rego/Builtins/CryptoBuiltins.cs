using System.Security.Cryptography;
using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// crypto.* hashes and HMACs (hex output, as OPA). x509 certificate, request and key parsing live in
/// <see cref="X509Builtins"/>.
/// </summary>
internal static class CryptoBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("crypto.md5", 1, static (_, a) => Hex(MD5.HashData(Utf8(a, 0))));
        registry.Register("crypto.sha1", 1, static (_, a) => Hex(SHA1.HashData(Utf8(a, 0))));
        registry.Register("crypto.sha256", 1, static (_, a) => Hex(SHA256.HashData(Utf8(a, 0))));
        registry.Register("crypto.hmac.md5", 2, static (_, a) => Hex(HMACMD5.HashData(Utf8(a, 1), Utf8(a, 0))));
        registry.Register("crypto.hmac.sha1", 2, static (_, a) => Hex(HMACSHA1.HashData(Utf8(a, 1), Utf8(a, 0))));
        registry.Register("crypto.hmac.sha256", 2, static (_, a) => Hex(HMACSHA256.HashData(Utf8(a, 1), Utf8(a, 0))));
        registry.Register("crypto.hmac.sha512", 2, static (_, a) => Hex(HMACSHA512.HashData(Utf8(a, 1), Utf8(a, 0))));
        // Constant time, so policies comparing MACs do not leak how many leading bytes matched.
        registry.Register("crypto.hmac.equal", 2, static (_, a) =>
            RegoBool.Of(CryptographicOperations.FixedTimeEquals(Utf8(a, 0), Utf8(a, 1))));
    }

    private static byte[] Utf8(ReadOnlySpan<RegoValue> args, int index) => Encoding.UTF8.GetBytes(BuiltinArgs.String(args, index));

    private static RegoString Hex(byte[] hash) => new(Convert.ToHexStringLower(hash));
}
