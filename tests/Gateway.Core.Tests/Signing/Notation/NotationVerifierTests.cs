using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Notation;

namespace Gateway.Core.Tests.Signing.Notation;

/// <summary>The production verifier against envelopes built by the independent test JWS builder.</summary>
public sealed class NotationVerifierTests : IDisposable
{
    private static readonly Descriptor Subject = new(MediaTypes.OciManifest, Digest.Sha256Of("image"u8), 1234);
    private static readonly string[] AnyIdentity = ["*"];

    private readonly X509Certificate2 _root = TestPki.Root();
    private readonly X509Certificate2 _leaf;
    private readonly DateTimeOffset _now = TestPki.T0.AddDays(1);

    public NotationVerifierTests() => _leaf = TestPki.Leaf(_root);

    public void Dispose()
    {
        _root.Dispose();
        _leaf.Dispose();
    }

    private static JsonObject Payload(Descriptor d) => TestJws.Payload(d.MediaType, d.Digest.ToString(), d.Size);

    private byte[] Envelope(JsonObject? header = null, JsonObject? payload = null, X509Certificate2? leaf = null, X509Certificate2[]? issuers = null) =>
        TestJws.Envelope(header ?? TestJws.Header("ES256", TestPki.T0), payload ?? Payload(Subject), leaf ?? _leaf, issuers ?? [_root]);

    private NotationVerification Verify(byte[] envelope, IReadOnlyList<string>? identities = null, X509Certificate2? trusted = null, DateTimeOffset? now = null) =>
        NotationVerifier.Verify(envelope, Subject, [trusted ?? _root], identities ?? AnyIdentity, now ?? _now);

    [Fact]
    public void Accepts_an_ES256_envelope_and_reports_signer_and_time()
    {
        var result = Verify(Envelope());
        result.Verified.ShouldBeTrue(result.Reason);
        result.Identity.ShouldBe(_leaf.Subject);
        result.SigningTime.ShouldBe(TestPki.T0);
    }

    [Theory]
    [InlineData(TestPki.LeafKey.P384, "ES384")]
    [InlineData(TestPki.LeafKey.Rsa2048, "PS256")]
    [InlineData(TestPki.LeafKey.Rsa3072, "PS384")]
    public void Accepts_other_key_types(TestPki.LeafKey key, string alg)
    {
        using var leaf = TestPki.Leaf(_root, key: key);
        var result = Verify(Envelope(TestJws.Header(alg, TestPki.T0), leaf: leaf));
        result.Verified.ShouldBeTrue(result.Reason);
    }

    [Fact]
    public void Matches_identity_as_an_unordered_set_of_attributes()
    {
        Verify(Envelope(), ["x509.subject: C=US, CN=Release, O=Acme"]).Verified.ShouldBeTrue();
        Verify(Envelope(), ["x509.subject: cn=release,o=acme,c=us"]).Verified.ShouldBeTrue();
    }

    [Theory]
    [InlineData("x509.subject: CN=Release,O=Acme")] // subset of the subject is not the subject
    [InlineData("x509.subject: CN=Release,O=Evil,C=US")]
    public void Rejects_a_signer_that_is_not_a_trusted_identity(string identity)
    {
        var result = Verify(Envelope(), [identity]);
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("not a trusted identity");
    }

    [Fact]
    public void Rejects_a_chain_to_another_CA()
    {
        using var otherRoot = TestPki.Root("CN=Other Root,O=Acme");
        var result = Verify(Envelope(), trusted: otherRoot);
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("chain is not trusted");
    }

    [Fact]
    public void Rejects_a_leaf_that_had_expired_at_signing_time()
    {
        using var leaf = TestPki.Leaf(_root, notBefore: TestPki.T0.AddDays(-60), notAfter: TestPki.T0.AddDays(-1));
        var result = Verify(Envelope(leaf: leaf), now: TestPki.T0.AddDays(-2));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("signing time");
    }

    [Fact]
    public void Rejects_a_leaf_that_has_expired_since_signing()
    {
        using var leaf = TestPki.Leaf(_root, notAfter: TestPki.T0.AddDays(10));
        Verify(Envelope(leaf: leaf), now: TestPki.T0.AddDays(5)).Verified.ShouldBeTrue();
        var result = Verify(Envelope(leaf: leaf), now: TestPki.T0.AddDays(11));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("not valid now");
    }

    [Fact]
    public void Rejects_a_signature_past_its_expiry()
    {
        var envelope = Envelope(TestJws.Header("ES256", TestPki.T0, expiry: TestPki.T0.AddDays(7)));
        Verify(envelope, now: TestPki.T0.AddDays(6)).Verified.ShouldBeTrue();
        var result = Verify(envelope, now: TestPki.T0.AddDays(7));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("expired");
    }

    [Fact]
    public void Rejects_a_tampered_payload()
    {
        var envelope = JsonNode.Parse(Envelope())!.AsObject();
        var other = Payload(Subject with { Size = 999 });
        envelope["payload"] = TestJws.B64Url(Encoding.UTF8.GetBytes(other.ToJsonString()));
        var result = Verify(Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("does not verify");
    }

    [Fact]
    public void Rejects_a_signature_from_another_key_than_the_x5c_leaf()
    {
        using var other = TestPki.Leaf(_root);
        var envelope = JsonNode.Parse(Envelope(leaf: other))!.AsObject();
        envelope["header"]!["x5c"]![0] = Convert.ToBase64String(_leaf.RawData);
        Verify(Encoding.UTF8.GetBytes(envelope.ToJsonString())).Reason.ShouldContain("does not verify");
    }

    [Fact]
    public void Rejects_a_signature_for_another_manifest()
    {
        var result = Verify(Envelope(payload: Payload(Subject with { Digest = Digest.Sha256Of("other"u8) })));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain("not " + Subject.Digest);
        Verify(Envelope(payload: Payload(Subject with { MediaType = MediaTypes.OciIndex }))).Reason.ShouldContain("media type");
        Verify(Envelope(payload: Payload(Subject with { Size = 1 }))).Reason.ShouldContain("size");
    }

    [Fact]
    public void Rejects_an_alg_that_does_not_match_the_key() =>
        Verify(Envelope(TestJws.Header("ES384", TestPki.T0))).Reason.ShouldContain("requires 'ES256'");

    [Theory]
    [InlineData("crit", null, "crit header is missing")]
    [InlineData("crit", "[\"io.cncf.notary.expiry\"]", "absent")]
    [InlineData("crit", "[\"io.cncf.notary.signingScheme\",\"com.example.unknown\"]", "not understood")]
    [InlineData("crit", "[\"io.cncf.notary.signingScheme\",\"io.cncf.notary.verificationPlugin\"]", "verification plugin")]
    [InlineData("cty", "\"application/json\"", "cty")]
    [InlineData("io.cncf.notary.signingScheme", "\"notary.x509.signingAuthority\"", "not supported")]
    [InlineData("io.cncf.notary.signingTime", "\"yesterday\"", "signingTime")]
    [InlineData("io.cncf.notary.expiry", "\"2030-01-01T00:00:00Z\"", "must be listed in crit")]
    [InlineData("alg", "\"none\"", "not one the Notary Project allows")]
    public void Rejects_headers_that_break_the_spec(string field, string? json, string reason)
    {
        var header = TestJws.Header("ES256", TestPki.T0);
        if (json is null) header.Remove(field);
        else header[field] = JsonNode.Parse(json);
        if (field == "crit" && json?.Contains("verificationPlugin") == true) header["io.cncf.notary.verificationPlugin"] = "com.example.plugin";
        var result = Verify(Envelope(header));
        result.Verified.ShouldBeFalse();
        result.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Rejects_x5c_that_is_not_the_trusted_chain()
    {
        using var stranger = TestPki.Root("CN=Stranger");
        Verify(Envelope(issuers: [_root, stranger])).Reason.ShouldContain("x5c");
        Verify(Envelope(issuers: [])).Reason.ShouldContain("x5c");
    }

    [Fact]
    public void Rejects_a_leaf_meant_for_TLS()
    {
        using var leaf = TestPki.Leaf(_root, serverAuth: true);
        Verify(Envelope(leaf: leaf)).Reason.ShouldContain("serverAuth");
    }

    [Fact]
    public void Rejects_malformed_envelopes()
    {
        Verify("not json"u8.ToArray()).Reason.ShouldContain("malformed");
        var extra = JsonNode.Parse(Envelope())!.AsObject();
        extra["signatures"] = new JsonArray();
        Verify(Encoding.UTF8.GetBytes(extra.ToJsonString())).Reason.ShouldContain("signatures");
        var noChain = JsonNode.Parse(Envelope())!.AsObject();
        noChain.Remove("header");
        Verify(Encoding.UTF8.GetBytes(noChain.ToJsonString())).Reason.ShouldContain("x5c");
    }
}
