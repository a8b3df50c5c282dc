using System.Net;
using System.Net.Http.Headers;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Oci;

public sealed class BlobApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Base_endpoint_answers_with_the_api_version_header()
    {
        var response = await Client.GetAsync("/v2/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Header("Docker-Distribution-API-Version").ShouldBe("registry/2.0");
    }

    [Fact]
    public async Task Monolithic_upload_then_get_head_and_ranges()
    {
        var content = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 200_000);
        var digest = RegistryClient.Sha256(content);
        var created = await Client.PushBlobAsync("library/app", content);
        created.Headers.Location!.ToString().ShouldBe($"/v2/library/app/blobs/{digest}");
        created.Header("Docker-Content-Digest").ShouldBe(digest);

        var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/library/app/blobs/{digest}"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.ShouldBe(content.Length);
        head.Header("Docker-Content-Digest").ShouldBe(digest);

        (await Client.GetByteArrayAsync($"/v2/library/app/blobs/{digest}")).ShouldBe(content);

        var range = new HttpRequestMessage(HttpMethod.Get, $"/v2/library/app/blobs/{digest}");
        range.Headers.Range = new RangeHeaderValue(65530, 131080);
        var partial = await Client.SendAsync(range);
        partial.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        partial.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 65530-131080/{content.Length}");
        (await partial.Content.ReadAsByteArrayAsync()).ShouldBe(content[65530..131081]);

        var suffix = new HttpRequestMessage(HttpMethod.Get, $"/v2/library/app/blobs/{digest}");
        suffix.Headers.Range = new RangeHeaderValue(null, 10);
        (await (await Client.SendAsync(suffix)).Content.ReadAsByteArrayAsync()).ShouldBe(content[^10..]);

        var beyond = new HttpRequestMessage(HttpMethod.Get, $"/v2/library/app/blobs/{digest}");
        beyond.Headers.Range = new RangeHeaderValue(content.Length + 5, null);
        (await Client.SendAsync(beyond)).StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task A_blob_is_visible_only_in_the_repository_it_was_pushed_to()
    {
        var content = RegistryClient.Utf8("private to team-a");
        await Client.PushBlobAsync("team-a/app", content);
        var response = await Client.GetAsync($"/v2/team-b/app/blobs/{RegistryClient.Sha256(content)}");
        await response.ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Digest_mismatch_is_refused_and_nothing_is_kept()
    {
        var content = RegistryClient.Utf8("actual content");
        var claimed = RegistryClient.Sha256(RegistryClient.Utf8("other content"));
        var response = await Client.PostAsync($"/v2/repo/blobs/uploads/?digest={claimed}", new ByteArrayContent(content));
        await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await (await Client.GetAsync($"/v2/repo/blobs/{claimed}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        await (await Client.GetAsync($"/v2/repo/blobs/{RegistryClient.Sha256(content)}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        Directory.EnumerateFiles(Path.Combine(_gateway.DataPath, "blobs"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_staging")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/v2/Upper/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000", "NAME_INVALID")]
    [InlineData("/v2/a..b/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000", "NAME_INVALID")]
    [InlineData("/v2/repo/blobs/sha256:abc", "DIGEST_INVALID")]
    [InlineData("/v2/repo/blobs/md5:0123456789abcdef0123456789abcdef", "DIGEST_INVALID")]
    [InlineData("/v2/repo/blobs/sha256:ABCDEF0000000000000000000000000000000000000000000000000000000000", "DIGEST_INVALID")]
    public async Task Grammar_errors_are_400_with_the_right_code(string path, string code)
    {
        await (await Client.GetAsync(path)).ShouldFailWithAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Sha512_digests_are_accepted()
    {
        var content = RegistryClient.Utf8("sha512 content");
        var digest = "sha512:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(content));
        var response = await Client.PostAsync($"/v2/repo/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        (await Client.GetByteArrayAsync($"/v2/repo/blobs/{digest}")).ShouldBe(content);
    }

    [Fact]
    public async Task Blob_delete_removes_it_from_the_repository()
    {
        var content = RegistryClient.Utf8("to delete");
        await Client.PushBlobAsync("repo", content);
        var digest = RegistryClient.Sha256(content);
        (await Client.DeleteAsync($"/v2/repo/blobs/{digest}")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Client.GetAsync($"/v2/repo/blobs/{digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        await (await Client.DeleteAsync($"/v2/repo/blobs/{digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Unsupported_methods_and_unknown_paths_get_oci_error_bodies()
    {
        await (await Client.PostAsync("/v2/repo/tags/list", null)).ShouldFailWithAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        await (await Client.GetAsync("/v2/repo/nonsense")).ShouldFailWithAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }
}
