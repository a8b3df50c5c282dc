using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Core.Tests.Audit;

public sealed class AuditChainTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}");
    private readonly AuditSigningKey _key;

    public AuditChainTests()
    {
        Directory.CreateDirectory(_folder);
        _key = AuditSigningKey.LoadOrCreate(Path.Combine(_folder, "key.pem"));
    }

    public void Dispose() => _key.Dispose();

    private static AuditEvent Event(int i, string? userAgent = null, string? repository = null) => new()
    {
        Time = new DateTimeOffset(2026, 11, 1, 0, 0, i % 60, TimeSpan.Zero),
        Operation = i % 2 == 0 ? "push" : "pull",
        Result = "allowed",
        Identity = "alice",
        Repository = repository ?? $"team/app{i % 3}",
        Digest = "sha256:" + new string('a', 64),
        UserAgent = userAgent,
    };

    private async Task<(AuditLog Log, SqliteAuditStore Store)> LogAsync(int checkpointEvery = 10)
    {
        var store = new SqliteAuditStore(Path.Combine(_folder, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        return (new AuditLog(store, _key, new AuditOptions { CheckpointEvery = checkpointEvery }, TimeProvider.System), store);
    }

    private async Task<List<string>> ExportAsync(SqliteAuditStore store, AuditExportFormat format = AuditExportFormat.Jsonl)
    {
        var writer = new StringWriter();
        await AuditExporter.WriteAsync(writer, store.ReadAsync(new AuditQuery(), CancellationToken.None), await store.GetCheckpointsAsync(0, long.MaxValue, CancellationToken.None),
            store.GetPurgeMarkerAsync, format, _key.PublicKeyPem, _key.KeyId, filtered: false, CancellationToken.None);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private async Task<List<string>> ChainAsync(int count)
    {
        var (log, store) = await LogAsync();
        for (var i = 0; i < count; i++) await log.RecordAsync(Event(i), CancellationToken.None);
        await log.CheckpointHeadAsync(CancellationToken.None);
        return await ExportAsync(store);
    }

    [Fact]
    public async Task A_fresh_export_verifies()
    {
        var lines = await ChainAsync(25);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeTrue(result.Message);
        result.Records.ShouldBe(25);
        result.Checkpoints.ShouldBe(3); // at 10, 20 and the head (25)
    }

    [Fact]
    public async Task A_modified_record_is_named()
    {
        var lines = await ChainAsync(12);
        lines[5] = lines[5].Replace("\"alice\"", "\"mallory\"", StringComparison.Ordinal);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(5);
        result.Message.ShouldContain("modified");
    }

    [Fact]
    public async Task A_deleted_record_is_named()
    {
        var lines = await ChainAsync(12);
        lines.RemoveAt(7); // record 7 (line 0 is the header)
        var result = AuditVerifier.Verify(lines);
        result.FirstBadSequence.ShouldBe(7);
        result.Message.ShouldContain("missing");
    }

    [Fact]
    public async Task Reordered_records_are_detected()
    {
        var lines = await ChainAsync(12);
        (lines[3], lines[4]) = (lines[4], lines[3]);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(3);
    }

    [Fact]
    public async Task An_inserted_record_with_a_recomputed_hash_breaks_the_link()
    {
        var lines = await ChainAsync(12);
        var forged = AuditRecord.Create(5, AuditRecord.GenesisHash, Event(99));
        lines[5] = $"{{\"type\":\"record\",\"sequence\":5,\"previousHash\":\"{forged.PreviousHash}\",\"hash\":\"{forged.Hash}\",\"event\":{AuditRecord.SerializeEvent(forged.Event)}}}";
        var result = AuditVerifier.Verify(lines);
        result.FirstBadSequence.ShouldBe(5);
        result.Message.ShouldContain("does not chain");
    }

    [Fact]
    public async Task A_rewritten_chain_fails_at_the_signed_checkpoint()
    {
        // Rewrite everything from record 1 with valid hashes: only the signed checkpoints can tell.
        var lines = await ChainAsync(12);
        var previous = AuditRecord.GenesisHash;
        for (var i = 1; i <= 12; i++)
        {
            var r = AuditRecord.Create(i, previous, Event(i + 100));
            lines[i] = $"{{\"type\":\"record\",\"sequence\":{i},\"previousHash\":\"{r.PreviousHash}\",\"hash\":\"{r.Hash}\",\"event\":{AuditRecord.SerializeEvent(r.Event)}}}";
            previous = r.Hash;
        }
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(10);
        result.Message.ShouldContain("rewritten");
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_is_refused_when_the_key_is_pinned()
    {
        var lines = await ChainAsync(10);
        using var other = AuditSigningKey.LoadOrCreate(Path.Combine(_folder, "other.pem"));
        AuditVerifier.Verify(lines, other.PublicKeyPem).Valid.ShouldBeFalse();
        AuditVerifier.Verify(lines, _key.PublicKeyPem).Valid.ShouldBeTrue();
    }

    [Fact]
    public async Task Count_agrees_with_what_read_returns_for_each_filter()
    {
        var (log, store) = await LogAsync();
        for (var i = 0; i < 30; i++) await log.RecordAsync(Event(i), CancellationToken.None);
        AuditQuery[] queries =
        [
            new(), new(Repository: "team/app1"), new(Operation: "push"), new(Identity: "bob"), new(AfterSequence: 25),
            new(Since: new DateTimeOffset(2026, 11, 1, 0, 0, 10, TimeSpan.Zero), Until: new DateTimeOffset(2026, 11, 1, 0, 0, 20, TimeSpan.Zero)),
        ];
        var counts = new List<long>();
        foreach (var query in queries)
        {
            var count = await store.CountAsync(query, CancellationToken.None);
            count.ShouldBe(await store.ReadAsync(query, CancellationToken.None).CountAsync());
            counts.Add(count);
        }
        counts.ShouldBe([30, 10, 15, 0, 5, 10]);
    }

    [Fact]
    public async Task Concurrent_appends_never_fork_the_chain()
    {
        var (log, store) = await LogAsync(checkpointEvery: 50);
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await log.RecordAsync(Event(i), ct));
        await log.CheckpointHeadAsync(CancellationToken.None);
        var result = AuditVerifier.Verify(await ExportAsync(store));
        result.Valid.ShouldBeTrue(result.Message);
        result.Records.ShouldBe(200);
    }

    [Fact]
    public async Task Csv_quotes_hostile_values_and_neutralises_formulas()
    {
        var (log, store) = await LogAsync();
        await log.RecordAsync(Event(1, userAgent: "=HYPERLINK(\"http://evil\"),\"x\"\nsecond line"), CancellationToken.None);
        var csv = string.Join('\n', await ExportAsync(store, AuditExportFormat.Csv));
        csv.ShouldContain("\"'=HYPERLINK(\"\"http://evil\"\"),\"\"x\"\"\nsecond line\"");
        AuditExporter.CsvField("plain").ShouldBe("plain");
        AuditExporter.CsvField("a,b").ShouldBe("\"a,b\"");
        AuditExporter.CsvField("@cmd").ShouldBe("'@cmd");
    }

    [Fact]
    public async Task Ocsf_events_carry_the_api_activity_class_fields()
    {
        var (log, store) = await LogAsync();
        await log.RecordAsync(Event(0), CancellationToken.None);
        var line = (await ExportAsync(store, AuditExportFormat.Ocsf)).Single();
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        var e = doc.RootElement;
        e.GetProperty("class_uid").GetInt32().ShouldBe(6003);
        e.GetProperty("category_uid").GetInt32().ShouldBe(6);
        e.GetProperty("activity_id").GetInt32().ShouldBe(1);
        e.GetProperty("type_uid").GetInt32().ShouldBe(600301);
        e.GetProperty("status_id").GetInt32().ShouldBe(1);
        e.GetProperty("actor").GetProperty("user").GetProperty("name").GetString().ShouldBe("alice");
        e.GetProperty("resources")[0].GetProperty("name").GetString().ShouldBe("team/app0");
        e.GetProperty("metadata").GetProperty("version").GetString().ShouldBe("1.1.0");
    }

    [Fact]
    public async Task A_hostile_repository_name_cannot_forge_a_jsonl_record()
    {
        var (log, store) = await LogAsync();
        await log.RecordAsync(Event(1, repository: "x\"}\n{\"type\":\"record\",\"sequence\":99"), CancellationToken.None);
        await log.CheckpointHeadAsync(CancellationToken.None);
        var lines = await ExportAsync(store);
        lines.Count(l => l.Contains("\"type\":\"record\"", StringComparison.Ordinal)).ShouldBe(1);
        AuditVerifier.Verify(lines).Valid.ShouldBeTrue();
    }
}
