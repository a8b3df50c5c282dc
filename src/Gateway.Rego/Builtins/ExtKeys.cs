using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>Keys for JWT and crypto builtins: RSA, ECDSA (P-256/384/521), Ed25519 and HMAC secrets.</summary>
internal abstract record ExtKey;

internal sealed record ExtRsaKey(RSA Rsa, bool HasPrivate) : ExtKey;

internal sealed record ExtEcKey(ECDsa Ec, int FieldBytes, bool HasPrivate) : ExtKey;

internal sealed record ExtEdKey(byte[] Public, byte[]? Private) : ExtKey;

internal sealed record ExtSecretKey(byte[] Secret) : ExtKey;

/// <summary>A key to verify with, plus the "alg" and "kid" a JWK set may carry.</summary>
internal sealed record ExtVerificationKey(ExtKey Key, string Alg, string Kid);

internal static class ExtKeys
{
    public const string OidRsa = "1.2.840.113549.1.1.1";
    public const string OidEc = "1.2.840.10045.2.1";
    public const string OidEd25519 = "1.3.101.112";

    /// <summary>A SubjectPublicKeyInfo (PKIX "PUBLIC KEY").</summary>
    public static ExtKey ParseSpki(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var spki = reader.ReadSequence();
        var alg = spki.ReadSequence();
        var oid = alg.ReadObjectIdentifier();
        switch (oid)
        {
            case OidRsa:
            {
                var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(der, out _);
                return new ExtRsaKey(rsa, false);
            }
            case OidEc:
            {
                var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(der, out _);
                return new ExtEcKey(ec, FieldBytes(ec.KeySize), false);
            }
            case OidEd25519:
            {
                var bits = spki.ReadBitString(out _);
                if (bits.Length != 32) throw new CryptographicException("x509: invalid Ed25519 public key");
                return new ExtEdKey(bits, null);
            }
            default:
                throw new CryptographicException("x509: unknown public key algorithm");
        }
    }

    public static int FieldBytes(int keySize) => (keySize + 7) / 8;

    public static ExtKey FromCertificate(byte[] der)
    {
        using var cert = X509CertificateLoader.LoadCertificate(der);
        return ParseSpki(cert.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>OPA's getKeysFromCertOrJWK: a PEM certificate, a PEM public key, or a JWK / JWK set.</summary>
    public static List<ExtVerificationKey> FromCertOrJwk(string text)
    {
        var (block, rest) = ExtPem.Decode(Encoding.UTF8.GetBytes(text));
        if (block is not null)
        {
            if (rest.Length > 0) throw new BuiltinException("extra data after a PEM certificate block");
            if (block.Type == "CERTIFICATE")
            {
                try { return [new ExtVerificationKey(FromCertificate(block.Bytes), string.Empty, string.Empty)]; }
                catch (CryptographicException e) { throw new BuiltinException($"failed to parse a PEM certificate: {GoX509Error(e)}"); }
            }
            if (block.Type == "PUBLIC KEY")
            {
                try { return [new ExtVerificationKey(ParseSpki(block.Bytes), string.Empty, string.Empty)]; }
                catch (Exception e) when (e is CryptographicException or AsnContentException) { throw new BuiltinException($"failed to parse a PEM public key: {e.Message}"); }
            }
            throw new BuiltinException("failed to extract a Key from the PEM certificate");
        }
        List<(ExtKey Key, string Alg, string Kid)> jwks;
        try
        {
            jwks = ParseJwkSet(text);
        }
        catch (Exception e) when (e is BuiltinException or CryptographicException or FormatException)
        {
            throw new BuiltinException($"failed to parse a JWK key (set): {e.Message}");
        }
        var keys = new List<ExtVerificationKey>();
        foreach (var (key, alg, kid) in jwks)
        {
            if (alg.Length > 0 && !ExtJwt.Algorithms.Contains(alg)) continue;
            keys.Add(new ExtVerificationKey(key, alg, kid));
        }
        return keys;
    }

    private static string GoX509Error(CryptographicException _) => "x509: malformed certificate";

    /// <summary>A single JWK or {"keys": [...]}.</summary>
    public static List<(ExtKey Key, string Alg, string Kid)> ParseJwkSet(string json)
    {
        RegoValue parsed;
        try { parsed = RegoJson.Parse(json); }
        catch (System.Text.Json.JsonException e) { throw new BuiltinException($"failed to unmarshal JWK: {e.Message}"); }
        if (parsed is not RegoObject obj) throw new BuiltinException("invalid JWK: not an object");
        var list = new List<(ExtKey, string, string)>();
        if (obj.Get("keys") is { } keys)
        {
            if (keys is not RegoArray arr) throw new BuiltinException("invalid JWK set: 'keys' must be an array");
            foreach (var k in arr.Items)
            {
                if (k is not RegoObject ko) throw new BuiltinException("invalid JWK: not an object");
                list.Add((ParseJwk(ko), Str(ko, "alg"), Str(ko, "kid")));
            }
            return list;
        }
        list.Add((ParseJwk(obj), Str(obj, "alg"), Str(obj, "kid")));
        return list;
    }

    private static string Str(RegoObject o, string key) => o.Get(key) is RegoString s ? s.Value : string.Empty;

    private static byte[] B64(RegoObject o, string key, bool required = true)
    {
        if (o.Get(key) is RegoString s)
        {
            return ExtGoBase64.DecodeRawUrl(s.Value.TrimEnd('=')) ?? throw new BuiltinException($"failed to decode '{key}': illegal base64 data");
        }
        if (required) throw new BuiltinException($"required field '{key}' is missing");
        return [];
    }

    public static ExtKey ParseJwk(RegoObject o)
    {
        var kty = o.Get("kty") as RegoString ?? throw new BuiltinException("invalid key type from JSON ()");
        switch (kty.Value)
        {
            case "RSA":
            {
                var n = B64(o, "n");
                var e = B64(o, "e");
                var p = new RSAParameters { Modulus = TrimZeros(n), Exponent = TrimZeros(e) };
                var hasPrivate = o.Get("d") is not null;
                if (hasPrivate)
                {
                    var len = p.Modulus.Length;
                    var half = (len + 1) / 2;
                    p.D = Pad(B64(o, "d"), len);
                    p.P = Pad(B64(o, "p"), half);
                    p.Q = Pad(B64(o, "q"), half);
                    p.DP = Pad(B64(o, "dp"), half);
                    p.DQ = Pad(B64(o, "dq"), half);
                    p.InverseQ = Pad(B64(o, "qi"), half);
                }
                var rsa = RSA.Create();
                rsa.ImportParameters(p);
                return new ExtRsaKey(rsa, hasPrivate);
            }
            case "EC":
            {
                var crv = Str(o, "crv");
                var (curve, size) = crv switch
                {
                    "P-256" => (ECCurve.NamedCurves.nistP256, 32),
                    "P-384" => (ECCurve.NamedCurves.nistP384, 48),
                    "P-521" => (ECCurve.NamedCurves.nistP521, 66),
                    _ => throw new BuiltinException($"unsupported elliptic curve '{crv}'"),
                };
                var p = new ECParameters
                {
                    Curve = curve,
                    Q = new ECPoint { X = Pad(B64(o, "x"), size), Y = Pad(B64(o, "y"), size) },
                };
                var hasPrivate = o.Get("d") is not null;
                if (hasPrivate) p.D = Pad(B64(o, "d"), size);
                var ec = ECDsa.Create();
                ec.ImportParameters(p);
                return new ExtEcKey(ec, size, hasPrivate);
            }
            case "OKP":
            {
                var crv = Str(o, "crv");
                if (crv != "Ed25519") throw new BuiltinException($"unsupported curve for OKP key: {crv}");
                var x = B64(o, "x");
                var d = o.Get("d") is not null ? B64(o, "d") : null;
                return new ExtEdKey(x, d);
            }
            case "oct":
                return new ExtSecretKey(B64(o, "k"));
            default:
                throw new BuiltinException($"invalid key type from JSON ({kty.Value})");
        }
    }

    private static byte[] TrimZeros(byte[] b)
    {
        var i = 0;
        while (i < b.Length - 1 && b[i] == 0) i++;
        return b[i..];
    }

    public static byte[] Pad(byte[] b, int len)
    {
        b = TrimZeros(b);
        if (b.Length >= len) return b;
        var r = new byte[len];
        b.CopyTo(r, len - b.Length);
        return r;
    }
}
