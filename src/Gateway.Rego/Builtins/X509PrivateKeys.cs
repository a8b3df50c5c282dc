using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Private keys from PEM, as OPA's getPrivateKeysFromPEMData reads them (PKCS #1, PKCS #8, SEC 1 blocks).</summary>
internal static class X509PrivateKeys
{
    /// <summary>
    /// Every key block in the text (base64-wrapped PEM is unwrapped first). Blocks of other types are skipped; a
    /// key block that does not parse is an error, as in OPA.
    /// </summary>
    public static List<ParsedPrivateKey> FromPem(string text)
    {
        var bytes = ExtGoBase64.TryDecodeStd(text, out var decoded) ? decoded : Encoding.UTF8.GetBytes(text);
        var keys = new List<ParsedPrivateKey>();
        while (bytes.Length > 0)
        {
            var (block, rest) = ExtPem.Decode(bytes);
            // No further block: pem.Decode hands back its whole input, which ends the loop.
            if (block is null) break;
            bytes = rest;
            switch (block.Type)
            {
                case "RSA PRIVATE KEY": keys.Add(Pkcs1(block.Bytes)); break;
                case "PRIVATE KEY": keys.Add(Pkcs8(block.Bytes)); break;
                case "EC PRIVATE KEY": keys.Add(Sec1(block.Bytes)); break;
            }
        }
        return keys;
    }

    public static ParsedPrivateKey Pkcs1(byte[] der)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportRSAPrivateKey(der, out var read);
            if (read != der.Length) throw new CryptographicException();
            return new ParsedPrivateKey.Rsa(rsa.ExportParameters(true));
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)");
        }
    }

    public static ParsedPrivateKey Sec1(byte[] der)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportECPrivateKey(der, out _);
            return new ParsedPrivateKey.Ec(ec.ExportParameters(true), ec.KeySize);
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("x509: failed to parse EC private key");
        }
    }

    public static ParsedPrivateKey Pkcs8(byte[] der)
    {
        string oid;
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            oid = info.ReadSequence().ReadObjectIdentifier();
            if (oid == ExtKeys.OidEd25519)
            {
                // The private key is an OCTET STRING holding the 32-byte seed, itself wrapped in an OCTET STRING.
                var seed = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
                if (seed.Length != 32) throw new BuiltinException("x509: invalid Ed25519 private key length");
                // Go's ed25519.PrivateKey is the seed followed by the public key.
                var full = new byte[64];
                seed.CopyTo(full, 0);
                Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.GeneratePublicKey(seed, 0, full, 32);
                return new ParsedPrivateKey.Ed25519(full);
            }
        }
        catch (AsnContentException)
        {
            throw new BuiltinException("x509: failed to parse private key");
        }
        try
        {
            switch (oid)
            {
                case ExtKeys.OidRsa:
                {
                    using var rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(der, out _);
                    return new ParsedPrivateKey.Rsa(rsa.ExportParameters(true));
                }
                case ExtKeys.OidEc:
                {
                    using var ec = ECDsa.Create();
                    ec.ImportPkcs8PrivateKey(der, out _);
                    return new ParsedPrivateKey.Ec(ec.ExportParameters(true), ec.KeySize);
                }
                default:
                    throw new BuiltinException($"x509: PKCS#8 wrapping contained private key with unknown algorithm: {oid}");
            }
        }
        catch (CryptographicException)
        {
            throw new BuiltinException("x509: failed to parse private key");
        }
    }
}
