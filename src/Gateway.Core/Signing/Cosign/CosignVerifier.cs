using System.Security.Cryptography;
using Gateway.Core.Oci;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// Verifies a cosign simple-signing signature with a public key: the signature over the exact payload bytes
/// (ECDSA DER or RSA PKCS#1 v1.5 over SHA-256; Ed25519 over the payload itself, as sigstore does), then that the
/// payload names the expected manifest digest and repository. The payload is only read after the signature checks.
/// </summary>
public static class CosignVerifier
{
    public static CosignVerification Verify(byte[] payload, string base64Signature, string publicKeyPem, Digest expectedDigest, string expectedRepository)
    {
        byte[] spki;
        string keyId;
        try
        {
            spki = PublicKeys.SubjectPublicKeyInfo(publicKeyPem);
            keyId = PublicKeys.Fingerprint(spki);
        }
        catch (FormatException e)
        {
            return new CosignVerification(false, $"public key unreadable: {e.Message}", null);
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64Signature.Trim());
        }
        catch (FormatException)
        {
            return new CosignVerification(false, "signature is not base64", keyId);
        }
        string? failure;
        try
        {
            failure = CheckSignature(spki, payload, signature);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            failure = $"public key unusable: {e.Message}";
        }
        if (failure is not null) return new CosignVerification(false, failure, keyId);

        if (!CosignPayload.TryParse(payload, out var parsed, out var error)) return new CosignVerification(false, error, keyId);
        if (parsed.Type != CosignConstants.PayloadType)
            return new CosignVerification(false, $"payload type '{parsed.Type}' is not '{CosignConstants.PayloadType}'", keyId, parsed.DockerReference);
        if (parsed.ManifestDigest != expectedDigest)
            return new CosignVerification(false, $"payload signs {parsed.ManifestDigest}, not {expectedDigest}", keyId, parsed.DockerReference);
        var signedRepository = RepositoryOf(parsed.DockerReference);
        if (!string.Equals(signedRepository, RepositoryOf(expectedRepository), StringComparison.Ordinal))
            return new CosignVerification(false, $"payload signs repository '{signedRepository}', not '{expectedRepository}'", keyId, parsed.DockerReference);
        return new CosignVerification(true, "signature verified", keyId, parsed.DockerReference);
    }

    /// <summary>
    /// The repository path of a reference: drops a tag or digest, and a leading registry host (a first segment with
    /// '.' or ':' or 'localhost'), so that "registry.example.com/team/app:1" names "team/app".
    /// </summary>
    public static string RepositoryOf(string reference)
    {
        var name = reference;
        var at = name.IndexOf('@');
        if (at >= 0) name = name[..at];
        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        if (colon >= 0) name = name[..colon];
        var slash = name.IndexOf('/');
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost") name = name[(slash + 1)..];
        }
        return name;
    }

    /// <returns>null when the signature is good, else why not.</returns>
    private static string? CheckSignature(byte[] spki, byte[] payload, byte[] signature)
    {
        switch (PublicKeys.Algorithm(spki))
        {
            case PublicKeys.EcPublicKeyOid:
            {
                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out _);
                // cosign hashes with SHA-256 whatever the curve; accept the curve's own hash too for P-384/P-521 keys.
                var ok = ec.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                    || (ec.KeySize == 384 && ec.VerifyData(payload, signature, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence))
                    || (ec.KeySize == 521 && ec.VerifyData(payload, signature, HashAlgorithmName.SHA512, DSASignatureFormat.Rfc3279DerSequence));
                return ok ? null : "ECDSA signature does not verify with this key";
            }
            case PublicKeys.RsaOid:
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                return rsa.VerifyData(payload, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    ? null : "RSA signature does not verify with this key";
            }
            case PublicKeys.Ed25519Oid:
            {
                var key = (Ed25519PublicKeyParameters)Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(spki);
                var verifier = new Ed25519Signer();
                verifier.Init(false, key);
                verifier.BlockUpdate(payload, 0, payload.Length);
                return verifier.VerifySignature(signature) ? null : "Ed25519 signature does not verify with this key";
            }
            case var other:
                return $"public key algorithm {other} is not supported";
        }
    }
}
