using System.Text.Json.Nodes;
using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Audit;

/// <summary>Retention: purging a prefix of the chain leaves a signed marker, and exports after it still verify (and still catch tampering).</summary>
public sealed class AuditRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Old = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Recent = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AuditActor Operator = new("ops", "local", null);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"audit-retention-{Guid.NewGuid():N}");
    private readonly AuditSigningKey _key;
    private readonly SqliteAuditStore _store;
    private readonly AuditLog _log;

    public AuditRetentionTests()
    {
        Directory.CreateDirectory(_folder);
        _key = AuditSigningKey.LoadOrCreate(Path.Combine(_folder, "key.pem"));
        _store = new SqliteAuditStore(Path.Combine(_folder, "metadata.db"));
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _log = new AuditLog(_store, _key, new AuditOptions { CheckpointEvery = 4 }, new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    public void Dispose() => _key.Dispose();

    private Task<AuditRecord> RecordAsync(DateTimeOffset time, string operation = "pull") => _log.RecordAsync(new AuditEvent
    {
        Time = time, Operation = operation, Result = "allowed", Identity = "alice", Repository = "team/app",
    }, CancellationToken.None);

    /// <summary>Records 1–10 are old, 11–15 recent.</summary>
    private async Task<List<AuditRecord>> SeedAsync()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 10; i++) records.Add(await RecordAsync(Old.AddDays(i)));
        for (var i = 0; i < 5; i++) records.Add(await RecordAsync(Recent.AddDays(i)));
        return records;
    }

    private async Task<List<string>> ExportAsync()
    {
        await _log.CheckpointHeadAsync(CancellationToken.None);
        var writer = new StringWriter();
        await AuditExporter.WriteAsync(writer, _store.ReadAsync(new AuditQuery(), CancellationToken.None), await _store.GetCheckpointsAsync(0, long.MaxValue, CancellationToken.None),
            _store.GetPurgeMarkerAsync, AuditExportFormat.Jsonl, _key.PublicKeyPem, _key.KeyId, filtered: false, CancellationToken.None);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static int IndexOfType(List<string> lines, string type) => lines.FindIndex(l => JsonNode.Parse(l)!["type"]!.GetValue<string>() == type);

    private static string WithField(string line, string name, JsonNode value)
    {
        var o = JsonNode.Parse(line)!.AsObject();
        o[name] = value;
        return o.ToJsonString();
    }

    [Fact]
    public async Task A_purge_removes_the_oldest_prefix_and_the_export_verifies_from_the_signed_marker()
    {
        var seeded = await SeedAsync();
        var marker = (await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None)).ShouldNotBeNull();
        marker.Sequence.ShouldBe(10);
        marker.Count.ShouldBe(10);
        marker.Hash.ShouldBe(seeded[9].Hash);
        AuditSigningKey.Verify(_key.PublicKeyPem, marker).ShouldBeTrue();
        (await _store.GetCheckpointsAsync(0, 10, CancellationToken.None)).ShouldBeEmpty(); // the ones at 4 and 8 went with their records

        var lines = await ExportAsync();
        IndexOfType(lines, "purge").ShouldBe(1); // right after the header, before any record
        var records = lines.Where(l => l.Contains("\"type\":\"record\"", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l)!).ToList();
        records.Select(r => r["sequence"]!.GetValue<long>()).ShouldBe([11, 12, 13, 14, 15, 16]);
        records[0]["previousHash"]!.GetValue<string>().ShouldBe(marker.Hash);
        var purge = records[^1]["event"]!;
        purge["operation"]!.GetValue<string>().ShouldBe("audit.purge");
        purge["identity"]!.GetValue<string>().ShouldBe("ops");
        purge["reason"]!.GetValue<string>().ShouldContain("purged 10 records through sequence 10");

        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeTrue(result.Message);
        result.Records.ShouldBe(6);
        result.PurgedThrough.ShouldBe(10);
        result.Message.ShouldContain("from the signed purge marker at 10");
    }

    [Fact]
    public async Task Only_a_prefix_is_purged_so_an_old_record_after_a_recent_one_stays()
    {
        await RecordAsync(Old);
        await RecordAsync(Old.AddDays(1));
        await RecordAsync(Recent);
        await RecordAsync(Old.AddDays(2)); // late: an old event time after a recent one
        var marker = (await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None)).ShouldNotBeNull();
        marker.Sequence.ShouldBe(2);
        var result = AuditVerifier.Verify(await ExportAsync());
        result.Valid.ShouldBeTrue(result.Message);
        result.Records.ShouldBe(3); // 3, the late 4, and the purge record 5
    }

    [Fact]
    public async Task Nothing_old_enough_purges_nothing_and_records_nothing()
    {
        await RecordAsync(Recent);
        (await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None)).ShouldBeNull();
        (await _store.GetHeadAsync(CancellationToken.None))!.Sequence.ShouldBe(1);
    }

    [Fact]
    public async Task Purging_everything_keeps_the_numbering_and_the_chain_going()
    {
        await SeedAsync();
        var marker = (await _log.PurgeAsync(DateTimeOffset.MaxValue, Operator, CancellationToken.None)).ShouldNotBeNull();
        marker.Sequence.ShouldBe(15);
        var next = await RecordAsync(Recent);
        next.Sequence.ShouldBe(17); // 16 is the purge record
        var result = AuditVerifier.Verify(await ExportAsync());
        result.Valid.ShouldBeTrue(result.Message);
        result.Records.ShouldBe(2);
    }

    [Fact]
    public async Task After_two_purges_the_export_carries_only_the_latest_marker()
    {
        await SeedAsync();
        (await _log.PurgeAsync(Old.AddDays(5), Operator, CancellationToken.None))!.Sequence.ShouldBe(5);
        (await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None))!.Sequence.ShouldBe(10);
        var lines = await ExportAsync();
        lines.Count(l => l.Contains("\"type\":\"purge\"", StringComparison.Ordinal)).ShouldBe(1);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeTrue(result.Message);
        result.PurgedThrough.ShouldBe(10);
        (await _store.GetPurgeMarkerAsync(5, CancellationToken.None)).ShouldNotBeNull(); // markers are kept
    }

    [Fact]
    public async Task Tampering_with_the_first_remaining_record_is_named()
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var first = IndexOfType(lines, "record");
        lines[first] = lines[first].Replace("\"alice\"", "\"mallory\"", StringComparison.Ordinal);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(11);
        result.Message.ShouldContain("modified");
    }

    [Fact]
    public async Task A_first_record_rewritten_with_a_recomputed_hash_no_longer_chains_to_the_marker()
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var first = IndexOfType(lines, "record");
        var forged = AuditRecord.Create(11, AuditRecord.GenesisHash, new AuditEvent { Time = Recent, Operation = "pull", Result = "allowed" });
        lines[first] = $"{{\"type\":\"record\",\"sequence\":11,\"previousHash\":\"{forged.PreviousHash}\",\"hash\":\"{forged.Hash}\",\"event\":{AuditRecord.SerializeEvent(forged.Event)}}}";
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(11);
        result.Message.ShouldContain("does not chain to the signed purge marker");
    }

    [Theory]
    [InlineData("count")]
    [InlineData("hash")]
    [InlineData("sequence")]
    public async Task An_altered_marker_fails_its_signature(string field)
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var index = IndexOfType(lines, "purge");
        lines[index] = WithField(lines[index], field, field == "hash" ? JsonValue.Create(new string('f', 64)) : JsonValue.Create(9L));
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.Message.ShouldContain("invalid signature");
    }

    [Fact]
    public async Task A_marker_signed_by_another_key_is_refused_when_the_key_is_pinned()
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        using var other = AuditSigningKey.LoadOrCreate(Path.Combine(_folder, "other.pem"));
        var forged = other.SignPurge(10, JsonNode.Parse(lines[IndexOfType(lines, "purge")])!["hash"]!.GetValue<string>(), 10, Recent);
        lines[IndexOfType(lines, "purge")] = new JsonObject
        {
            ["type"] = "purge", ["sequence"] = forged.Sequence, ["hash"] = forged.Hash, ["count"] = forged.Count, ["time"] = forged.Time.ToString("O"), ["keyId"] = forged.KeyId, ["signature"] = forged.Signature,
        }.ToJsonString();
        var result = AuditVerifier.Verify(lines, _key.PublicKeyPem);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(10);
        result.Message.ShouldContain("invalid signature");
    }

    [Fact]
    public async Task A_genuinely_signed_marker_whose_hash_does_not_match_the_first_record_is_refused()
    {
        // Signed with the real key (as an insider replaying an old marker could), but over another record's hash.
        var seeded = await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var wrong = _key.SignPurge(10, seeded[8].Hash, 10, Recent);
        lines[IndexOfType(lines, "purge")] = new JsonObject
        {
            ["type"] = "purge", ["sequence"] = wrong.Sequence, ["hash"] = wrong.Hash, ["count"] = wrong.Count, ["time"] = wrong.Time.ToString("O"), ["keyId"] = wrong.KeyId, ["signature"] = wrong.Signature,
        }.ToJsonString();
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.FirstBadSequence.ShouldBe(11);
        result.Message.ShouldContain("marker's hash does not match");
    }

    [Fact]
    public async Task A_checkpoint_signature_cannot_be_replayed_as_a_purge_marker()
    {
        var seeded = await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var checkpoint = _key.Sign(10, seeded[9].Hash, Recent); // same sequence and hash, checkpoint domain
        lines[IndexOfType(lines, "purge")] = new JsonObject
        {
            ["type"] = "purge", ["sequence"] = 10, ["hash"] = seeded[9].Hash, ["count"] = 10, ["time"] = checkpoint.Time.ToString("O"), ["keyId"] = checkpoint.KeyId, ["signature"] = checkpoint.Signature,
        }.ToJsonString();
        AuditVerifier.Verify(lines).Message.ShouldContain("invalid signature");
    }

    [Fact]
    public async Task Removing_the_marker_or_the_first_record_is_detected()
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();

        var withoutMarker = lines.Where((_, i) => i != IndexOfType(lines, "purge")).ToList();
        var noMarker = AuditVerifier.Verify(withoutMarker);
        noMarker.Valid.ShouldBeFalse();
        noMarker.FirstBadSequence.ShouldBe(1);
        noMarker.Message.ShouldContain("no signed purge marker accounts for records 1 to 10");

        var withoutFirst = lines.Where((_, i) => i != IndexOfType(lines, "record")).ToList();
        var noFirst = AuditVerifier.Verify(withoutFirst);
        noFirst.Valid.ShouldBeFalse();
        noFirst.FirstBadSequence.ShouldBe(11);
    }

    [Fact]
    public async Task A_second_marker_is_refused()
    {
        await SeedAsync();
        await _log.PurgeAsync(Cutoff, Operator, CancellationToken.None);
        var lines = await ExportAsync();
        var index = IndexOfType(lines, "purge");
        lines.Insert(index + 1, lines[index]);
        var result = AuditVerifier.Verify(lines);
        result.Valid.ShouldBeFalse();
        result.Message.ShouldContain("only one, before the first record");
    }
}
