using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Signing.Notation;

/// <summary>
/// The JWS algorithms the Notary Project allows, chosen by the signing certificate's key (RSA 2048/3072/4096 →
/// PS256/384/512, EC P-256/384/521 → ES256/384/512). Verifiers insist on the same mapping, which rules out
/// algorithm substitution.
/// </summary>
internal static class JwsAlgorithm
{
    public static string? ForCertificate(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return rsa.KeySize switch { 2048 => "PS256", 3072 => "PS384", 4096 => "PS512", _ => null };
        using var ec = certificate.GetECDsaPublicKey();
        if (ec is not null) return ec.KeySize switch { 256 => "ES256", 384 => "ES384", 521 => "ES512", _ => null };
        return null;
    }

    public static HashAlgorithmName Hash(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => throw new ArgumentException($"unsupported alg '{alg}'", nameof(alg)),
    };

    public static byte[] Sign(X509Certificate2 certificate, string alg, byte[] signingInput)
    {
        if (alg.StartsWith("PS", StringComparison.Ordinal))
        {
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("the signing certificate has no RSA private key");
            return rsa.SignData(signingInput, Hash(alg), RSASignaturePadding.Pss);
        }
        using var ec = certificate.GetECDsaPrivateKey() ?? throw new ArgumentException("the signing certificate has no ECDSA private key");
        return ec.SignData(signingInput, Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public static bool Verify(X509Certificate2 certificate, string alg, byte[] signingInput, byte[] signature)
    {
        if (alg.StartsWith("PS", StringComparison.Ordinal))
        {
            using var rsa = certificate.GetRSAPublicKey();
            return rsa is not null && rsa.VerifyData(signingInput, signature, Hash(alg), RSASignaturePadding.Pss);
        }
        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null && ec.VerifyData(signingInput, signature, Hash(alg), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
