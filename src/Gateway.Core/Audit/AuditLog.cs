namespace Gateway.Core.Audit;

/// <summary>The "Gateway:Audit" configuration section.</summary>
public sealed record AuditOptions
{
    /// <summary>Sign the chain's head every this many records.</summary>
    public int CheckpointEvery { get; init; } = 100;
}

/// <summary>
/// Appends events to the hash chain and signs a checkpoint of the head every N records. A failure to
/// record propagates: callers that must not proceed without a record (fail closed) see it.
/// </summary>
public sealed class AuditLog(IAuditStore store, AuditSigningKey key, AuditOptions options, TimeProvider time)
{
    public AuditSigningKey Key => key;
    public IAuditStore Store => store;

    public async Task<AuditRecord> RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        var record = (await store.AppendAsync([e], cancellationToken))[0];
        if (record.Sequence % options.CheckpointEvery == 0) await CheckpointAsync(record, cancellationToken);
        return record;
    }

    /// <summary>Sign the current head now (exports end with one so the whole range is covered).</summary>
    public async Task<AuditCheckpoint?> CheckpointHeadAsync(CancellationToken cancellationToken)
    {
        var head = await store.GetHeadAsync(cancellationToken);
        return head is null ? null : await CheckpointAsync(head, cancellationToken);
    }

    private async Task<AuditCheckpoint> CheckpointAsync(AuditRecord head, CancellationToken cancellationToken)
    {
        var checkpoint = key.Sign(head.Sequence, head.Hash, time.GetUtcNow());
        await store.AddCheckpointAsync(checkpoint, cancellationToken);
        return checkpoint;
    }
}
