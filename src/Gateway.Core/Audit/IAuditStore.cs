namespace Gateway.Core.Audit;

/// <summary>Which records an export wants.</summary>
public sealed record AuditQuery(DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Repository = null, string? Identity = null, string? Operation = null, long AfterSequence = 0);

/// <summary>
/// The append-only audit log. Appends are serialised so the chain has no forks: each record names the
/// hash of the one before it. SQLite now (same database file as the metadata), PostgreSQL later.
/// </summary>
public interface IAuditStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Append events in order, chaining each to the head; returns the stored records.</summary>
    Task<IReadOnlyList<AuditRecord>> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);

    IAsyncEnumerable<AuditRecord> ReadAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>How many records <see cref="ReadAsync"/> would return (one COUNT query, for progress reporting).</summary>
    Task<long> CountAsync(AuditQuery query, CancellationToken cancellationToken);

    Task<AuditRecord?> GetHeadAsync(CancellationToken cancellationToken);

    Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);

    /// <summary>
    /// Retention: delete the oldest records, up to (not including) the first one at or after <paramref name="before"/>,
    /// and in the same transaction store the marker <paramref name="seal"/> signs over (last purged sequence, its hash,
    /// count) and append the record <paramref name="describe"/> makes of the purge. Null when nothing is old enough.
    /// </summary>
    Task<AuditPurgeMarker?> PurgeAsync(DateTimeOffset before, Func<long, string, long, AuditPurgeMarker> seal, Func<AuditPurgeMarker, AuditEvent> describe, CancellationToken cancellationToken);

    /// <summary>The marker of the purge that deleted everything up to and including <paramref name="sequence"/>, if there was one.</summary>
    Task<AuditPurgeMarker?> GetPurgeMarkerAsync(long sequence, CancellationToken cancellationToken);
}
