using System.Threading.Channels;

namespace Gateway.Core.Audit;

/// <summary>The "Gateway:Audit" configuration section.</summary>
public sealed record AuditOptions
{
    /// <summary>Sign the chain's head every this many records.</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Most records appended in one transaction (group commit).</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>
    /// Purge records older than this many days, once a day (a signed marker keeps the rest verifiable).
    /// Null keeps every record forever.
    /// </summary>
    public int? RetentionDays { get; init; }
}

/// <summary>
/// Appends events to the hash chain and signs a checkpoint of the head every N records. Appends are group
/// committed: concurrent callers' records are written by one writer in one transaction, and each caller
/// waits until its own record is durable — the record still exists before the response, but a busy
/// registry pays for one transaction per batch instead of one per pull. A failure to record propagates to
/// the callers of that batch, so nothing that must not proceed without a record does.
/// </summary>
public sealed class AuditLog
{
    private readonly IAuditStore _store;
    private readonly AuditSigningKey _key;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<(AuditEvent Event, TaskCompletionSource<AuditRecord> Done)> _queue =
        Channel.CreateUnbounded<(AuditEvent, TaskCompletionSource<AuditRecord>)>(new UnboundedChannelOptions { SingleReader = true });

    public AuditLog(IAuditStore store, AuditSigningKey key, AuditOptions options, TimeProvider time)
    {
        _store = store;
        _key = key;
        _options = options;
        _time = time;
        _ = Task.Run(WriteLoopAsync);
    }

    public AuditSigningKey Key => _key;
    public IAuditStore Store => _store;

    public Task<AuditRecord> RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((e, done))) done.SetException(new InvalidOperationException("the audit log is closed"));
        // The caller may stop waiting, but the record is written all the same: it describes something that happened.
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sign the current head now (exports end with one so the whole range is covered).</summary>
    public async Task<AuditCheckpoint?> CheckpointHeadAsync(CancellationToken cancellationToken)
    {
        var head = await _store.GetHeadAsync(cancellationToken);
        return head is null ? null : await CheckpointAsync(head, cancellationToken);
    }

    /// <summary>
    /// Retention: delete the oldest records (a prefix of the chain) from before <paramref name="before"/>, leaving a
    /// purge marker signed with the audit key and an "audit.purge" record by <paramref name="actor"/>, all in one
    /// transaction. Returns the marker, or null when no record was old enough.
    /// </summary>
    public Task<AuditPurgeMarker?> PurgeAsync(DateTimeOffset before, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _store.PurgeAsync(before,
            (sequence, hash, count) => _key.SignPurge(sequence, hash, count, now),
            marker => new AuditEvent
            {
                Time = now,
                Operation = "audit.purge",
                Result = "succeeded",
                Identity = actor.Identity,
                IdentityType = actor.IdentityType,
                Tenant = actor.Tenant,
                Reason = $"retention: purged {marker.Count} records through sequence {marker.Sequence} (older than {before.ToUniversalTime():O}); last purged hash {marker.Hash}",
            },
            cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AuditEvent Event, TaskCompletionSource<AuditRecord> Done)>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var records = await _store.AppendAsync(batch.Select(b => b.Event).ToList(), CancellationToken.None);
                var first = records[0].Sequence;
                var last = records[^1];
                // A checkpoint whenever the batch crossed a multiple of CheckpointEvery: the batch's head is signed.
                if ((first - 1) / _options.CheckpointEvery != last.Sequence / _options.CheckpointEvery)
                    await CheckpointAsync(last, CancellationToken.None);
                for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(records[i]);
            }
            catch (Exception e)
            {
                foreach (var item in batch) item.Done.TrySetException(e);
            }
        }
    }

    private async Task<AuditCheckpoint> CheckpointAsync(AuditRecord head, CancellationToken cancellationToken)
    {
        var checkpoint = _key.Sign(head.Sequence, head.Hash, _time.GetUtcNow());
        await _store.AddCheckpointAsync(checkpoint, cancellationToken);
        return checkpoint;
    }
}
