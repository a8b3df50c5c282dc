using System.Formats.Asn1;
using System.Security.Cryptography;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Keys and algorithm identifiers as Go's x509 package exposes them to encoding/json: the SignatureAlgorithm and
/// PublicKeyAlgorithm enums as ints, *rsa.PublicKey as {N, E}, *ecdsa.PublicKey as {Curve, X, Y} (Go's curve
/// values have only unexported fields, hence {}), ed25519 keys as base64 bytes; private keys likewise.
/// </summary>
internal static class X509GoKeys
{
    private static readonly Dictionary<string, int> SignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.113549.1.1.2"] = 1, ["1.2.840.113549.1.1.4"] = 2, ["1.2.840.113549.1.1.5"] = 3, ["1.3.14.3.2.29"] = 3,
        ["1.2.840.113549.1.1.11"] = 4, ["1.2.840.113549.1.1.12"] = 5, ["1.2.840.113549.1.1.13"] = 6,
        ["1.2.840.10040.4.3"] = 7, ["2.16.840.1.101.3.4.3.2"] = 8, ["1.2.840.10045.4.1"] = 9,
        ["1.2.840.10045.4.3.2"] = 10, ["1.2.840.10045.4.3.3"] = 11, ["1.2.840.10045.4.3.4"] = 12, ["1.3.101.112"] = 16,
    };

    /// <summary>The SignatureAlgorithm enum for an AlgorithmIdentifier (RSA-PSS picks 13/14/15 by its hash).</summary>
    public static int SignatureAlgorithm(AsnReader algorithmIdentifier)
    {
        var oid = algorithmIdentifier.ReadObjectIdentifier();
        if (oid != "1.2.840.113549.1.1.10") return SignatureAlgorithms.GetValueOrDefault(oid);
        try
        {
            var pss = algorithmIdentifier.ReadSequence();
            var hash = pss.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)).ReadSequence().ReadObjectIdentifier();
            return hash switch { "2.16.840.1.101.3.4.2.1" => 13, "2.16.840.1.101.3.4.2.2" => 14, "2.16.840.1.101.3.4.2.3" => 15, _ => 0 };
        }
        catch (AsnContentException)
        {
            return 0;
        }
    }

    /// <summary>PublicKeyAlgorithm and PublicKey for a DER SubjectPublicKeyInfo.</summary>
    public static (int Algorithm, RegoValue Key) PublicKey(byte[] spki)
    {
        var oid = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadObjectIdentifier();
        switch (oid)
        {
            case ExtKeys.OidRsa:
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                return (1, RsaPublic(rsa.ExportParameters(false)));
            }
            case ExtKeys.OidEc:
            {
                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out _);
                return (3, EcPublic(ec.ExportParameters(false)));
            }
            case ExtKeys.OidEd25519:
                return (4, X509GoValues.Bytes(((ExtEdKey)ExtKeys.ParseSpki(spki)).Public));
            case "1.2.840.10040.4.1":
                return (2, RegoNull.Instance);
            default:
                return (0, RegoNull.Instance);
        }
    }

    private static RegoObject RsaPublic(RSAParameters p) =>
        X509GoValues.Object(("N", X509GoValues.Big(p.Modulus)), ("E", X509GoValues.Big(p.Exponent)));

    private static RegoObject EcPublic(ECParameters p) =>
        X509GoValues.Object(("Curve", RegoObject.Empty), ("X", X509GoValues.Big(p.Q.X)), ("Y", X509GoValues.Big(p.Q.Y)));

    /// <summary>*rsa.PrivateKey as encoding/json writes it (public part, D, Primes and the CRT precomputations).</summary>
    public static RegoObject RsaPrivate(RSAParameters p) => X509GoValues.Object(
        ("N", X509GoValues.Big(p.Modulus)), ("E", X509GoValues.Big(p.Exponent)), ("D", X509GoValues.Big(p.D)),
        ("Primes", new RegoArray([X509GoValues.Big(p.P), X509GoValues.Big(p.Q)])),
        ("Precomputed", X509GoValues.Object(
            ("Dp", X509GoValues.Big(p.DP)), ("Dq", X509GoValues.Big(p.DQ)), ("Qinv", X509GoValues.Big(p.InverseQ)),
            ("CRTValues", RegoArray.Empty))));

    public static RegoObject EcPrivate(ECParameters p) => X509GoValues.Object(
        ("Curve", RegoObject.Empty), ("X", X509GoValues.Big(p.Q.X)), ("Y", X509GoValues.Big(p.Q.Y)), ("D", X509GoValues.Big(p.D)));

    /// <summary>The JWK OPA's jwk.New gives for an RSA or EC private key (base64url fields, as crypto.x509.parse_rsa_private_key returns).</summary>
    public static RegoObject Jwk(ParsedPrivateKey key)
    {
        static RegoValue B(byte[]? b) => new RegoString(ExtGoBase64.EncodeUrl(TrimLeadingZeros(b ?? []), pad: false));
        switch (key)
        {
            case ParsedPrivateKey.Rsa r:
                var p = r.Parameters;
                return X509GoValues.Object(("kty", new RegoString("RSA")), ("n", B(p.Modulus)), ("e", B(p.Exponent)), ("d", B(p.D)),
                    ("p", B(p.P)), ("q", B(p.Q)), ("dp", B(p.DP)), ("dq", B(p.DQ)), ("qi", B(p.InverseQ)));
            case ParsedPrivateKey.Ec e:
                var size = ExtKeys.FieldBytes(e.KeySize);
                return X509GoValues.Object(("kty", new RegoString("EC")), ("crv", new RegoString($"P-{e.KeySize}")),
                    ("x", new RegoString(ExtGoBase64.EncodeUrl(ExtKeys.Pad(e.Parameters.Q.X!, size), pad: false))),
                    ("y", new RegoString(ExtGoBase64.EncodeUrl(ExtKeys.Pad(e.Parameters.Q.Y!, size), pad: false))),
                    ("d", new RegoString(ExtGoBase64.EncodeUrl(ExtKeys.Pad(e.Parameters.D!, size), pad: false))));
            default:
                throw new BuiltinException("invalid key type");
        }
    }

    private static byte[] TrimLeadingZeros(byte[] b)
    {
        var i = 0;
        while (i < b.Length - 1 && b[i] == 0) i++;
        return b[i..];
    }
}
