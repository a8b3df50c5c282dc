using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Tests.Signing.Policy;

public sealed class TrustPolicyDocumentTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"trust-{Guid.NewGuid():N}");
    private readonly X509Certificate2 _root = TestPki.Root();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TrustPolicyDocumentTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        _root.Dispose();
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private JsonObject Doc() => new()
    {
        ["version"] = "1.0",
        ["trustPolicies"] = new JsonArray(
            Policy("prod", ["prod/*", "prod/**"], "enforce", ["ca:acme"], ["x509.subject: CN=Release,O=Acme"], ["release-key"]),
            Policy("app", ["prod/app"], "audit", [], [], ["release-key"]),
            Policy("default", ["*"], "skip", [], [], [])),
        ["trustStores"] = new JsonObject { ["acme"] = new JsonArray(_root.ExportCertificatePem()) },
        ["cosignKeys"] = new JsonObject { ["release-key"] = _key.ExportSubjectPublicKeyInfoPem() },
    };

    private static JsonObject Policy(string name, string[] scopes, string level, string[] stores, string[] identities, string[] keys)
    {
        var policy = new JsonObject
        {
            ["name"] = name,
            ["registryScopes"] = new JsonArray(scopes.Select(s => (JsonNode)s!).ToArray()),
            ["signatureVerification"] = new JsonObject { ["level"] = level },
        };
        if (stores.Length > 0) policy["trustStores"] = new JsonArray(stores.Select(s => (JsonNode)s!).ToArray());
        if (identities.Length > 0) policy["trustedIdentities"] = new JsonArray(identities.Select(s => (JsonNode)s!).ToArray());
        if (keys.Length > 0) policy["cosignKeys"] = new JsonArray(keys.Select(s => (JsonNode)s!).ToArray());
        return policy;
    }

    private static string Error(JsonObject doc, string? baseDirectory = null) =>
        Should.Throw<TrustPolicyException>(() => TrustPolicyDocument.Parse(doc.ToJsonString(), baseDirectory)).Message;

    [Fact]
    public void Loads_policies_stores_and_keys()
    {
        var doc = TrustPolicyDocument.Parse(Doc().ToJsonString());
        doc.Policies.Select(p => p.Name).ShouldBe(["prod", "app", "default"]);
        var prod = doc.Policies[0];
        prod.Level.ShouldBe(VerificationLevel.Enforce);
        prod.TrustStores.ShouldBe(["acme"]);
        doc.CertificatesFor(prod).Single().Thumbprint.ShouldBe(_root.Thumbprint);
        doc.CosignKeysFor(prod).Single().Name.ShouldBe("release-key");
        prod.TrustedIdentities.Single().Subject!.ToString().ShouldBe("CN=Release, O=Acme");
        doc.Version.Length.ShouldBe(64);
    }

    [Theory]
    [InlineData("prod/app", "app")] // exact beats prod/*
    [InlineData("prod/web", "prod")]
    [InlineData("prod/team/web", "prod")] // only prod/** matches
    [InlineData("dev/web", "default")]
    [InlineData("prod", "default")]
    public void The_most_specific_scope_decides(string repository, string policy) =>
        TrustPolicyDocument.Parse(Doc().ToJsonString()).FindPolicy(repository)!.Name.ShouldBe(policy);

    [Fact]
    public void No_policy_when_no_scope_matches()
    {
        var doc = Doc();
        doc["trustPolicies"]!.AsArray().RemoveAt(2);
        TrustPolicyDocument.Parse(doc.ToJsonString()).FindPolicy("dev/web").ShouldBeNull();
    }

    [Fact]
    public void Version_ignores_formatting_but_not_content()
    {
        var a = TrustPolicyDocument.Parse(Doc().ToJsonString()).Version;
        var b = TrustPolicyDocument.Parse(Doc().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).Version;
        b.ShouldBe(a);
        var changed = Doc();
        changed["trustPolicies"]![0]!["signatureVerification"]!["level"] = "audit";
        TrustPolicyDocument.Parse(changed.ToJsonString()).Version.ShouldNotBe(a);
    }

    [Fact]
    public void File_references_resolve_relative_to_the_policy_and_feed_the_version()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "keys"));
        File.WriteAllText(Path.Combine(_folder, "keys", "release.pub"), _key.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Path.Combine(_folder, "keys", "root.pem"), _root.ExportCertificatePem());
        var json = Doc();
        json["cosignKeys"]!["release-key"] = "file:keys/release.pub";
        json["trustStores"]!["acme"] = new JsonArray("file:keys/root.pem");
        var path = Path.Combine(_folder, "trustpolicy.json");
        File.WriteAllText(path, json.ToJsonString());

        var doc = TrustPolicyDocument.Load(path);
        doc.CosignKeys["release-key"].ShouldBe(_key.ExportSubjectPublicKeyInfoPem());
        doc.TrustStores["acme"].Single().Thumbprint.ShouldBe(_root.Thumbprint);
        doc.Version.ShouldBe(TrustPolicyDocument.Parse(Doc().ToJsonString()).Version); // inlined content, same canonical form

        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_folder, "keys", "release.pub"), other.ExportSubjectPublicKeyInfoPem());
        TrustPolicyDocument.Load(path).Version.ShouldNotBe(doc.Version);

        File.Delete(Path.Combine(_folder, "keys", "release.pub"));
        Should.Throw<TrustPolicyException>(() => TrustPolicyDocument.Load(path)).Message.ShouldContain("cosignKeys['release-key']");
        Error(json).ShouldContain("file references need a policy loaded from a file");
    }

    [Fact]
    public void A_scope_may_belong_to_one_policy_only()
    {
        var doc = Doc();
        doc["trustPolicies"]![1]!["registryScopes"] = new JsonArray("prod/*");
        Error(doc).ShouldBe("trust policy 'app': registryScopes[0] 'prod/*' is already the scope of policy 'prod' (a scope may belong to one policy only)");
    }

    public static TheoryData<string, string, string> Broken => new()
    {
        { "trustPolicies[0].signatureVerification.level", "\"strict\"", "trust policy 'prod': signatureVerification.level 'strict' must be 'enforce', 'audit' or 'skip'" },
        { "trustPolicies[0].registryScopes", "[\"prod/*/x\"]", "trust policy 'prod': registryScopes[0] 'prod/*/x'" },
        { "trustPolicies[0].registryScopes", "[]", "trust policy 'prod': registryScopes must name at least one scope" },
        { "trustPolicies[0].trustStores", "[\"acme\"]", "trust policy 'prod': trustStores[0] 'acme' must be of the form 'ca:<store name>'" },
        { "trustPolicies[0].trustStores", "[\"ca:nope\"]", "trust policy 'prod': trustStores[0] names trust store 'nope', which trustStores does not define" },
        { "trustPolicies[0].cosignKeys", "[\"nope\"]", "trust policy 'prod': cosignKeys[0] names cosign key 'nope'" },
        { "trustPolicies[0].trustedIdentities", "[\"CN=Release\"]", "trust policy 'prod': trustedIdentities[0]" },
        { "trustPolicies[0].trustedIdentities", "[\"*\",\"x509.subject: CN=A\"]", "trust policy 'prod': trustedIdentities '*' must be the only entry" },
        { "trustPolicies[0].trustedIdentities", "null", "trust policy 'prod': trustedIdentities is required when trustStores is set" },
        { "trustPolicies[0].trustedIdentitees", "[\"*\"]", "trust policy 'prod': unknown field 'trustedIdentitees'" },
        { "trustPolicies[1].cosignKeys", "null", "trust policy 'app': level 'audit' needs trustStores or cosignKeys" },
        { "trustPolicies[1].name", "\"prod\"", "trust policy 'prod': the name is used by more than one policy" },
        { "version", "\"2.0\"", "version '2.0' is not supported" },
        { "trustStores.acme", "[\"not a cert\"]", "trustStores['acme'][0]" },
        { "cosignKeys.release-key", "\"not a key\"", "cosignKeys['release-key'] is not a PEM public key" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validation_errors_name_the_policy_and_field(string path, string json, string message)
    {
        var doc = Doc();
        var parts = path.Split('.');
        JsonNode target = doc;
        foreach (var part in parts[..^1]) target = Step(target, part);
        var field = parts[^1];
        var value = JsonNode.Parse(json);
        if (value is null) target.AsObject().Remove(field);
        else target[field] = value;
        Error(doc).ShouldContain(message);
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[');
        if (bracket < 0) return node[part]!;
        return node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1])]!;
    }

    [Fact]
    public void Not_json_is_a_load_error() =>
        Should.Throw<TrustPolicyException>(() => TrustPolicyDocument.Parse("{ nope")).Message.ShouldContain("not valid JSON");
}
