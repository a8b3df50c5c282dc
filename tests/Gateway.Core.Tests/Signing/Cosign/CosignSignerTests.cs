using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Cosign;

namespace Gateway.Core.Tests.Signing.Cosign;

public sealed class CosignSignerTests : IDisposable
{
    private static readonly Digest Image = Digest.Parse("sha256:" + new string('a', 64));
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Tag_is_the_digest_with_a_dash_and_sig_suffix()
    {
        CosignSignatureTag.For(Image).ShouldBe("sha256-" + new string('a', 64) + ".sig");
        CosignSignatureTag.TryParse(CosignSignatureTag.For(Image), out var back).ShouldBeTrue();
        back.ShouldBe(Image);
        CosignSignatureTag.TryParse("latest", out _).ShouldBeFalse();
        CosignSignatureTag.TryParse("sha256-abc.sig", out _).ShouldBeFalse();
    }

    [Fact]
    public void Payload_has_cosigns_exact_shape()
    {
        Encoding.UTF8.GetString(CosignPayload.Create("registry.example.com/team/app", Image)).ShouldBe(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example.com/team/app\"},\"image\":{\"docker-manifest-digest\":\"" + Image +
            "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
        var parsed = CosignPayload.Parse(CosignPayload.Create("team/app", Image));
        parsed.ShouldBe(new CosignPayload("team/app", Image, CosignConstants.PayloadType));
    }

    [Fact]
    public async Task Signature_is_DER_ECDSA_over_the_payload_verifiable_with_the_public_key_alone()
    {
        var layer = await new CosignSigner(_key).SignLayerAsync("team/app", Image);
        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(_key.ExportSubjectPublicKeyInfoPem());
        verifier.VerifyData(layer.Payload, Convert.FromBase64String(layer.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
        CosignVerifier.Verify(layer.Payload, layer.Signature, _key.ExportSubjectPublicKeyInfoPem(), Image, "team/app").Verified.ShouldBeTrue();
    }

    [Fact]
    public async Task Manifest_has_one_simple_signing_layer_per_signature_and_a_valid_config()
    {
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var first = await new CosignSigner(_key).SignAsync("team/app", Image);
        var artifact = await new CosignSigner(second).SignAsync("team/app", Image, first.Layers);

        artifact.Tag.ShouldBe(CosignSignatureTag.For(Image));
        artifact.ManifestDigest.ShouldBe(Digest.Sha256Of(artifact.Manifest));
        var parsed = ManifestParser.Parse(artifact.Manifest, MediaTypes.OciManifest);
        parsed.IsSuccess.ShouldBeTrue(parsed.Error?.Message);
        var manifest = parsed.Value!;
        manifest.Config!.MediaType.ShouldBe(MediaTypes.OciConfig);
        manifest.Layers.Count.ShouldBe(2);
        manifest.Layers.ShouldAllBe(l => l.MediaType == "application/vnd.dev.cosign.simplesigning.v1+json");

        var signatures = CosignSignatureManifest.Signatures(manifest);
        signatures.Count.ShouldBe(2);
        var keys = new[] { _key.ExportSubjectPublicKeyInfoPem(), second.ExportSubjectPublicKeyInfoPem() };
        for (var i = 0; i < 2; i++)
        {
            var blob = artifact.Blobs.Single(b => b.Digest == signatures[i].Layer.Digest);
            CosignVerifier.Verify(blob.Content, signatures[i].Signature, keys[i], Image, "team/app").Verified.ShouldBeTrue();
        }

        // Every blob the manifest references is in Blobs with matching content.
        foreach (var d in manifest.Blobs) artifact.Blobs.ShouldContain(b => b.Digest == d.Digest && b.Content.Length == d.Size && Digest.Sha256Of(b.Content) == d.Digest);
        using var config = JsonDocument.Parse(artifact.Blobs.Single(b => b.Digest == manifest.Config.Digest).Content);
        config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task A_remote_signer_delegate_is_given_the_payload_digest()
    {
        byte[]? seen = null;
        var signer = new CosignSigner(digest =>
        {
            seen = digest;
            return Task.FromResult(_key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));
        });
        var layer = await signer.SignLayerAsync("team/app", Image);
        seen.ShouldBe(SHA256.HashData(layer.Payload));
        CosignVerifier.Verify(layer.Payload, layer.Signature, _key.ExportSubjectPublicKeyInfoPem(), Image, "team/app").Verified.ShouldBeTrue();
    }

    [Fact]
    public async Task A_remote_signer_returning_r_and_s_is_converted_to_DER()
    {
        // Key Vault style: IEEE P1363 r||s. Many tries so that r or s with a leading zero byte gets exercised too.
        var signer = new CosignSigner(digest => Task.FromResult(_key.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)), returnsIeeeP1363: true);
        for (var i = 0; i < 64; i++)
        {
            var layer = await signer.SignLayerAsync("team/app", Digest.Sha256Of(BitConverter.GetBytes(i)));
            CosignVerifier.Verify(layer.Payload, layer.Signature, _key.ExportSubjectPublicKeyInfoPem(), Digest.Sha256Of(BitConverter.GetBytes(i)), "team/app")
                .Verified.ShouldBeTrue();
        }
    }
}
