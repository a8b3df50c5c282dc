using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Notation;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Signing.Notation;

/// <summary>The production signer, checked by the independent test verifier and by the production verifier.</summary>
public sealed class NotationSignerTests : IDisposable
{
    private static readonly Descriptor Subject = new(MediaTypes.OciManifest, Digest.Sha256Of("image"u8), 1234,
        Annotations: new Dictionary<string, string> { ["io.example.build"] = "42" });

    private readonly X509Certificate2 _root = TestPki.Root(rsa: true);
    private readonly FakeTimeProvider _clock = new(TestPki.T0);

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(TestPki.LeafKey.P256, "ES256")]
    [InlineData(TestPki.LeafKey.P384, "ES384")]
    [InlineData(TestPki.LeafKey.Rsa2048, "PS256")]
    public void Envelope_verifies_with_the_independent_test_verifier(TestPki.LeafKey key, string alg)
    {
        using var leaf = TestPki.Leaf(_root, key: key);
        var envelope = new NotationSigner(leaf, [_root], _clock).CreateEnvelope(Subject, expiry: TestPki.T0.AddDays(30));

        var (header, payload, x5cLeaf) = TestJws.VerifySignature(envelope);
        x5cLeaf.Thumbprint.ShouldBe(leaf.Thumbprint);
        ((string)header["alg"]!).ShouldBe(alg);
        ((string)header["cty"]!).ShouldBe("application/vnd.cncf.notary.payload.v1+json");
        ((string)header["io.cncf.notary.signingScheme"]!).ShouldBe("notary.x509");
        ((string)header["io.cncf.notary.signingTime"]!).ShouldBe("2026-03-01T12:00:00Z");
        ((string)header["io.cncf.notary.expiry"]!).ShouldBe("2026-03-31T12:00:00Z");
        header["crit"]!.AsArray().Select(n => (string)n!).ShouldBe(["io.cncf.notary.signingScheme", "io.cncf.notary.expiry"]);
        var target = payload["targetArtifact"]!;
        ((string)target["mediaType"]!).ShouldBe(Subject.MediaType);
        ((string)target["digest"]!).ShouldBe(Subject.Digest.ToString());
        ((long)target["size"]!).ShouldBe(Subject.Size);
        ((string)target["annotations"]!["io.example.build"]!).ShouldBe("42");
    }

    [Fact]
    public void Envelope_carries_the_chain_leaf_first_and_only_the_four_jws_fields()
    {
        using var leaf = TestPki.Leaf(_root);
        using var doc = JsonDocument.Parse(new NotationSigner(leaf, [_root], _clock).CreateEnvelope(Subject));
        doc.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["payload", "protected", "header", "signature"], ignoreOrder: true);
        var x5c = doc.RootElement.GetProperty("header").GetProperty("x5c").EnumerateArray().Select(e => e.GetString()).ToArray();
        x5c.ShouldBe([Convert.ToBase64String(leaf.RawData), Convert.ToBase64String(_root.RawData)]);
    }

    [Theory]
    [InlineData(TestPki.LeafKey.P256)]
    [InlineData(TestPki.LeafKey.Rsa3072)]
    public void Production_verifier_accepts_production_signatures(TestPki.LeafKey key)
    {
        using var leaf = TestPki.Leaf(_root, key: key);
        var artifact = new NotationSigner(leaf, [_root], _clock).Sign(Subject);
        var result = NotationVerifier.Verify(artifact.Envelope, Subject, [_root], ["x509.subject: CN=Release,O=Acme,C=US"], TestPki.T0.AddHours(1));
        result.Verified.ShouldBeTrue(result.Reason);
        result.SigningTime.ShouldBe(TestPki.T0);
    }

    [Fact]
    public void Signature_manifest_attaches_the_envelope_to_the_subject()
    {
        using var leaf = TestPki.Leaf(_root);
        var artifact = new NotationSigner(leaf, [_root], _clock).Sign(Subject);

        var parsed = ManifestParser.Parse(artifact.Manifest, MediaTypes.OciManifest);
        parsed.IsSuccess.ShouldBeTrue(parsed.Error?.Message);
        var manifest = parsed.Value!;
        manifest.ArtifactType.ShouldBe("application/vnd.cncf.notary.signature");
        manifest.Config!.MediaType.ShouldBe("application/vnd.cncf.notary.signature");
        manifest.Config.Digest.ShouldBe(Digest.Sha256Of("{}"u8));
        manifest.Subject!.Digest.ShouldBe(Subject.Digest);
        manifest.Subject.Size.ShouldBe(Subject.Size);
        manifest.Layers.Count.ShouldBe(1);
        manifest.Layers[0].MediaType.ShouldBe("application/jose+json");
        manifest.Layers[0].Digest.ShouldBe(Digest.Sha256Of(artifact.Envelope));
        artifact.ManifestDigest.ShouldBe(Digest.Sha256Of(artifact.Manifest));
        artifact.Blobs.Select(b => b.Digest).ShouldBe([manifest.Config.Digest, manifest.Layers[0].Digest]);

        var thumbprints = JsonSerializer.Deserialize<string[]>(manifest.Annotations!["io.cncf.notary.x509chain.thumbprint#S256"]);
        thumbprints.ShouldBe([Convert.ToHexStringLower(SHA256.HashData(leaf.RawData)), Convert.ToHexStringLower(SHA256.HashData(_root.RawData))]);
    }

    [Fact]
    public void Refuses_a_certificate_without_its_private_key()
    {
        using var leaf = TestPki.Leaf(_root);
        using var publicOnly = X509CertificateLoader.LoadCertificate(leaf.RawData);
        Should.Throw<ArgumentException>(() => new NotationSigner(publicOnly, [_root]));
    }
}
