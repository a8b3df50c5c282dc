using System.Net;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Audit;

/// <summary>Registry operations leave exactly the records they should, and the exported chain verifies offline.</summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient Client => _gateway.Client;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();
    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private async Task<List<JsonElement>> RecordsAsync(string query = "")
    {
        var text = await Client.GetStringAsync($"/gateway/v1/audit{query}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(e => e.GetProperty("type").GetString() == "record")
            .ToList();
    }

    private async Task<TestImage> PushAsync(string repo, string tag, string? user = "app")
    {
        var image = TestImages.Image(repo + tag, user: user);
        foreach (var blob in image.Blobs) await Client.PushBlobAsync(repo, blob.Content);
        (await Client.PutManifestAsync(repo, tag, image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        return image;
    }

    [Fact]
    public async Task Each_manifest_operation_leaves_one_record_with_its_outcome()
    {
        var image = await PushAsync("audit/app", "v1");
        (await Client.PutManifestAsync("audit/app", "v2", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Client.GetAsync("/v2/audit/app/manifests/v1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/audit/app/manifests/{image.Digest}"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.PutManifestAsync("prod/audited", "latest", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // blobs not in prod/audited
        foreach (var blob in image.Blobs) await Client.PushBlobAsync("prod/audited", blob.Content);
        (await Client.PutManifestAsync("prod/audited", "latest", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Client.DeleteAsync($"/v2/audit/app/manifests/{image.Digest}")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var all = await RecordsAsync();
        // The client's first request logged the bootstrap owner in: that login is the first record.
        var login = all[0].GetProperty("event");
        $"{login.GetProperty("operation").GetString()} {login.GetProperty("identity").GetString()} {login.GetProperty("result").GetString()}".ShouldBe("login admin succeeded");
        var records = all.Skip(1).ToList();
        var summary = records.Select(r => r.GetProperty("event")).Select(e => $"{e.GetProperty("operation").GetString()} {e.GetProperty("repository").GetString()} {e.GetProperty("result").GetString()}").ToList();
        summary.ShouldBe([
            "push audit/app allowed",
            "push.commit audit/app succeeded",
            "tag audit/app allowed",
            "push.commit audit/app succeeded",
            "pull audit/app allowed",
            "pull audit/app allowed",
            "push prod/audited denied",
            "delete audit/app allowed",
            "delete.commit audit/app succeeded",
        ]);
        var denied = records[6].GetProperty("event");
        denied.GetProperty("reason").GetString()!.ShouldContain("'latest' is not allowed");
        denied.GetProperty("digest").GetString().ShouldBe(image.Digest);
        denied.GetProperty("tag").GetString().ShouldBe("latest");
        all.Select(r => r.GetProperty("sequence").GetInt64()).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }

    [Fact]
    public async Task Concurrent_pulls_each_leave_a_record_and_the_export_verifies_offline()
    {
        var image = await PushAsync("audit/busy", "v1");
        const int pulls = 1000;
        await Parallel.ForEachAsync(Enumerable.Range(0, pulls), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, ct) =>
        {
            using var response = await Client.GetAsync($"/v2/audit/busy/manifests/{image.Digest}", ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        });
        var records = await RecordsAsync("?action=pull&repository=audit/busy");
        records.Count.ShouldBe(pulls);

        var export = Path.Combine(TempFolder.Create("audit-export"), "audit.jsonl");
        await File.WriteAllTextAsync(export, await Client.GetStringAsync("/gateway/v1/audit"));
        var cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");
        var ok = await ExternalTool.RunOkAsync("dotnet", cli, "audit", "verify", export);
        ok.ShouldContain($"{pulls + 3} records chain correctly"); // the owner's login, the push, its commit, the pulls

        var lines = (await File.ReadAllLinesAsync(export)).ToList();
        lines[500] = lines[500].Replace("\"pull\"", "\"delete\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(export, lines);
        var (code, output) = await ExternalTool.RunAsync("dotnet", [cli, "audit", "verify", export]);
        code.ShouldBe(1);
        output.ShouldContain("INVALID at sequence 500");
    }

    [Fact]
    public async Task Csv_and_ocsf_exports_and_bad_parameters()
    {
        await PushAsync("audit/formats", "v1");
        var csv = await Client.GetStringAsync("/gateway/v1/audit?format=csv");
        csv.Split('\n')[0].ShouldStartWith("sequence,time,operation,result");
        csv.ShouldContain("audit/formats");
        var ocsf = (await Client.GetStringAsync("/gateway/v1/audit?format=ocsf")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The owner's login is an OCSF Authentication event; the push an API Activity.
        var login = JsonDocument.Parse(ocsf[0]).RootElement;
        login.GetProperty("class_uid").GetInt32().ShouldBe(3002);
        login.GetProperty("type_uid").GetInt32().ShouldBe(300201);
        login.GetProperty("user").GetProperty("name").GetString().ShouldBe("admin");
        login.GetProperty("src_endpoint").GetProperty("ip").GetString().ShouldBe("127.0.0.1");
        var push = ocsf.Select(l => JsonDocument.Parse(l).RootElement).First(e => e.TryGetProperty("api", out var api) && api.GetProperty("operation").GetString() == "push");
        push.GetProperty("class_uid").GetInt32().ShouldBe(6003);
        push.GetProperty("type_uid").GetInt32().ShouldBe(600301);
        (await Client.GetAsync("/gateway/v1/audit?format=xml")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Client.GetAsync("/gateway/v1/audit?since=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Blob_downloads_and_policy_reloads_are_recorded()
    {
        var content = RegistryClient.Utf8("downloaded blob");
        await Client.PushBlobAsync("audit/blobs", content);
        (await Client.GetByteArrayAsync($"/v2/audit/blobs/blobs/{RegistryClient.Sha256(content)}")).ShouldBe(content);
        (await Client.PostAsync("/gateway/v1/policies/reload", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var blob = (await RecordsAsync("?action=pull.blob")).Single().GetProperty("event");
        blob.GetProperty("digest").GetString().ShouldBe(RegistryClient.Sha256(content));
        blob.GetProperty("size").GetInt64().ShouldBe(content.Length);
        blob.GetProperty("repository").GetString().ShouldBe("audit/blobs");
    }
}
