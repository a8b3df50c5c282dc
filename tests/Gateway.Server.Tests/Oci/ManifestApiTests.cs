using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Oci;

public sealed class ManifestApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<TestImage> PushImageAsync(string repo, string tag, string marker = "m")
    {
        var image = TestImages.Image(marker);
        foreach (var blob in image.Blobs) await Client.PushBlobAsync(repo, blob.Content);
        var put = await Client.PutManifestAsync(repo, tag, image.Manifest, image.MediaType);
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        put.Header("Docker-Content-Digest").ShouldBe(image.Digest);
        put.Headers.Location!.ToString().ShouldBe($"/v2/{repo}/manifests/{image.Digest}");
        return image;
    }

    [Fact]
    public async Task Put_then_get_and_head_by_tag_and_by_digest()
    {
        var image = await PushImageAsync("library/web", "1.0");
        foreach (var reference in new[] { "1.0", image.Digest })
        {
            var get = await Client.GetAsync($"/v2/library/web/manifests/{reference}");
            get.StatusCode.ShouldBe(HttpStatusCode.OK);
            get.Content.Headers.ContentType!.MediaType.ShouldBe(image.MediaType);
            get.Header("Docker-Content-Digest").ShouldBe(image.Digest);
            (await get.Content.ReadAsByteArrayAsync()).ShouldBe(image.Manifest);

            var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/library/web/manifests/{reference}"));
            head.StatusCode.ShouldBe(HttpStatusCode.OK);
            head.Content.Headers.ContentLength.ShouldBe(image.Manifest.Length);
            head.Header("Docker-Content-Digest").ShouldBe(image.Digest);
        }
    }

    [Fact]
    public async Task Accept_header_negotiation_refuses_types_the_client_cannot_read()
    {
        await PushImageAsync("repo", "v1");
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/repo/manifests/v1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        var response = await Client.SendAsync(request);
        await response.ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        (await response.ReadErrorAsync()).Message.ShouldContain("application/vnd.oci.image.manifest.v1+json");

        var ok = new HttpRequestMessage(HttpMethod.Get, "/v2/repo/manifests/v1");
        ok.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        ok.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        (await Client.SendAsync(ok)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Manifest_referencing_a_missing_blob_is_refused_and_nothing_is_stored()
    {
        var image = TestImages.Image();
        await Client.PushBlobAsync("repo", image.Config.Content);
        var put = await Client.PutManifestAsync("repo", "v1", image.Manifest, image.MediaType);
        await put.ShouldFailWithAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        (await put.ReadErrorAsync()).Message.ShouldContain(image.Layers[0].Digest);
        await (await Client.GetAsync("/v2/repo/manifests/v1")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await (await Client.GetAsync($"/v2/repo/manifests/{image.Digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Theory]
    [InlineData("not json", "application/vnd.oci.image.manifest.v1+json")]
    [InlineData("[1,2]", "application/vnd.oci.image.manifest.v1+json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:bad\",\"size\":1},\"layers\":[]}", "application/vnd.oci.image.manifest.v1+json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", "application/vnd.oci.image.manifest.v1+json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.unknown\",\"manifests\":[]}", "application/vnd.example.unknown")]
    [InlineData("{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{},\"layers\":[]}", "application/vnd.oci.image.manifest.v1+json")]
    public async Task Malformed_or_inconsistent_manifests_are_manifest_invalid(string body, string contentType)
    {
        var put = await Client.PutManifestAsync("repo", "bad", RegistryClient.Utf8(body), contentType);
        await put.ShouldFailWithAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        await (await Client.GetAsync("/v2/repo/manifests/bad")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Oversized_manifest_is_refused()
    {
        var huge = new byte[4 * 1024 * 1024 + 1];
        var put = await Client.PutManifestAsync("repo", "huge", huge, TestImages.OciManifest);
        put.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await put.ReadErrorAsync()).Code.ShouldBe("SIZE_INVALID");
    }

    [Fact]
    public async Task Bad_tag_and_mismatched_digest_reference_are_refused()
    {
        var image = TestImages.Image();
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("repo", blob.Content);
        await (await Client.PutManifestAsync("repo", "-bad", image.Manifest, image.MediaType)).ShouldFailWithAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
        await (await Client.PutManifestAsync("repo", new string('a', 129), image.Manifest, image.MediaType)).ShouldFailWithAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
        var otherDigest = RegistryClient.Sha256(RegistryClient.Utf8("x"));
        await (await Client.PutManifestAsync("repo", otherDigest, image.Manifest, image.MediaType)).ShouldFailWithAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        (await Client.PutManifestAsync("repo", image.Digest, image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Index_requires_its_children_in_the_repository()
    {
        var amd = TestImages.Image("amd", "linux", "amd64");
        var arm = TestImages.Image("arm", "linux", "arm64");
        var index = TestImages.Index((amd, "linux", "amd64"), (arm, "linux", "arm64"));
        foreach (var blob in amd.Blobs) await Client.PushBlobAsync("multi", blob.Content);
        (await Client.PutManifestAsync("multi", amd.Digest, amd.Manifest, amd.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var missing = await Client.PutManifestAsync("multi", "latest", index, TestImages.OciIndex);
        await missing.ShouldFailWithAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        (await missing.ReadErrorAsync()).Message.ShouldContain(arm.Digest);

        foreach (var blob in arm.Blobs) await Client.PushBlobAsync("multi", blob.Content);
        (await Client.PutManifestAsync("multi", arm.Digest, arm.Manifest, arm.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.PutManifestAsync("multi", "latest", index, TestImages.OciIndex)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var get = await Client.GetAsync("/v2/multi/manifests/latest");
        get.Content.Headers.ContentType!.MediaType.ShouldBe(TestImages.OciIndex);
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(index);
    }

    [Fact]
    public async Task Docker_schema2_manifest_is_accepted()
    {
        var image = TestImages.Image();
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("docker", blob.Content);
        var docker = $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{{image.Config.Digest}}","size":{{image.Config.Content.Length}}},
             "layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{{image.Layers[0].Digest}}","size":{{image.Layers[0].Content.Length}}}]}
            """;
        var put = await Client.PutManifestAsync("docker", "v2", RegistryClient.Utf8(docker), "application/vnd.docker.distribution.manifest.v2+json");
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await Client.GetAsync("/v2/docker/manifests/v2")).Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.docker.distribution.manifest.v2+json");
    }

    [Fact]
    public async Task Artifact_with_subject_is_indexed_for_referrers()
    {
        var image = await PushImageAsync("app", "v1");
        var (manifest, empty, payload) = TestImages.Artifact("application/vnd.example.sbom.v1", image, "{\"sbom\":true}");
        await Client.PushBlobAsync("app", empty.Content);
        await Client.PushBlobAsync("app", payload.Content);
        var put = await Client.PutManifestAsync("app", RegistryClient.Sha256(manifest), manifest, TestImages.OciManifest);
        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        put.Header("OCI-Subject").ShouldBe(image.Digest);

        var referrers = await Client.GetAsync($"/v2/app/referrers/{image.Digest}");
        referrers.StatusCode.ShouldBe(HttpStatusCode.OK);
        referrers.Content.Headers.ContentType!.MediaType.ShouldBe(TestImages.OciIndex);
        using var doc = JsonDocument.Parse(await referrers.Content.ReadAsStringAsync());
        var entry = doc.RootElement.GetProperty("manifests").EnumerateArray().Single();
        entry.GetProperty("digest").GetString().ShouldBe(RegistryClient.Sha256(manifest));
        entry.GetProperty("artifactType").GetString().ShouldBe("application/vnd.example.sbom.v1");
        entry.GetProperty("annotations").GetProperty("org.example.note").GetString().ShouldBe("test");

        var filtered = await Client.GetAsync($"/v2/app/referrers/{image.Digest}?artifactType=application/vnd.other");
        filtered.Header("OCI-Filters-Applied").ShouldBe("artifactType");
        using var none = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync());
        none.RootElement.GetProperty("manifests").GetArrayLength().ShouldBe(0);

        var matching = await Client.GetAsync($"/v2/app/referrers/{image.Digest}?artifactType=application/vnd.example.sbom.v1");
        using var one = JsonDocument.Parse(await matching.Content.ReadAsStringAsync());
        one.RootElement.GetProperty("manifests").GetArrayLength().ShouldBe(1);

        var unknown = await Client.GetAsync($"/v2/app/referrers/{RegistryClient.Sha256(RegistryClient.Utf8("none"))}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var empty2 = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        empty2.RootElement.GetProperty("manifests").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Artifact_with_empty_config_requires_artifact_type()
    {
        var empty = RegistryClient.Utf8("{}");
        await Client.PushBlobAsync("app", empty);
        var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"{{RegistryClient.Sha256(empty)}}","size":2},"layers":[]}""";
        await (await Client.PutManifestAsync("app", "a", RegistryClient.Utf8(manifest), TestImages.OciManifest)).ShouldFailWithAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Tag_delete_removes_only_the_tag_and_digest_delete_removes_the_manifest()
    {
        var image = await PushImageAsync("del", "v1");
        (await Client.PutManifestAsync("del", "v2", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.DeleteAsync("/v2/del/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Client.GetAsync("/v2/del/manifests/v1")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        (await Client.GetAsync($"/v2/del/manifests/{image.Digest}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetAsync("/v2/del/manifests/v2")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Client.DeleteAsync($"/v2/del/manifests/{image.Digest}")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Client.GetAsync($"/v2/del/manifests/{image.Digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await (await Client.GetAsync("/v2/del/manifests/v2")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await (await Client.DeleteAsync($"/v2/del/manifests/{image.Digest}")).ShouldFailWithAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }
}
