using System.Net;
using System.Text;
using Gateway.Core.Registry;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Oci;

/// <summary>What is on disk: encrypted at rest, tamper detected, garbage collected.</summary>
public sealed class StorageTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Registry:GcGracePeriod"] = "00:00:00" });
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task No_plaintext_of_pushed_content_is_anywhere_under_the_data_folder()
    {
        const string marker = "PLAINTEXT-MARKER-7c1f0b9e";
        // An uncompressed layer so the marker bytes are literally in the pushed content.
        var layer = RegistryClient.Utf8(string.Concat(Enumerable.Repeat(marker + "\n", 5000)));
        var config = RegistryClient.Utf8($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{{\"Labels\":{{\"m\":\"{marker}\"}}}},\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[]}}}}");
        await Client.PushBlobAsync("secret/app", config);
        // Chunked too, so upload parts are covered.
        var start = await Client.PostAsync("/v2/secret/app/blobs/uploads/", null);
        var patch = new HttpRequestMessage(HttpMethod.Patch, start.Headers.Location) { Content = new ByteArrayContent(layer[..40000]) };
        var patched = await Client.SendAsync(patch);
        (await Client.PutAsync($"{patched.Headers.Location}?digest={RegistryClient.Sha256(layer)}", new ByteArrayContent(layer[40000..]))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var manifest = RegistryClient.Utf8($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{RegistryClient.Sha256(config)}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"{{{RegistryClient.Sha256(layer)}}}","size":{{{layer.Length}}}}],"annotations":{"note":"{{{marker}}}"}}""");
        (await Client.PutManifestAsync("secret/app", "v1", manifest, TestImages.OciManifest)).StatusCode.ShouldBe(HttpStatusCode.Created);
        // Also an upload left unfinished.
        var pending = await Client.PostAsync("/v2/secret/app/blobs/uploads/", null);
        await Client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, pending.Headers.Location) { Content = new ByteArrayContent(layer) });

        (await Client.GetByteArrayAsync($"/v2/secret/app/blobs/{RegistryClient.Sha256(layer)}")).ShouldBe(layer);
        var needle = Encoding.UTF8.GetBytes(marker);
        var files = Directory.EnumerateFiles(_gateway.DataPath, "*", SearchOption.AllDirectories).ToList();
        files.Count.ShouldBeGreaterThan(3);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            bytes.AsSpan().IndexOf(needle).ShouldBe(-1, $"plaintext marker found in {file}");
        }
    }

    [Fact]
    public async Task A_tampered_blob_is_never_served()
    {
        var content = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 300_000);
        await Client.PushBlobAsync("tamper", content);
        var digest = RegistryClient.Sha256(content);
        var file = Directory.EnumerateFiles(Path.Combine(_gateway.DataPath, "blobs", "blobs"), digest[7..], SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        HttpResponseMessage? response = null;
        byte[]? body = null;
        try
        {
            response = await Client.GetAsync($"/v2/tamper/blobs/{digest}");
            body = await response.Content.ReadAsByteArrayAsync();
        }
        catch (HttpRequestException)
        {
            // The connection was cut mid-stream: the client saw a failure, not the content.
        }
        if (response is not null && response.IsSuccessStatusCode && body is not null)
        {
            body.ShouldNotBe(content, "a tampered blob must never be served whole");
            body.Length.ShouldBeLessThan(content.Length);
        }
        if (response is not null && !response.IsSuccessStatusCode)
        {
            ((int)response.StatusCode).ShouldBe(500);
        }
        // A range that needs only the intact first chunk still works: only what is verified is served.
        var firstBytes = new HttpRequestMessage(HttpMethod.Get, $"/v2/tamper/blobs/{digest}");
        firstBytes.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);
        var partial = await Client.SendAsync(firstBytes);
        partial.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).ShouldBe(content[..100]);
    }

    [Fact]
    public async Task A_tampered_manifest_is_refused_with_a_server_error()
    {
        var image = TestImages.Image();
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("tm", blob.Content);
        (await Client.PutManifestAsync("tm", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var file = Directory.EnumerateFiles(Path.Combine(_gateway.DataPath, "blobs", "blobs"), image.Digest[7..], SearchOption.AllDirectories).Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^5] ^= 0x40;
        await File.WriteAllBytesAsync(file, bytes);
        var response = await Client.GetAsync("/v2/tm/manifests/v1");
        await response.ShouldFailWithAsync(HttpStatusCode.InternalServerError, "UNKNOWN");
        (await response.ReadErrorAsync()).Message.ShouldContain("integrity");
    }

    [Fact]
    public async Task Garbage_collection_deletes_only_unreferenced_blobs()
    {
        var image = TestImages.Image("kept");
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("gc/app", blob.Content);
        (await Client.PutManifestAsync("gc/app", "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var orphan = RegistryClient.Utf8("orphan layer nobody references");
        await Client.PushBlobAsync("gc/app", orphan);
        var orphanDigest = RegistryClient.Sha256(orphan);

        var gc = _gateway.Get<GarbageCollector>();
        var dry = await gc.RunAsync(dryRun: true, CancellationToken.None);
        dry.Blobs.Select(b => b.Digest.ToString()).ShouldBe([orphanDigest]);
        (await Client.GetAsync($"/v2/gc/app/blobs/{orphanDigest}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var real = await gc.RunAsync(dryRun: false, CancellationToken.None);
        real.Blobs.Select(b => b.Digest.ToString()).ShouldBe([orphanDigest]);
        await (await Client.GetAsync($"/v2/gc/app/blobs/{orphanDigest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Directory.EnumerateFiles(_gateway.DataPath, orphanDigest[7..], SearchOption.AllDirectories).ShouldBeEmpty();
        foreach (var blob in image.Blobs) (await Client.GetByteArrayAsync($"/v2/gc/app/blobs/{blob.Digest}")).ShouldBe(blob.Content);
        (await Client.GetAsync("/v2/gc/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Deleting the manifest makes its blobs collectable, and its own stored bytes too.
        (await Client.DeleteAsync($"/v2/gc/app/manifests/{image.Digest}")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var after = await gc.RunAsync(dryRun: false, CancellationToken.None);
        after.Blobs.Select(b => b.Digest.ToString()).Order().ShouldBe(image.Blobs.Select(b => b.Digest).Append(image.Digest).Order());
    }

    [Fact]
    public async Task Garbage_collection_keeps_young_blobs_a_push_may_be_about_to_use()
    {
        await using var gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Registry:GcGracePeriod"] = "01:00:00" });
        var layer = RegistryClient.Utf8("just uploaded, manifest on its way");
        await gateway.Client.PushBlobAsync("young", layer);
        var report = await gateway.Get<GarbageCollector>().RunAsync(dryRun: false, CancellationToken.None);
        report.Blobs.ShouldBeEmpty();
        (await gateway.Client.GetByteArrayAsync($"/v2/young/blobs/{RegistryClient.Sha256(layer)}")).ShouldBe(layer);
    }

    [Fact]
    public async Task Gc_command_line_dry_run_and_real_run()
    {
        var orphan = RegistryClient.Utf8("cli orphan");
        await Client.PushBlobAsync("cli/app", orphan);
        var digest = RegistryClient.Sha256(orphan);
        var cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");

        var dry = await ExternalTool.RunOkAsync("dotnet", cli, "gc", "--dry-run", "--grace", "00:00:00", "--data", _gateway.DataPath, "--keys", TestGateway.KeysPath);
        dry.ShouldContain($"would delete {digest}");
        (await Client.GetAsync($"/v2/cli/app/blobs/{digest}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var real = await ExternalTool.RunOkAsync("dotnet", cli, "gc", "--grace", "00:00:00", "--data", _gateway.DataPath, "--keys", TestGateway.KeysPath);
        real.ShouldContain($"deleted {digest}");
        await (await Client.GetAsync($"/v2/cli/app/blobs/{digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
