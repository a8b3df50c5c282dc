using System.Runtime.CompilerServices;
using Gateway.Core.Audit;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

/// <summary>
/// The audit chain in the metadata database. Appends run in one IMMEDIATE transaction that reads the head
/// and inserts after it, so concurrent writers (threads or processes) serialise and the chain never forks.
/// Rows are never updated; the only delete is retention, which removes a prefix of the chain and leaves a
/// signed purge marker (and an "audit.purge" record) in the same transaction.
/// </summary>
public sealed class SqliteAuditStore(string databasePath) : IAuditStore
{
    private readonly string _connectionString = SqliteMetadataStore.ConnectionStringFor(databasePath);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await SqliteMigrations.ApplyAsync(c, cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteMetadataStore.OpenConnectionAsync(_connectionString, cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var records = await AppendInTransactionAsync(c, t, events, cancellationToken);
        await t.CommitAsync(cancellationToken);
        return records;
    }

    /// <summary>
    /// Appends to the chain inside a caller's write transaction on the same database (the metadata store's manifest
    /// commit uses it, so a committed push and its record are one atomic change). The head is read inside the
    /// transaction, so this and the group-committed appends serialise and the chain never forks.
    /// </summary>
    internal static async Task<IReadOnlyList<AuditRecord>> AppendInTransactionAsync(SqliteConnection c, SqliteTransaction t, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var (sequence, previous) = await ReadHeadLinkAsync(c, t, cancellationToken);
        var records = new List<AuditRecord>(events.Count);
        foreach (var e in events)
        {
            var record = await InsertAsync(c, t, ++sequence, previous, e, cancellationToken);
            records.Add(record);
            previous = record.Hash;
        }
        return records;
    }

    /// <summary>
    /// What the next record chains to: the head record; if retention removed every record, the last purge
    /// marker (so numbering and the chain carry on); on an empty log, the genesis hash.
    /// </summary>
    private static async Task<(long Sequence, string Hash)> ReadHeadLinkAsync(SqliteConnection c, SqliteTransaction t, CancellationToken cancellationToken)
    {
        var head = (await SqliteMetadataStore.QueryAsync(c, t, "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1",
            r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken)).FirstOrDefault();
        if (head.Hash is not null) return head;
        var purged = (await SqliteMetadataStore.QueryAsync(c, t, "SELECT seq, hash FROM audit_purges ORDER BY seq DESC LIMIT 1",
            r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken)).FirstOrDefault();
        return purged.Hash is not null ? purged : (0, AuditRecord.GenesisHash);
    }

    private static async Task<AuditRecord> InsertAsync(SqliteConnection c, SqliteTransaction t, long sequence, string previous, AuditEvent e, CancellationToken cancellationToken)
    {
        var record = AuditRecord.Create(sequence, previous, e);
        await SqliteMetadataStore.ExecuteAsync(c, t,
            "INSERT INTO audit_records(seq, time, operation, repository, identity, event, previous_hash, hash) VALUES ($s, $t, $o, $r, $i, $e, $p, $h)",
            cancellationToken, ("$s", record.Sequence), ("$t", e.Time.ToUnixTimeMilliseconds()), ("$o", e.Operation), ("$r", e.Repository),
            ("$i", e.Identity), ("$e", AuditRecord.SerializeEvent(e)), ("$p", record.PreviousHash), ("$h", record.Hash));
        return record;
    }

    public async Task<AuditPurgeMarker?> PurgeAsync(DateTimeOffset before, Func<long, string, long, AuditPurgeMarker> seal, Func<AuditPurgeMarker, AuditEvent> describe,
        CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        // Only a prefix goes: everything before the first record at or after the cutoff. An older-looking record
        // after a newer one (event times are not strictly ordered) stays, so what remains is one unbroken chain.
        var keepFrom = await SqliteMetadataStore.ScalarAsync(c, t, "SELECT MIN(seq) FROM audit_records WHERE time >= $cutoff", cancellationToken,
            ("$cutoff", before.ToUnixTimeMilliseconds()));
        var last = (await SqliteMetadataStore.QueryAsync(c, t, "SELECT seq, hash FROM audit_records WHERE seq < $keep ORDER BY seq DESC LIMIT 1",
            r => (Seq: r.GetInt64(0), Hash: r.GetString(1)), cancellationToken, ("$keep", keepFrom is long k ? k : long.MaxValue))).FirstOrDefault();
        if (last.Hash is null) return null;
        var count = await SqliteMetadataStore.ExecuteAsync(c, t, "DELETE FROM audit_records WHERE seq <= $last", cancellationToken, ("$last", last.Seq));
        // Checkpoints over deleted records can no longer be checked against anything; the marker replaces them.
        await SqliteMetadataStore.ExecuteAsync(c, t, "DELETE FROM audit_checkpoints WHERE seq <= $last", cancellationToken, ("$last", last.Seq));
        var marker = seal(last.Seq, last.Hash, count);
        await SqliteMetadataStore.ExecuteAsync(c, t, "INSERT INTO audit_purges(seq, hash, count, time, key_id, signature) VALUES ($s, $h, $n, $t, $k, $sig)", cancellationToken,
            ("$s", marker.Sequence), ("$h", marker.Hash), ("$n", marker.Count), ("$t", marker.Time.ToString("O")), ("$k", marker.KeyId), ("$sig", marker.Signature));
        // The purge is itself recorded, atomically with it: there is no purge without its record.
        var (sequence, previous) = await ReadHeadLinkAsync(c, t, cancellationToken);
        await InsertAsync(c, t, sequence + 1, previous, describe(marker), cancellationToken);
        await t.CommitAsync(cancellationToken);
        return marker;
    }

    public async Task<AuditPurgeMarker?> GetPurgeMarkerAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await SqliteMetadataStore.QueryAsync(c, null, "SELECT seq, hash, count, time, key_id, signature FROM audit_purges WHERE seq = $s",
            r => new AuditPurgeMarker(r.GetInt64(0), r.GetString(1), r.GetInt64(2), DateTimeOffset.Parse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture), r.GetString(4), r.GetString(5)),
            cancellationToken, ("$s", sequence));
        return rows.FirstOrDefault();
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT seq, previous_hash, event, hash FROM audit_records WHERE {Where(command, query)} ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new AuditRecord(reader.GetInt64(0), reader.GetString(1), AuditRecord.DeserializeEvent(reader.GetString(2)), reader.GetString(3));
        }
    }

    public async Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var command = c.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM audit_records WHERE {Where(command, query)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The WHERE clause of a query, its values bound as parameters of <paramref name="command"/>.</summary>
    private static string Where(SqliteCommand command, AuditQuery query)
    {
        var where = new List<string> { "seq > $after" };
        command.Parameters.AddWithValue("$after", query.AfterSequence);
        if (query.Since is { } since) { where.Add("time >= $since"); command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds()); }
        if (query.Until is { } until) { where.Add("time < $until"); command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds()); }
        if (query.Repository is { } repo) { where.Add("repository = $repo"); command.Parameters.AddWithValue("$repo", repo); }
        if (query.Identity is { } identity) { where.Add("identity = $identity"); command.Parameters.AddWithValue("$identity", identity); }
        if (query.Operation is { } operation) { where.Add("operation = $op"); command.Parameters.AddWithValue("$op", operation); }
        return string.Join(" AND ", where);
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
