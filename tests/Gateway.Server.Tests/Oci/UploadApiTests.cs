using System.Net;
using System.Net.Http.Headers;
using Gateway.Core.Registry;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Oci;

public sealed class UploadApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<string> StartAsync(string repo)
    {
        var response = await Client.PostAsync($"/v2/{repo}/blobs/uploads/", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Header("Docker-Upload-UUID").ShouldNotBeNullOrEmpty();
        return response.Headers.Location!.ToString();
    }

    private Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk, long? start)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(chunk) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (start is { } s) request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{s}-{s + chunk.Length - 1}");
        return Client.SendAsync(request);
    }

    [Fact]
    public async Task Chunked_upload_in_order_then_status_then_finish()
    {
        var content = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 300_000);
        var location = await StartAsync("chunked/app");
        var first = await PatchAsync(location, content[..100_000], 0);
        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        first.Header("Range").ShouldBe("0-99999");
        var second = await PatchAsync(first.Headers.Location!.ToString(), content[100_000..250_000], 100_000);
        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var status = await Client.GetAsync(location);
        status.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        status.Header("Range").ShouldBe("0-249999");
        status.Headers.Location!.ToString().ShouldBe(location);

        var digest = RegistryClient.Sha256(content);
        var put = await Client.PutAsync($"{location}?digest={digest}", new ByteArrayContent(content[250_000..]));
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        put.Header("Docker-Content-Digest").ShouldBe(digest);
        (await Client.GetByteArrayAsync($"/v2/chunked/app/blobs/{digest}")).ShouldBe(content);
        await (await Client.GetAsync(location)).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Out_of_order_or_overlapping_chunks_are_416_and_change_nothing()
    {
        var location = await StartAsync("repo");
        (await PatchAsync(location, new byte[100], 0)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var gap = await PatchAsync(location, new byte[10], 200);
        gap.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        (await gap.ReadErrorAsync()).Code.ShouldBe("BLOB_UPLOAD_INVALID");
        gap.Header("Range").ShouldBe("0-99");
        var overlap = await PatchAsync(location, new byte[10], 50);
        overlap.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        (await Client.GetAsync(location)).Header("Range").ShouldBe("0-99");
    }

    [Fact]
    public async Task Wrong_digest_at_finish_is_refused_and_the_session_ends()
    {
        var location = await StartAsync("repo");
        await PatchAsync(location, RegistryClient.Utf8("some bytes"), 0);
        var wrong = RegistryClient.Sha256(RegistryClient.Utf8("other"));
        var put = await Client.PutAsync($"{location}?digest={wrong}", null);
        await put.ShouldFailWithAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await (await Client.GetAsync($"/v2/repo/blobs/{wrong}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        await (await Client.GetAsync(location)).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Cancel_deletes_the_session()
    {
        var location = await StartAsync("repo");
        await PatchAsync(location, new byte[10], 0);
        (await Client.DeleteAsync(location)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await Client.GetAsync(location)).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await (await PatchAsync(location, new byte[10], 10)).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Directory.EnumerateFiles(Path.Combine(_gateway.DataPath, "blobs"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upload_ids_from_another_repository_or_malformed_are_unknown()
    {
        var location = await StartAsync("repo-a");
        var id = location[(location.LastIndexOf('/') + 1)..];
        await (await Client.GetAsync($"/v2/repo-b/blobs/uploads/{id}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        await (await Client.GetAsync("/v2/repo-a/blobs/uploads/not-a-uuid")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Cross_repository_mount_links_without_upload_or_falls_back_to_a_session()
    {
        var content = RegistryClient.Utf8("shared base layer");
        var digest = RegistryClient.Sha256(content);
        await Client.PushBlobAsync("base/image", content);
        var mounted = await Client.PostAsync($"/v2/team/app/blobs/uploads/?mount={digest}&from=base/image", null);
        mounted.StatusCode.ShouldBe(HttpStatusCode.Created);
        mounted.Headers.Location!.ToString().ShouldBe($"/v2/team/app/blobs/{digest}");
        (await Client.GetByteArrayAsync($"/v2/team/app/blobs/{digest}")).ShouldBe(content);

        var unknown = RegistryClient.Sha256(RegistryClient.Utf8("nowhere"));
        var fallback = await Client.PostAsync($"/v2/team/app/blobs/uploads/?mount={unknown}&from=base/image", null);
        fallback.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        fallback.Headers.Location!.ToString().ShouldStartWith("/v2/team/app/blobs/uploads/");
    }

    [Fact]
    public async Task An_upload_started_before_a_restart_can_be_finished_after_it()
    {
        var content = RegistryClient.Utf8(new string('x', 70_000) + "tail");
        var location = await StartAsync("restart/app");
        (await PatchAsync(location, content[..50_000], 0)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        _gateway = await _gateway.RestartAsync();

        (await Client.GetAsync(location)).Header("Range").ShouldBe("0-49999");
        (await PatchAsync(location, content[50_000..], 50_000)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var digest = RegistryClient.Sha256(content);
        (await Client.PutAsync($"{location}?digest={digest}", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.GetByteArrayAsync($"/v2/restart/app/blobs/{digest}")).ShouldBe(content);
    }

    [Fact]
    public async Task Stale_sessions_are_purged()
    {
        await using var gateway = await TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Registry:UploadPurgeAge"] = "00:00:00" });
        var response = await gateway.Client.PostAsync("/v2/repo/blobs/uploads/", null);
        var location = response.Headers.Location!.ToString();
        var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(new byte[10]) };
        (await gateway.Client.SendAsync(patch)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Task.Delay(5);
        // The background purge may already have taken it; either way, after a purge it must be gone.
        await gateway.Get<UploadService>().PurgeStaleAsync(CancellationToken.None);
        await (await gateway.Client.GetAsync(location)).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        var uploads = Path.Combine(gateway.DataPath, "blobs", "uploads");
        (Directory.Exists(uploads) ? Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
    }
}
