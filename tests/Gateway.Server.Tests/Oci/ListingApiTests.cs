using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Oci;

public sealed class ListingApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static async Task<List<string>> ReadListAsync(HttpResponseMessage response, string property)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    [Fact]
    public async Task Tags_are_sorted_and_paginated_with_link_headers()
    {
        var image = TestImages.Image();
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("paged", blob.Content);
        string[] tags = ["v10", "alpha", "v2", "Beta", "v1", "latest", "_x"];
        foreach (var tag in tags) (await Client.PutManifestAsync("paged", tag, image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var expected = tags.OrderBy(t => t, StringComparer.Ordinal).ToList();

        (await ReadListAsync(await Client.GetAsync("/v2/paged/tags/list"), "tags")).ShouldBe(expected);

        var collected = new List<string>();
        var next = "/v2/paged/tags/list?n=3";
        var pages = 0;
        while (next is not null)
        {
            var response = await Client.GetAsync(next);
            var page = await ReadListAsync(response, "tags");
            page.Count.ShouldBeLessThanOrEqualTo(3);
            collected.AddRange(page);
            pages++;
            var link = response.Header("Link");
            next = link.Length == 0 ? null : link[1..link.IndexOf('>')];
        }
        collected.ShouldBe(expected);
        pages.ShouldBe(3);

        (await ReadListAsync(await Client.GetAsync("/v2/paged/tags/list?last=latest"), "tags")).ShouldBe(expected.Where(t => string.CompareOrdinal(t, "latest") > 0).ToList());
        (await ReadListAsync(await Client.GetAsync("/v2/paged/tags/list?n=0"), "tags")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Tags_of_an_unknown_repository_is_name_unknown()
    {
        await (await Client.GetAsync("/v2/nothing/here/tags/list")).ShouldFailWithAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Catalog_lists_repositories_sorted_and_paginated()
    {
        string[] repos = ["zeta/app", "alpha", "team-a/web", "team-a/api", "beta"];
        foreach (var repo in repos) await Client.PushBlobAsync(repo, RegistryClient.Utf8(repo));
        var expected = repos.OrderBy(r => r, StringComparer.Ordinal).ToList();
        (await ReadListAsync(await Client.GetAsync("/v2/_catalog"), "repositories")).ShouldBe(expected);

        var first = await Client.GetAsync("/v2/_catalog?n=2");
        (await ReadListAsync(first, "repositories")).ShouldBe(expected.Take(2).ToList());
        first.Header("Link").ShouldBe($"</v2/_catalog?n=2&last={Uri.EscapeDataString(expected[1])}>; rel=\"next\"");
        var last = await Client.GetAsync($"/v2/_catalog?n=2&last={Uri.EscapeDataString(expected[3])}");
        (await ReadListAsync(last, "repositories")).ShouldBe([expected[4]]);
        last.Header("Link").ShouldBeEmpty();
    }

    [Fact]
    public async Task Malformed_page_size_is_refused()
    {
        var response = await Client.GetAsync("/v2/_catalog?n=abc");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadErrorAsync()).Code.ShouldBe("PAGINATION_NUMBER_INVALID");
    }
}
