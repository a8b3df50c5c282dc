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

    Task<AuditRecord?> GetHeadAsync(CancellationToken cancellationToken);

    Task AddCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditCheckpoint>> GetCheckpointsAsync(long fromSequence, long toSequence, CancellationToken cancellationToken);
}
