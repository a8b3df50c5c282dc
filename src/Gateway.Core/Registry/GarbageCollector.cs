using Gateway.Core.Storage;

namespace Gateway.Core.Registry;

/// <summary>What a GC run found and removed.</summary>
public sealed record GarbageCollectionReport(IReadOnlyList<BlobRecord> Blobs, bool DryRun, int PurgedUploads)
{
    public long Bytes => Blobs.Sum(b => b.Size);
}

/// <summary>
/// Mark and sweep: blobs that no manifest references and that are older than the grace period lose their
/// records in one transaction (so a concurrent manifest PUT either sees them gone or keeps them referenced),
/// then their content is deleted. Safe while the server serves.
/// </summary>
public sealed class GarbageCollector(IMetadataStore metadata, ContentStore content, UploadService uploads, RegistryOptions options, TimeProvider time)
{
    public async Task<GarbageCollectionReport> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var purged = dryRun ? 0 : await uploads.PurgeStaleAsync(cancellationToken);
        var dead = await metadata.SweepUnreferencedBlobsAsync(time.GetUtcNow() - options.GcGracePeriod, dryRun, cancellationToken);
        if (!dryRun)
        {
            foreach (var blob in dead) await content.Driver.DeleteAsync(ContentStore.BlobKey(blob.Digest), cancellationToken);
        }
        return new GarbageCollectionReport(dead, dryRun, purged);
    }
}
