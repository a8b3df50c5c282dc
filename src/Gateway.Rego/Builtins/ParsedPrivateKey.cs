using System.Security.Cryptography;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>A private key parsed from PKCS #1, PKCS #8 or SEC 1 DER.</summary>
internal abstract record ParsedPrivateKey
{
    public sealed record Rsa(RSAParameters Parameters) : ParsedPrivateKey;

    public sealed record Ec(ECParameters Parameters, int KeySize) : ParsedPrivateKey;

    public sealed record Ed25519(byte[] PrivateAndPublic) : ParsedPrivateKey;

    /// <summary>Go's JSON for the key (crypto.parse_private_keys, and PrivateKey in crypto.x509.parse_keypair).</summary>
    public RegoValue ToGoJson() => this switch
    {
        Rsa r => X509GoKeys.RsaPrivate(r.Parameters),
        Ec e => X509GoKeys.EcPrivate(e.Parameters),
        Ed25519 d => X509GoValues.Bytes(d.PrivateAndPublic),
        _ => RegoNull.Instance,
    };
}
