using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Gateway.Core.Oci;
using Gateway.Core.Signing;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Signing.Notation;
using Gateway.Core.Signing.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Signing;

public sealed class SignatureVerifierTests : IDisposable
{
    private static readonly Descriptor Subject = new(MediaTypes.OciManifest, Digest.Sha256Of("image"u8), 321);

    private readonly X509Certificate2 _root = TestPki.Root();
    private readonly X509Certificate2 _leaf;
    private readonly ECDsa _cosignKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _clock = new(TestPki.T0.AddDays(1));
    private readonly SignatureVerifier _verifier;

    public SignatureVerifierTests()
    {
        _leaf = TestPki.Leaf(_root);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var doc = new JsonObject
        {
            ["version"] = "1.0",
            ["trustPolicies"] = JsonNode.Parse("""
                [
                  {"name":"prod","registryScopes":["prod/**"],"signatureVerification":{"level":"enforce"},
                   "trustStores":["ca:acme"],"trustedIdentities":["x509.subject: CN=Release,O=Acme,C=US"],"cosignKeys":["other","release"]},
                  {"name":"staging","registryScopes":["staging/**"],"signatureVerification":{"level":"audit"},"cosignKeys":["release"]},
                  {"name":"dev","registryScopes":["dev/**"],"signatureVerification":{"level":"skip"}}
                ]
                """),
            ["trustStores"] = new JsonObject { ["acme"] = new JsonArray(_root.ExportCertificatePem()) },
            ["cosignKeys"] = new JsonObject { ["release"] = _cosignKey.ExportSubjectPublicKeyInfoPem(), ["other"] = otherKey.ExportSubjectPublicKeyInfoPem() },
        };
        _verifier = new SignatureVerifier(TrustPolicyDocument.Parse(doc.ToJsonString()), _clock);
    }

    public void Dispose()
    {
        _root.Dispose();
        _leaf.Dispose();
        _cosignKey.Dispose();
    }

    private async Task<SignatureCandidate> Cosign(string repository, ECDsa? key = null)
    {
        var layer = await new CosignSigner(key ?? _cosignKey).SignLayerAsync("registry.example.com/" + repository, Subject.Digest);
        return new SignatureCandidate(SignatureFormat.Cosign, layer.Payload, layer.Descriptor.Annotations);
    }

    private SignatureCandidate Notation(X509Certificate2? leaf = null)
    {
        var artifact = new NotationSigner(leaf ?? _leaf, [_root], new FakeTimeProvider(TestPki.T0)).Sign(Subject);
        return new SignatureCandidate(SignatureFormat.Notation, artifact.Envelope, artifact.Annotations, artifact.ManifestDigest);
    }

    [Fact]
    public async Task Enforce_admits_a_manifest_with_one_good_signature_among_bad_ones()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verdict = _verifier.Verify("prod/app", Subject, [await Cosign("prod/app", stranger), await Cosign("prod/app")]);
        verdict.PolicyName.ShouldBe("prod");
        verdict.Level.ShouldBe(VerificationLevel.Enforce);
        verdict.Verified.ShouldBeTrue();
        verdict.Allowed.ShouldBeTrue();
        verdict.Signatures[0].Verified.ShouldBeFalse();
        verdict.Signatures[0].Reason.ShouldContain("key 'release'");
        verdict.Signatures[0].Reason.ShouldContain("key 'other'");
        verdict.Signatures[1].Verified.ShouldBeTrue();
        verdict.Signatures[1].Signer!.ShouldStartWith("release sha256:");
        verdict.PolicyVersion.ShouldBe(_verifier.Document.Version);
    }

    [Fact]
    public async Task Enforce_blocks_when_nothing_verifies()
    {
        var verdict = _verifier.Verify("prod/app", Subject, [await Cosign("prod/other")]);
        verdict.Verified.ShouldBeFalse();
        verdict.Allowed.ShouldBeFalse();
        verdict.Signatures.Single().Reason.ShouldContain("repository");
        _verifier.Verify("prod/app", Subject, []).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Notation_signatures_are_checked_against_the_policys_stores_and_identities()
    {
        var verdict = _verifier.Verify("prod/app", Subject, [Notation()]);
        verdict.Verified.ShouldBeTrue(verdict.Signatures.Single().Reason);
        verdict.Signatures.Single().Signer.ShouldBe(_leaf.Subject);
        verdict.Signatures.Single().SigningTime.ShouldBe(TestPki.T0);

        using var intern = TestPki.Leaf(_root, subject: "CN=Intern,O=Acme,C=US");
        var wrong = _verifier.Verify("prod/app", Subject, [Notation(intern)]);
        wrong.Allowed.ShouldBeFalse();
        wrong.Signatures.Single().Reason.ShouldContain("not a trusted identity");
    }

    [Fact]
    public async Task Audit_records_failures_but_allows()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verdict = _verifier.Verify("staging/app", Subject, [Notation(), await Cosign("staging/app", stranger)]);
        verdict.Level.ShouldBe(VerificationLevel.Audit);
        verdict.Verified.ShouldBeFalse();
        verdict.Allowed.ShouldBeTrue();
        verdict.Signatures[0].Reason.ShouldContain("no trust stores");
        verdict.Reason.ShouldContain("audit");
    }

    [Fact]
    public async Task Skip_and_uncovered_repositories_are_not_verified()
    {
        var skipped = _verifier.Verify("dev/app", Subject, [await Cosign("dev/app")]);
        skipped.Level.ShouldBe(VerificationLevel.Skip);
        skipped.Allowed.ShouldBeTrue();
        skipped.Signatures.ShouldBeEmpty();
        var uncovered = _verifier.Verify("other/app", Subject, []);
        uncovered.PolicyName.ShouldBeNull();
        uncovered.Allowed.ShouldBeTrue();
    }

    [Fact]
    public async Task Cosign_layer_without_signature_annotation_is_reported()
    {
        var candidate = (await Cosign("prod/app")) with { Annotations = null };
        _verifier.Verify("prod/app", Subject, [candidate]).Signatures.Single().Reason.ShouldContain(CosignConstants.SignatureAnnotation);
    }

    [Fact]
    public async Task Verdict_converts_to_the_admission_signature_state()
    {
        var notation = Notation();
        var state = _verifier.Verify("prod/app", Subject, [notation, await Cosign("prod/app")]).ToSignatureState();
        state.Verified.ShouldBeTrue();
        state.Policy.ShouldBe("prod");
        state.Signatures.Select(s => s.Format).ShouldBe(["notation", "cosign"]);
        state.Signatures[0].SignatureDigest.ShouldBe(notation.SignatureDigest!.Value);
        state.Signatures.ShouldAllBe(s => s.Verified && s.Policy == "prod");
    }
}
