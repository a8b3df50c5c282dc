using System.Runtime.CompilerServices;
using Gateway.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

/// <summary>
/// The audit chain in the metadata database. Appends run in one IMMEDIATE transaction that reads the head
/// and inserts after it, so concurrent writers (threads or processes) serialise and the chain never forks.
/// Rows are only ever inserted: there is no update or delete path here.
/// </summary>
public sealed class SqliteAuditStore(string databasePath) : IAuditStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await SqliteMigrations.ApplyAsync(c, cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(cancellationToken);
        return c;
    }

    public async Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var head = (await SqliteMetadataStore.QueryAsync(c, t, "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1",
            r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken)).FirstOrDefault();
        var sequence = head.Hash is null ? 0 : head.Seq;
        var previous = head.Hash ?? AuditRecord.GenesisHash;
        var records = new List<AuditRecord>(events.Count);
        foreach (var e in events)
        {
            var record = AuditRecord.Create(++sequence, previous, e);
            await SqliteMetadataStore.ExecuteAsync(c, t,
                "INSERT INTO audit_records(seq, time, operation, repository, identity, event, previous_hash, hash) VALUES ($s, $t, $o, $r, $i, $e, $p, $h)",
                cancellationToken, ("$s", record.Sequence), ("$t", e.Time.ToUnixTimeMilliseconds()), ("$o", e.Operation), ("$r", e.Repository),
                ("$i", e.Identity), ("$e", AuditRecord.SerializeEvent(e)), ("$p", record.PreviousHash), ("$h", record.Hash));
            records.Add(record);
            previous = record.Hash;
        }
        await t.CommitAsync(cancellationToken);
        return records;
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var command = c.CreateCommand();
        var where = new List<string> { "seq > $after" };
        command.Parameters.AddWithValue("$after", query.AfterSequence);
        if (query.Since is { } since) { where.Add("time >= $since"); command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds()); }
        if (query.Until is { } until) { where.Add("time < $until"); command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds()); }
        if (query.Repository is { } repo) { where.Add("repository = $repo"); command.Parameters.AddWithValue("$repo", repo); }
        if (query.Identity is { } identity) { where.Add("identity = $identity"); command.Parameters.AddWithValue("$identity", identity); }
        if (query.Operation is { } operation) { where.Add("operation = $op"); command.Parameters.AddWithValue("$op", operation); }
        command.CommandText = $"SELECT seq, previous_hash, event, hash FROM audit_records WHERE {string.Join(" AND ", where)} ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditRecord(reader.GetInt64(0), reader.GetString(1), AuditRecord.DeserializeEvent(reader.GetString(2)), reader.GetString(3));
        }
    }

    public async Task<AuditRecord?> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await SqliteMetadataStore.QueryAsync(c, null, "SELECT seq, previous_hash, event, hash FROM audit_records ORDER BY seq DESC LIMIT 1",
            r => new AuditRecord(r.GetInt64(0), r.GetString(1), AuditRecord.DeserializeEvent(r.GetString(2)), r.GetString(3)), cancellationToken);
        return rows.FirstOrDefault();
    }

    public async Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await SqliteMetadataStore.ExecuteAsync(c, null, "INSERT OR IGNORE INTO audit_checkpoints(seq, head_hash, time, key_id, signature) VALUES ($s, $h, $t, $k, $sig)", cancellationToken,
            ("$s", checkpoint.Sequence), ("$h", checkpoint.HeadHash), ("$t", checkpoint.Time.ToString("O")), ("$k", checkpoint.KeyId), ("$sig", checkpoint.Signature));
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await SqliteMetadataStore.QueryAsync(c, null, "SELECT seq, head_hash, time, key_id, signature FROM audit_checkpoints WHERE seq >= $a AND seq <= $b ORDER BY seq",
            r => new AuditCheckpoint(r.GetInt64(0), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), System.Globalization.CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4)),
            cancellationToken, ("$a", fromSequence), ("$b", toSequence));
    }
}
