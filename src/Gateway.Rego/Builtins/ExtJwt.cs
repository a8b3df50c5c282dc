using System.Security.Cryptography;
using System.Text;
using Gateway.Rego.Values;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Gateway.Rego.Builtins;

/// <summary>JWS compact tokens: splitting, decoding, and signing/verifying per algorithm.</summary>
internal static class ExtJwt
{
    public static readonly HashSet<string> Algorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"];

    internal sealed record Token(string Header, string Payload, string Signature);

    public static Token Split(RegoValue v)
    {
        var s = v as RegoString ?? throw BuiltinArgs.TypeError(1, v, "string");
        if (!s.Value.Contains('.', StringComparison.Ordinal)) throw new BuiltinException("encoded JWT had no period separators");
        var parts = s.Value.Split('.');
        if (parts.Length != 3) throw new BuiltinException($"encoded JWT must have 3 sections, found {parts.Length}");
        return new Token(parts[0], parts[1], parts[2]);
    }

    public static byte[] DecodePart(string part, string what)
    {
        try
        {
            return ExtGoBase64.DecodeUrlLenient(part);
        }
        catch (BuiltinException e) when (what.Length > 0)
        {
            throw new BuiltinException($"JWT {what} had invalid encoding: {e.Message}");
        }
    }

    public static string DecodeString(string part, string what) => ExtGoBase64.BytesToString(DecodePart(part, what));

    /// <summary>OPA's extractJSONObject.</summary>
    public static RegoObject JsonObject(string text)
    {
        RegoValue v;
        try { v = ExtGoJson.Parse(text); }
        catch (BuiltinException e) { throw new BuiltinException($"invalid JSON: {e.Message}"); }
        return v as RegoObject ?? throw new BuiltinException("decoded JSON type was not an Object");
    }

    public static RegoObject DecodeHeader(Token t)
    {
        var text = DecodeString(t.Header, "header");
        RegoObject header;
        try { header = JsonObject(text); }
        catch (BuiltinException e) { throw new BuiltinException($"bad JWT header: {e.Message}"); }
        if (header.Get("enc") is not null) throw new BuiltinException("JWT is a JWE object, which is not supported");
        return header;
    }

    public static byte[] SigningInput(Token t) => Encoding.UTF8.GetBytes(t.Header + "." + t.Payload);

    private static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>True when <paramref name="sig"/> is a valid <paramref name="alg"/> signature by <paramref name="key"/>; any mismatch is false.</summary>
    public static bool Verify(ExtKey key, string alg, byte[] input, byte[] sig)
    {
        try
        {
            switch (alg)
            {
                case "HS256" or "HS384" or "HS512" when key is ExtSecretKey s:
                    return CryptographicOperations.FixedTimeEquals(Hmac(alg, s.Secret, input), sig);
                case "RS256" or "RS384" or "RS512" when key is ExtRsaKey r:
                    return r.Rsa.VerifyData(input, sig, Hash(alg), RSASignaturePadding.Pkcs1);
                case "PS256" or "PS384" or "PS512" when key is ExtRsaKey r:
                    return r.Rsa.VerifyData(input, sig, Hash(alg), RSASignaturePadding.Pss);
                case "ES256" or "ES384" or "ES512" when key is ExtEcKey e:
                    return VerifyEs(e, Hash(alg), input, sig);
                case "EdDSA" when key is ExtEdKey ed:
                    return sig.Length == Ed25519.SignatureSize && ed.Public.Length == Ed25519.PublicKeySize && Ed25519.Verify(sig, 0, ed.Public, 0, input, 0, input.Length);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // Go splits the signature in half and reads r and s as big-endian integers of any width.
    private static bool VerifyEs(ExtEcKey key, HashAlgorithmName hash, byte[] input, byte[] sig)
    {
        var n = sig.Length / 2;
        var r = Strip(sig.AsSpan(0, n));
        var s = Strip(sig.AsSpan(n));
        if (r.Length > key.FieldBytes || s.Length > key.FieldBytes) return false;
        var fixedSig = new byte[key.FieldBytes * 2];
        r.CopyTo(fixedSig.AsSpan(key.FieldBytes - r.Length));
        s.CopyTo(fixedSig.AsSpan(2 * key.FieldBytes - s.Length));
        return key.Ec.VerifyData(input, fixedSig, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static ReadOnlySpan<byte> Strip(ReadOnlySpan<byte> b)
    {
        var i = 0;
        while (i < b.Length && b[i] == 0) i++;
        return b[i..];
    }

    public static byte[] Hmac(string alg, byte[] key, byte[] input) => alg switch
    {
        "HS256" => HMACSHA256.HashData(key, input),
        "HS384" => HMACSHA384.HashData(key, input),
        _ => HMACSHA512.HashData(key, input),
    };

    public static byte[] Sign(ExtKey key, string alg, byte[] input)
    {
        switch (alg)
        {
            case "HS256" or "HS384" or "HS512":
                return key is ExtSecretKey s ? Hmac(alg, s.Secret, input) : throw new BuiltinException($"invalid key type for {alg}: expected a symmetric (oct) key");
            case "RS256" or "RS384" or "RS512" or "PS256" or "PS384" or "PS512":
                if (key is not ExtRsaKey { HasPrivate: true } r) throw new BuiltinException($"invalid key type for {alg}: expected an RSA private key");
                return r.Rsa.SignData(input, Hash(alg), alg[0] == 'R' ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
            case "ES256" or "ES384" or "ES512":
                if (key is not ExtEcKey { HasPrivate: true } e) throw new BuiltinException($"invalid key type for {alg}: expected an ECDSA private key");
                return e.Ec.SignData(input, Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            case "EdDSA":
                if (key is not ExtEdKey { Private: { Length: 32 } priv }) throw new BuiltinException("invalid key type for EdDSA: expected an Ed25519 private key");
                var sig = new byte[Ed25519.SignatureSize];
                Ed25519.Sign(priv, 0, input, 0, input.Length, sig, 0);
                return sig;
            default:
                throw new BuiltinException($"unknown JWS algorithm: {alg}");
        }
    }
}
