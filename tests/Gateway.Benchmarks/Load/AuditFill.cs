using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// <c>load audit-fill --data DIR --count N</c>: an audit log of N realistic pull records in a gateway data folder
/// (through the real store, in batches, with checkpoints), so `gateway audit export` and `verify` can be timed on
/// 10⁴ and 10⁶ records without pushing a million requests first.
/// </summary>
internal static class AuditFill
{
    public static async Task<object> RunAsync(LoadTool.Options o)
    {
        var data = o.Require("data");
        var count = o.Int("count", 10_000);
        Directory.CreateDirectory(data);
        var store = new SqliteAuditStore(Path.Combine(data, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        using var key = AuditSigningKey.LoadOrCreate(Path.Combine(data, "audit-signing-key.pem"));
        var log = new AuditLog(store, key, new AuditOptions(), TimeProvider.System);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        const int batch = 2_000;
        for (var done = 0; done < count; done += batch)
        {
            var events = Enumerable.Range(done, Math.Min(batch, count - done)).Select(i => new AuditEvent
            {
                Time = start.AddMilliseconds(i),
                Operation = "pull",
                Result = "allowed",
                Identity = $"user{i % 97}@contoso.example",
                IdentityType = "user",
                CallerAddress = "10.0.0." + (i % 250),
                UserAgent = "skopeo/1.9.3",
                Repository = $"team-{i % 13}/app",
                Tag = "v1",
                Digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
                MediaType = "application/vnd.oci.image.manifest.v1+json",
                Size = 1234,
                CorrelationId = Guid.NewGuid().ToString("N"),
                DurationMs = 1.5,
            }).ToList();
            await store.AppendAsync(events, CancellationToken.None);
            await log.CheckpointHeadAsync(CancellationToken.None);
        }
        return new { records = count, seconds = sw.Elapsed.TotalSeconds };
    }
}
