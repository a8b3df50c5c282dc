using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Core.Encryption;
using Gateway.Server.Tests.Infrastructure;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Server.Tests.Cli;

/// <summary>`gateway keys generate` (cosign key files) and `gateway keys rotate` (KEK rotation while the gateway serves).</summary>
[Collection("real clients")]
public sealed class KeysCliTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    [Fact]
    public async Task Generated_cosign_key_decrypts_independently_and_its_signatures_release_quarantine()
    {
        var folder = TempFolder.Create("cosign-keys");
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "keys", "generate", "--format", "cosign", "--out", folder], environment: new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "correct horse" });
        code.ShouldBe(0, output);
        var privatePem = await File.ReadAllTextAsync(Path.Combine(folder, "cosign.key"));
        privatePem.ShouldStartWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
        using var key = DecryptSigstoreKey(privatePem, "correct horse");
        key.ExportSubjectPublicKeyInfoPem().Trim().ShouldBe((await File.ReadAllTextAsync(Path.Combine(folder, "cosign.pub"))).Trim());
        // Generating again into the same folder must not overwrite the private key.
        (await ExternalTool.RunAsync("dotnet", [Cli, "keys", "generate", "--out", folder], environment: new Dictionary<string, string> { ["COSIGN_PASSWORD"] = "x" })).ExitCode.ShouldBe(1);

        // The key pair in use: trust cosign.pub for secure/**, sign with cosign.key, push the signature with skopeo.
        var policy = Path.Combine(folder, "trustpolicy.json");
        await File.WriteAllTextAsync(policy, new JsonObject
        {
            ["version"] = "1.0",
            ["trustPolicies"] = new JsonArray(new JsonObject
            {
                ["name"] = "secure", ["registryScopes"] = new JsonArray("secure/**"),
                ["signatureVerification"] = new JsonObject { ["level"] = "enforce" }, ["cosignKeys"] = new JsonArray("team"),
            }),
            ["cosignKeys"] = new JsonObject { ["team"] = "file:cosign.pub" },
        }.ToJsonString());
        await using var gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Trust:PolicyFile"] = policy });
        var image = TestImages.Image("keyfile");
        var layout = new OciLayout(TempFolder.Create("oci-keyfile"));
        layout.AddImage(image, "1.0");
        TestCosign.AddSignature(layout, key, $"{gateway.HostPort}/secure/app", image.Digest);
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout.Path}:1.0", $"docker://{gateway.HostPort}/secure/app:1.0");
        (await gateway.Client.GetAsync("/v2/secure/app/manifests/1.0")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var sigTag = TestCosign.SignatureTag(image.Digest);
        await ExternalTool.RunOkAsync("skopeo", "copy", "--dest-tls-verify=false", $"oci:{layout.Path}:{sigTag}", $"docker://{gateway.HostPort}/secure/app:{sigTag}");
        (await gateway.Client.GetAsync("/v2/secure/app/manifests/1.0")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rotation_interrupted_half_way_and_resumed_keeps_every_blob_readable()
    {
        var keys = TempFolder.Create("rotate-keys");
        File.WriteAllText(Path.Combine(keys, "kek-1.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        var settings = new Dictionary<string, string> { ["Gateway:Keys:DevelopmentPath"] = keys };
        var gateway = await TestGateway.StartAsync(settings: settings);
        try
        {
            var images = Enumerable.Range(0, 4).Select(i => TestImages.Image($"rotate-{i}", layers: 2)).ToList();
            foreach (var (image, i) in images.Select((im, i) => (im, i)))
            {
                foreach (var blob in image.Blobs) await gateway.Client.PushBlobAsync("rotate/app", blob.Content);
                (await gateway.Client.PutManifestAsync("rotate/app", $"v{i}", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
            }

            // First run stops after 5 blobs (as an interrupted rotation would); the gateway keeps serving everything.
            var first = await ExternalTool.RunOkAsync("dotnet", Cli, "keys", "rotate", "--data", gateway.DataPath, "--keys", keys, "--max-blobs", "5");
            first.ShouldContain("added KEK version 2");
            first.ShouldContain("5 re-wrapped");
            first.ShouldContain("run again to continue");
            await ReadEverythingAsync(gateway, images);

            var second = await ExternalTool.RunOkAsync("dotnet", Cli, "keys", "rotate", "--new-version", "false", "--data", gateway.DataPath, "--keys", keys);
            second.ShouldContain("5 already current");
            second.ShouldContain(" 0 left");
            await ReadEverythingAsync(gateway, images);
            var third = await ExternalTool.RunOkAsync("dotnet", Cli, "keys", "rotate", "--new-version", "false", "--data", gateway.DataPath, "--keys", keys);
            third.ShouldContain("0 re-wrapped");

            // Each run left one key.rotate record in the data folder's audit log: partial, then done, then nothing to do.
            var rotations = await RotationRecordsAsync(gateway.DataPath);
            rotations.Select(e => e.GetProperty("result").GetString()).ShouldBe(["partial", "succeeded", "succeeded"]);
            var reasons = rotations.Select(e => e.GetProperty("reason").GetString()!).ToList();
            reasons[0].ShouldContain("/2: 5 re-wrapped, 0 already current");
            reasons[1].ShouldContain("/2: ");
            reasons[1].ShouldContain("5 already current, 0 left");
            reasons[2].ShouldContain("0 re-wrapped");
            rotations.ShouldAllBe(e => e.GetProperty("identityType").GetString() == "local");

            // Without version 1 the store is still readable: nothing depends on the old KEK any more.
            File.Delete(Path.Combine(keys, "kek-1.key"));
            gateway = await RestartAsync(gateway, settings);
            await ReadEverythingAsync(gateway, images);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_rotation_that_fails_is_recorded_as_failed_and_one_without_gateway_storage_does_nothing()
    {
        var empty = TempFolder.Create("rotate-nostorage");
        (await ExternalTool.RunAsync("dotnet", [Cli, "keys", "rotate", "--data", empty, "--keys", TempFolder.Create("rotate-nokeys")])).ExitCode.ShouldBe(2);
        File.Exists(Path.Combine(empty, "metadata.db")).ShouldBeFalse();

        var data = TempFolder.Create("rotate-failing");
        await new Gateway.Core.Storage.Sqlite.SqliteAuditStore(Path.Combine(data, "metadata.db")).InitializeAsync(CancellationToken.None);
        var missingKeys = Path.Combine(data, "no-such-keys");
        (await ExternalTool.RunAsync("dotnet", [Cli, "keys", "rotate", "--data", data, "--keys", missingKeys])).ExitCode.ShouldNotBe(0);
        var rotation = (await RotationRecordsAsync(data)).ShouldHaveSingleItem();
        rotation.GetProperty("result").GetString().ShouldBe("failed");
        rotation.GetProperty("reason").GetString()!.ShouldContain("does not exist");
    }

    /// <summary>The key.rotate events of an offline export (which must verify), in order.</summary>
    private static async Task<List<JsonElement>> RotationRecordsAsync(string data)
    {
        var export = Path.Combine(TempFolder.Create("rotate-audit"), "audit.jsonl");
        await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "export", "--out", export, "--data", data);
        (await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "verify", export)).ShouldStartWith("OK");
        return (await File.ReadAllLinesAsync(export))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.GetProperty("type").GetString() == "record")
            .Select(l => l.GetProperty("event"))
            .Where(e => e.GetProperty("operation").GetString() == "key.rotate")
            .ToList();
    }

    private static async Task<TestGateway> RestartAsync(TestGateway gateway, Dictionary<string, string> settings)
    {
        var data = gateway.DataPath;
        await gateway.DisposeAsync();
        return await TestGateway.StartAsync(data, settings);
    }

    private static async Task ReadEverythingAsync(TestGateway gateway, IReadOnlyList<TestImage> images)
    {
        foreach (var image in images)
        {
            (await gateway.Client.GetByteArrayAsync($"/v2/rotate/app/manifests/{image.Digest}")).ShouldBe(image.Manifest);
            foreach (var blob in image.Blobs)
                (await gateway.Client.GetByteArrayAsync($"/v2/rotate/app/blobs/{blob.Digest}")).ShouldBe(blob.Content);
        }
    }

    /// <summary>Independent reading of the sigstore encrypted key format: scrypt → NaCl secretbox (XSalsa20-Poly1305) → PKCS#8.</summary>
    private static ECDsa DecryptSigstoreKey(string pem, string password)
    {
        var body = string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        var json = JsonDocument.Parse(Convert.FromBase64String(body)).RootElement;
        var kdf = json.GetProperty("kdf");
        kdf.GetProperty("name").GetString().ShouldBe("scrypt");
        json.GetProperty("cipher").GetProperty("name").GetString().ShouldBe("nacl/secretbox");
        var p = kdf.GetProperty("params");
        var secretKey = SCrypt.Generate(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(kdf.GetProperty("salt").GetString()!),
            p.GetProperty("N").GetInt32(), p.GetProperty("r").GetInt32(), p.GetProperty("p").GetInt32(), 32);
        var nonce = Convert.FromBase64String(json.GetProperty("cipher").GetProperty("nonce").GetString()!);
        var box = Convert.FromBase64String(json.GetProperty("ciphertext").GetString()!);
        var salsa = new XSalsa20Engine();
        salsa.Init(false, new ParametersWithIV(new KeyParameter(secretKey), nonce));
        var stream = new byte[32 + box.Length - 16];
        salsa.ProcessBytes(new byte[stream.Length], 0, stream.Length, stream, 0);
        var poly = new Poly1305();
        poly.Init(new KeyParameter(stream, 0, 32));
        poly.BlockUpdate(box, 16, box.Length - 16);
        var tag = new byte[16];
        poly.DoFinal(tag, 0);
        CryptographicOperations.FixedTimeEquals(tag, box.AsSpan(0, 16)).ShouldBeTrue("the secretbox tag must authenticate");
        var plain = new byte[box.Length - 16];
        for (var i = 0; i < plain.Length; i++) plain[i] = (byte)(box[16 + i] ^ stream[32 + i]);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(plain, out _);
        return key;
    }
}
