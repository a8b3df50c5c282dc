using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Cosign;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Gateway.Core.Tests.Signing.Cosign;

public sealed class CosignVerifierTests : IDisposable
{
    private static readonly Digest Image = Digest.Sha256Of("image"u8);
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private string PublicPem => _key.ExportSubjectPublicKeyInfoPem();

    // Signed test-side with System.Security.Cryptography directly, not through CosignSigner.
    private static string SignEc(ECDsa key, byte[] payload, HashAlgorithmName? hash = null) =>
        Convert.ToBase64String(key.SignData(payload, hash ?? HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    [Fact]
    public void Accepts_a_good_signature_and_reports_the_key_fingerprint()
    {
        var payload = CosignPayload.Create("registry.example.com/team/app", Image);
        var result = CosignVerifier.Verify(payload, SignEc(_key, payload), PublicPem, Image, "team/app");
        result.Verified.ShouldBeTrue(result.Reason);
        result.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo())));
        result.DockerReference.ShouldBe("registry.example.com/team/app");
    }

    [Fact]
    public void Rejects_a_signature_by_another_key()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = CosignPayload.Create("team/app", Image);
        var result = CosignVerifier.Verify(payload, SignEc(other, payload), PublicPem, Image, "team/app");
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("does not verify");
    }

    [Fact]
    public void Rejects_a_tampered_payload()
    {
        var payload = CosignPayload.Create("team/app", Image);
        var signature = SignEc(_key, payload);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("team/app", "team/evil"));
        CosignVerifier.Verify(tampered, signature, PublicPem, Image, "team/evil").Reason.ShouldContain("does not verify");
        // Even whitespace counts: the signature covers the exact bytes.
        CosignVerifier.Verify([.. payload, (byte)' '], signature, PublicPem, Image, "team/app").Verified.ShouldBeFalse();
    }

    [Fact]
    public void Rejects_a_payload_for_another_digest()
    {
        var payload = CosignPayload.Create("team/app", Digest.Sha256Of("other"u8));
        var result = CosignVerifier.Verify(payload, SignEc(_key, payload), PublicPem, Image, "team/app");
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("not " + Image);
    }

    [Theory]
    [InlineData("team/other")]
    [InlineData("registry.example.com/team/other")]
    [InlineData("team/app/sub")]
    [InlineData("team")]
    public void Rejects_a_payload_for_another_repository(string signedReference)
    {
        var payload = CosignPayload.Create(signedReference, Image);
        var result = CosignVerifier.Verify(payload, SignEc(_key, payload), PublicPem, Image, "team/app");
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("repository");
    }

    [Theory]
    [InlineData("team/app")]
    [InlineData("registry.example.com/team/app")]
    [InlineData("localhost/team/app")]
    [InlineData("localhost:5000/team/app")]
    [InlineData("gateway:8443/team/app")]
    [InlineData("registry.example.com/team/app:v1")]
    public void Ignores_the_registry_host_of_the_signed_reference(string signedReference)
    {
        var payload = CosignPayload.Create(signedReference, Image);
        CosignVerifier.Verify(payload, SignEc(_key, payload), PublicPem, Image, "team/app").Verified.ShouldBeTrue();
    }

    [Fact]
    public void Does_not_mistake_a_first_path_segment_for_a_host() =>
        CosignVerifier.RepositoryOf("library/ubuntu").ShouldBe("library/ubuntu");

    [Fact]
    public void Accepts_P384_RSA_and_Ed25519_keys()
    {
        var payload = CosignPayload.Create("team/app", Image);

        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        CosignVerifier.Verify(payload, SignEc(p384, payload), p384.ExportSubjectPublicKeyInfoPem(), Image, "team/app").Verified.ShouldBeTrue();
        CosignVerifier.Verify(payload, SignEc(p384, payload, HashAlgorithmName.SHA384), p384.ExportSubjectPublicKeyInfoPem(), Image, "team/app").Verified.ShouldBeTrue();

        using var rsa = RSA.Create(2048);
        var rsaSignature = Convert.ToBase64String(rsa.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        CosignVerifier.Verify(payload, rsaSignature, rsa.ExportSubjectPublicKeyInfoPem(), Image, "team/app").Verified.ShouldBeTrue();

        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var signer = new Ed25519Signer();
        signer.Init(true, pair.Private);
        signer.BlockUpdate(payload, 0, payload.Length);
        var edSignature = Convert.ToBase64String(signer.GenerateSignature());
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        var edPem = PemEncoding.WriteString("PUBLIC KEY", spki);
        CosignVerifier.Verify(payload, edSignature, edPem, Image, "team/app").Verified.ShouldBeTrue();
        var otherPayload = CosignPayload.Create("team/app", Digest.Sha256Of("x"u8));
        CosignVerifier.Verify(otherPayload, edSignature, edPem, Digest.Sha256Of("x"u8), "team/app").Verified.ShouldBeFalse();
    }

    [Fact]
    public void Rejects_malformed_inputs_with_a_reason()
    {
        var payload = CosignPayload.Create("team/app", Image);
        CosignVerifier.Verify(payload, "%%%", PublicPem, Image, "team/app").Reason.ShouldContain("base64");
        CosignVerifier.Verify(payload, SignEc(_key, payload), "not a key", Image, "team/app").Reason.ShouldContain("public key");
        var notJson = "hello"u8.ToArray();
        CosignVerifier.Verify(notJson, SignEc(_key, notJson), PublicPem, Image, "team/app").Reason.ShouldContain("JSON");
    }

    [Fact]
    public void Rejects_a_payload_of_another_type()
    {
        var payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(CosignPayload.Create("team/app", Image)).Replace("cosign container image signature", "something else"));
        CosignVerifier.Verify(payload, SignEc(_key, payload), PublicPem, Image, "team/app").Reason.ShouldContain("payload type");
    }
}
