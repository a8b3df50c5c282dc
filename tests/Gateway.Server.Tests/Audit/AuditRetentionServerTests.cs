using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Audit;

/// <summary>Retention in a running gateway: `gateway audit purge`, and Gateway:Audit:RetentionDays applied by the server.</summary>
public sealed class AuditRetentionServerTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");
    private static readonly DateTimeOffset Old = new(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A data folder whose audit log already holds <paramref name="count"/> records from 2020, written as the server writes them.</summary>
    private static async Task<string> DataWithOldRecordsAsync(int count)
    {
        var data = TempFolder.Create("audit-retention");
        var store = new SqliteAuditStore(Path.Combine(data, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        using var key = AuditSigningKey.LoadOrCreate(Path.Combine(data, "audit-signing-key.pem"));
        var log = new AuditLog(store, key, new AuditOptions(), TimeProvider.System);
        for (var i = 0; i < count; i++)
            await log.RecordAsync(new AuditEvent { Time = Old.AddHours(i), Operation = "pull", Result = "allowed", Identity = "old", Repository = "archive/app" }, CancellationToken.None);
        return data;
    }

    private static List<JsonElement> Lines(string export) =>
        export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static async Task PushAsync(TestGateway gateway, string repo)
    {
        var image = TestImages.Image(repo);
        foreach (var blob in image.Blobs) await gateway.Client.PushBlobAsync(repo, blob.Content);
        (await gateway.Client.PutManifestAsync(repo, "v1", image.Manifest, image.MediaType)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Cli_purge_leaves_a_marker_that_cli_and_api_exports_verify_against_and_a_forged_marker_fails()
    {
        var data = await DataWithOldRecordsAsync(5);
        await using var gateway = await TestGateway.StartAsync(data);
        await PushAsync(gateway, "retention/cli");

        (await ExternalTool.RunAsync("dotnet", [Cli, "audit", "purge", "--before", "last tuesday", "--data", data])).ExitCode.ShouldBe(2);
        var purged = await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "purge", "--before", "2025-01-01T00:00:00Z", "--data", data);
        purged.ShouldContain("purged 5 records through sequence 5");
        (await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "purge", "--before", "2025-01-01T00:00:00Z", "--data", data)).ShouldContain("nothing to purge");

        // The server keeps appending to the same chain after the CLI purged it.
        await PushAsync(gateway, "retention/after");
        var export = Path.Combine(TempFolder.Create("audit-retention-export"), "audit.jsonl");
        await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "export", "--out", export, "--data", data);
        var lines = Lines(await File.ReadAllTextAsync(export));
        lines[1].GetProperty("type").GetString().ShouldBe("purge");
        lines[2].GetProperty("sequence").GetInt64().ShouldBe(6);
        var purgeRecord = lines.Single(l => l.GetProperty("type").GetString() == "record" && l.GetProperty("event").GetProperty("operation").GetString() == "audit.purge");
        purgeRecord.GetProperty("event").GetProperty("identityType").GetString().ShouldBe("local");
        (await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "verify", export)).ShouldContain("from the signed purge marker at 5");

        var api = AuditVerifier.Verify((await gateway.Client.GetStringAsync("/gateway/v1/audit")).Split('\n'));
        api.Valid.ShouldBeTrue(api.Message);
        api.PurgedThrough.ShouldBe(5);

        // Claiming fewer records were purged breaks the marker's signature.
        var text = await File.ReadAllLinesAsync(export);
        var marker = JsonNode.Parse(text[1])!.AsObject();
        marker["count"] = 1;
        text[1] = marker.ToJsonString();
        await File.WriteAllLinesAsync(export, text);
        var (code, output) = await ExternalTool.RunAsync("dotnet", [Cli, "audit", "verify", export]);
        code.ShouldBe(1);
        output.ShouldContain("INVALID at sequence 5");
        output.ShouldContain("invalid signature");
    }

    [Fact]
    public async Task RetentionDays_purges_old_records_at_start_as_the_gateway_and_the_export_still_verifies()
    {
        var data = await DataWithOldRecordsAsync(4);
        await using var gateway = await TestGateway.StartAsync(data, new Dictionary<string, string> { ["Gateway:Audit:RetentionDays"] = "30" });

        // The service runs in the background right after start; wait (bounded) for its record to appear.
        List<JsonElement> lines;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            lines = Lines(await gateway.Client.GetStringAsync("/gateway/v1/audit"));
            if (lines.Any(IsPurgeRecord)) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        var purge = lines.Single(IsPurgeRecord).GetProperty("event");
        purge.GetProperty("identity").GetString().ShouldBe("gateway");
        purge.GetProperty("reason").GetString()!.ShouldContain("purged 4 records through sequence 4");
        lines.Where(l => l.GetProperty("type").GetString() == "record").ShouldAllBe(l => l.GetProperty("sequence").GetInt64() > 4);
        var result = AuditVerifier.Verify(lines.Select(l => l.GetRawText()));
        result.Valid.ShouldBeTrue(result.Message);
        result.PurgedThrough.ShouldBe(4);
    }

    [Fact]
    public async Task A_retention_of_zero_days_refuses_to_start()
    {
        var e = await Should.ThrowAsync<InvalidOperationException>(() => TestGateway.StartAsync(settings: new Dictionary<string, string> { ["Gateway:Audit:RetentionDays"] = "0" }));
        e.Message.ShouldContain("RetentionDays must be at least 1");
    }

    private static bool IsPurgeRecord(JsonElement line) =>
        line.GetProperty("type").GetString() == "record" && line.GetProperty("event").GetProperty("operation").GetString() == "audit.purge";
}
