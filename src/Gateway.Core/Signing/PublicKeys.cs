using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Gateway.Core.Signing;

/// <summary>Helpers for SubjectPublicKeyInfo keys as they appear in PEM files ("-----BEGIN PUBLIC KEY-----").</summary>
public static class PublicKeys
{
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string RsaOid = "1.2.840.113549.1.1.1";
    public const string Ed25519Oid = "1.3.101.112";

    /// <summary>The DER SubjectPublicKeyInfo inside a "PUBLIC KEY" PEM block.</summary>
    public static byte[] SubjectPublicKeyInfo(string pem)
    {
        var span = pem.AsSpan();
        while (PemEncoding.TryFind(span, out var fields))
        {
            if (span[fields.Label].SequenceEqual("PUBLIC KEY")) return Convert.FromBase64String(span[fields.Base64Data].ToString());
            span = span[fields.Location.End..];
        }
        throw new FormatException("no '-----BEGIN PUBLIC KEY-----' block found");
    }

    /// <summary>Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo: a stable key id.</summary>
    public static string Fingerprint(string pem) => Fingerprint(SubjectPublicKeyInfo(pem));

    public static string Fingerprint(byte[] subjectPublicKeyInfo)
    {
        Algorithm(subjectPublicKeyInfo);
        return Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));
    }

    /// <summary>The algorithm OID of a SubjectPublicKeyInfo; throws when the structure is malformed.</summary>
    public static string Algorithm(byte[] subjectPublicKeyInfo)
    {
        try
        {
            var spki = new AsnReader(subjectPublicKeyInfo, AsnEncodingRules.DER).ReadSequence();
            var algorithm = spki.ReadSequence().ReadObjectIdentifier();
            spki.ReadBitString(out _);
            return algorithm;
        }
        catch (AsnContentException e)
        {
            throw new FormatException($"malformed SubjectPublicKeyInfo: {e.Message}", e);
        }
    }
}
