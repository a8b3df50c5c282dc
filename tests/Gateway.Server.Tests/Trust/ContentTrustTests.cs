using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Core.Tests.Signing;
using Gateway.Core.Tests.Signing.Notation;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Trust;

/// <summary>
/// Trusted push (quarantine until a signature verifies) and pull blocked for unsigned, with skopeo as the client:
/// cosign signatures made by an independent test-side implementation, notation signatures by the test-side JWS
/// builder, and signatures the gateway makes itself checked by the test-side verifier.
/// </summary>
[Collection("real clients")]
public sealed class ContentTrustTests : IAsyncLifetime
{
    private readonly ECDsa _releaseKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root = TestPki.Root(notBefore: DateTimeOffset.UtcNow.AddDays(-1), notAfter: DateTimeOffset.UtcNow.AddYears(1));
    private string _policyFolder = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _policyFolder = TempFolder.Create("trust");
        WritePolicy(["release"]);
        _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Trust:PolicyFile"] = Path.Combine(_policyFolder, "trustpolicy.json") });
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private void WritePolicy(string[] cosignKeys, string level = "enforce")
    {
        File.WriteAllText(Path.Combine(_policyFolder, "release.pub"), _releaseKey.ExportSubjectPublicKeyInfoPem());
        var policy = new JsonObject
        {
            ["version"] = "1.0",
            ["trustPolicies"] = new JsonArray(new JsonObject
            {
                ["name"] = "secure",
                ["registryScopes"] = new JsonArray("secure/**"),
                ["signatureVerification"] = new JsonObject { ["level"] = level },
                ["trustStores"] = new JsonArray("ca:acme"),
                ["trustedIdentities"] = new JsonArray("x509.subject: CN=Release,O=Acme,C=US"),
                ["cosignKeys"] = new JsonArray(cosignKeys.Select(k => (JsonNode)k!).ToArray()),
            }),
            ["trustStores"] = new JsonObject { ["acme"] = new JsonArray(_root.ExportCertificatePem()) },
            ["cosignKeys"] = new JsonObject { ["release"] = "file:release.pub" },
        };
        if (File.Exists(Path.Combine(_policyFolder, "gateway.pub"))) policy["cosignKeys"]!["gateway"] = "file:gateway.pub";
        File.WriteAllText(Path.Combine(_policyFolder, "trustpolicy.json"), policy.ToJsonString());
    }

    private async Task ReloadAsync()
    {
        using var response = await _gateway.Client.PostAsync("/gateway/v1/trust-policy/reload", null);
        var body = await response.Content.ReadAsStringAsync();
        JsonDocument.Parse(body).RootElement.GetProperty("reloaded").GetBoolean().ShouldBeTrue(body);
    }

    private async Task<TestImage> PushWithSkopeoAsync(string repository, string tag, string marker)
    {
        var image = TestImages.Image(marker);
        var layout = new OciLayout(TempFolder.Create("oci-trust"));
        layout.AddImage(image, tag);
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout.Path}:{tag}", $"docker://{_gateway.HostPort}/{repository}:{tag}");
        return image;
    }

    private async Task PushCosignSignatureAsync(string repository, ECDsa key, string signedDigest, string? tagFor = null)
    {
        var layout = new OciLayout(TempFolder.Create("oci-sig"));
        TestCosign.AddSignature(layout, key, $"{_gateway.HostPort}/{repository}", signedDigest, tagFor);
        var tag = TestCosign.SignatureTag(tagFor ?? signedDigest);
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout.Path}:{tag}", $"docker://{_gateway.HostPort}/{repository}:{tag}");
    }

    private Task<(int ExitCode, string Output)> InspectAsync(string repository, string reference) =>
        ExternalTool.RunAsync("skopeo", ["inspect", "--tls-verify=false", "--raw", $"docker://{_gateway.HostPort}/{repository}{(reference.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":")}{reference}"]);

    [Fact]
    public async Task Unsigned_push_is_quarantined_and_a_trusted_cosign_signature_releases_it()
    {
        var image = await PushWithSkopeoAsync("secure/app", "1.0", "quarantine");
        var (code, output) = await InspectAsync("secure/app", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain($"manifest {image.Digest} is quarantined by trust policy 'secure'", Case.Sensitive, output);
        output.ShouldContain("no signature is attached");
        (await InspectAsync("secure/app", image.Digest)).ExitCode.ShouldNotBe(0); // by digest too
        // ... and layer by layer: blob content of a quarantined image is refused (HEAD, which pushes need, is not).
        var layer = image.Blobs.First().Digest;
        using (var blob = await _gateway.Client.GetAsync($"/v2/secure/app/blobs/{layer}"))
        {
            blob.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await blob.Content.ReadAsStringAsync()).ShouldContain("belongs to no verified manifest");
        }
        (await _gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/secure/app/blobs/{layer}"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await PushCosignSignatureAsync("secure/app", _releaseKey, image.Digest);
        var (released, releasedOutput) = await InspectAsync("secure/app", "1.0");
        released.ShouldBe(0, releasedOutput);
        (await InspectAsync("secure/app", image.Digest)).ExitCode.ShouldBe(0);
        (await _gateway.Client.GetAsync($"/v2/secure/app/blobs/{layer}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The signature artifact itself stays readable.
        (await InspectAsync("secure/app", TestCosign.SignatureTag(image.Digest))).ExitCode.ShouldBe(0);

        var audit = await _gateway.Client.GetStringAsync("/gateway/v1/audit?repository=secure/app");
        audit.ShouldContain("\"operation\":\"trust.quarantine\"");
        audit.ShouldContain("\"operation\":\"trust.release\"");
        // Outside the enforced scope nothing is held.
        await PushWithSkopeoAsync("open/app", "1.0", "open");
        (await InspectAsync("open/app", "1.0")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Untrusted_key_and_a_signature_for_another_digest_do_not_release()
    {
        var image = await PushWithSkopeoAsync("secure/stranger", "1.0", "stranger");
        await PushCosignSignatureAsync("secure/stranger", _strangerKey, image.Digest);
        var (code, output) = await InspectAsync("secure/stranger", "1.0");
        code.ShouldNotBe(0);
        output.ShouldContain("quarantined", Case.Sensitive, output);

        var other = await PushWithSkopeoAsync("secure/swapped", "1.0", "swapped");
        var decoy = TestImages.Image("decoy");
        // Signed by the trusted key, but for a different digest, placed under this image's .sig tag.
        await PushCosignSignatureAsync("secure/swapped", _releaseKey, decoy.Digest, tagFor: other.Digest);
        var (swapped, swappedOutput) = await InspectAsync("secure/swapped", "1.0");
        swapped.ShouldNotBe(0);
        swappedOutput.ShouldContain("quarantined", Case.Sensitive, swappedOutput);
        (await _gateway.Client.GetStringAsync("/gateway/v1/audit?repository=secure/swapped")).ShouldContain("\"operation\":\"trust.verify\"");
    }

    [Fact]
    public async Task Multi_platform_index_signed_once_releases_every_platform()
    {
        var amd = TestImages.Image("trust-amd", "linux", "amd64");
        var arm = TestImages.Image("trust-arm", "linux", "arm64");
        var index = TestImages.Index((amd, "linux", "amd64"), (arm, "linux", "arm64"));
        var layout = new OciLayout(TempFolder.Create("oci-trust-multi"));
        layout.AddImage(amd, null);
        layout.AddImage(arm, null);
        layout.AddManifest(index, TestImages.OciIndex, "multi");
        await ExternalTool.RunOkAsync("skopeo", "copy", "--all", "--dest-tls-verify=false", $"oci:{layout.Path}:multi", $"docker://{_gateway.HostPort}/secure/multi:1.0");
        (await InspectAsync("secure/multi", arm.Digest)).ExitCode.ShouldNotBe(0);

        await PushCosignSignatureAsync("secure/multi", _releaseKey, RegistryClient.Sha256(index));
        (await InspectAsync("secure/multi", "1.0")).ExitCode.ShouldBe(0);
        (await InspectAsync("secure/multi", amd.Digest)).ExitCode.ShouldBe(0);
        (await InspectAsync("secure/multi", arm.Digest)).ExitCode.ShouldBe(0);
        var back = TempFolder.Create("oci-trust-back");
        await ExternalTool.RunOkAsync("skopeo", "copy", "--all", "--src-tls-verify=false", $"docker://{_gateway.HostPort}/secure/multi:1.0", $"oci:{back}:multi");
    }

    [Fact]
    public async Task Removing_the_key_from_the_policy_blocks_again_and_audit_level_allows_with_a_record()
    {
        var image = await PushWithSkopeoAsync("secure/rotated", "1.0", "rotated");
        await PushCosignSignatureAsync("secure/rotated", _releaseKey, image.Digest);
        (await InspectAsync("secure/rotated", "1.0")).ExitCode.ShouldBe(0);

        WritePolicy([]);   // the key is no longer trusted (the policy still trusts the notation CA)
        await ReloadAsync();
        (await InspectAsync("secure/rotated", "1.0")).ExitCode.ShouldNotBe(0);

        WritePolicy([], level: "audit");
        await ReloadAsync();
        (await InspectAsync("secure/rotated", "1.0")).ExitCode.ShouldBe(0);

        // A broken file keeps the last good policy in force and says why.
        File.WriteAllText(Path.Combine(_policyFolder, "trustpolicy.json"), "{ not json");
        using var reload = await _gateway.Client.PostAsync("/gateway/v1/trust-policy/reload", null);
        var body = JsonDocument.Parse(await reload.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("reloaded").GetBoolean().ShouldBeFalse();
        body.GetProperty("status").GetProperty("lastError").GetString().ShouldNotBeNullOrEmpty();
        (await InspectAsync("secure/rotated", "1.0")).ExitCode.ShouldBe(0); // still the audit-level policy
    }

    [Fact]
    public async Task Notation_signature_from_the_test_signer_releases_and_wrong_ca_or_identity_does_not()
    {
        var image = await PushWithSkopeoAsync("secure/notation", "1.0", "notation");
        var now = DateTimeOffset.UtcNow;
        var leaf = TestPki.Leaf(_root, notBefore: now.AddDays(-1), notAfter: now.AddMonths(6));
        var otherRoot = TestPki.Root("CN=Other Root,O=Evil", notBefore: now.AddDays(-1), notAfter: now.AddYears(1));
        var wrongCa = TestPki.Leaf(otherRoot, notBefore: now.AddDays(-1), notAfter: now.AddMonths(6));
        var wrongIdentity = TestPki.Leaf(_root, "CN=Someone Else,O=Acme,C=US", notBefore: now.AddDays(-1), notAfter: now.AddMonths(6));

        foreach (var (cert, issuer) in new[] { (wrongCa, otherRoot), (wrongIdentity, _root) })
        {
            await PushNotationAsync("secure/notation", image, cert, issuer, now);
            (await InspectAsync("secure/notation", "1.0")).ExitCode.ShouldNotBe(0);
        }
        await PushNotationAsync("secure/notation", image, leaf, _root, now);
        var (code, output) = await InspectAsync("secure/notation", "1.0");
        code.ShouldBe(0, output);
    }

    private async Task PushNotationAsync(string repository, TestImage image, X509Certificate2 leaf, X509Certificate2 issuer, DateTimeOffset now)
    {
        var envelope = TestJws.Envelope(TestJws.Header("ES256", now.AddMinutes(-1)), TestJws.Payload(image.MediaType, image.Digest, image.Manifest.Length), leaf, issuer);
        var empty = "{}"u8.ToArray();
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["artifactType"] = "application/vnd.cncf.notary.signature",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.cncf.notary.signature", ["digest"] = RegistryClient.Sha256(empty), ["size"] = empty.Length },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/jose+json", ["digest"] = RegistryClient.Sha256(envelope), ["size"] = envelope.Length }),
            ["subject"] = new JsonObject { ["mediaType"] = image.MediaType, ["digest"] = image.Digest, ["size"] = image.Manifest.Length },
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        await _gateway.Client.PushBlobAsync(repository, empty);
        await _gateway.Client.PushBlobAsync(repository, envelope);
        (await _gateway.Client.PutManifestAsync(repository, RegistryClient.Sha256(bytes), bytes, "application/vnd.oci.image.manifest.v1+json")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Gateway_signs_for_an_image_signer_and_its_cosign_signature_verifies_independently()
    {
        var image = await PushWithSkopeoAsync("secure/served", "1.0", "served");
        (await InspectAsync("secure/served", "1.0")).ExitCode.ShouldNotBe(0);
        var key = JsonDocument.Parse(await _gateway.Client.GetStringAsync("/gateway/v1/signing-key")).RootElement;
        var publicKey = key.GetProperty("publicKeyPem").GetString()!;
        File.WriteAllText(Path.Combine(_policyFolder, "gateway.pub"), publicKey);
        WritePolicy(["release", "gateway"]);
        await ReloadAsync();

        // A token without ImageSigner may not ask.
        var password = await Identity.IdentityTestClient.CreateTokenAsync(_gateway, "ci-no-sign", ("secure/*", ["content/read", "content/write"]));
        using (var pusher = _gateway.ClientFor("ci-no-sign", password))
            (await pusher.PostAsJsonAsync("/gateway/v1/sign", new { repository = "secure/served", reference = "1.0" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var sign = await _gateway.Client.PostAsJsonAsync("/gateway/v1/sign", new { repository = "secure/served", reference = "1.0", format = "cosign" });
        var body = await sign.Content.ReadAsStringAsync();
        sign.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        var (code, output) = await InspectAsync("secure/served", "1.0");
        code.ShouldBe(0, output);

        var signatureManifest = await _gateway.Client.GetByteArrayAsync($"/v2/secure/served/manifests/{TestCosign.SignatureTag(image.Digest)}");
        TestCosign.Verify(signatureManifest, d => _gateway.Client.GetByteArrayAsync($"/v2/secure/served/blobs/{d}").GetAwaiter().GetResult(), publicKey, image.Digest);
        (await _gateway.Client.GetStringAsync("/gateway/v1/audit?action=sign")).ShouldContain("\"result\":\"succeeded\"");
    }

    [Fact]
    public async Task Gateway_notation_signature_verifies_with_the_test_side_verifier()
    {
        var image = await PushWithSkopeoAsync("open/notary", "1.0", "notary");
        using var sign = await _gateway.Client.PostAsJsonAsync("/gateway/v1/sign", new { repository = "open/notary", reference = image.Digest, format = "notation" });
        var body = JsonDocument.Parse(await sign.Content.ReadAsStringAsync()).RootElement;
        sign.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        var manifest = JsonNode.Parse(await _gateway.Client.GetByteArrayAsync($"/v2/open/notary/manifests/{body.GetProperty("signature").GetString()}"))!;
        manifest["subject"]!["digest"]!.GetValue<string>().ShouldBe(image.Digest);
        var envelope = await _gateway.Client.GetByteArrayAsync($"/v2/open/notary/blobs/{manifest["layers"]![0]!["digest"]!.GetValue<string>()}");
        var (_, payload, leaf) = TestJws.VerifySignature(envelope);
        payload["targetArtifact"]!["digest"]!.GetValue<string>().ShouldBe(image.Digest);
        leaf.Subject.ShouldContain("Gateway Development Signer");
    }
}
