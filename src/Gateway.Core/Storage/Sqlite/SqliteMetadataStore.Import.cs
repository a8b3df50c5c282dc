using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

public sealed partial class SqliteMetadataStore
{
    /// <summary>
    /// Bulk import into a store no server is using (seeding a benchmark's data folder; bringing content over from
    /// another registry): for each repository, its blob links and then its manifest writes, each committed by the
    /// same statements as <see cref="LinkBlobAsync(string, Oci.Digest, long, DateTimeOffset, CancellationToken)"/> and
    /// <see cref="PutManifestAsync(ManifestWrite, CancellationToken)"/>, so the database ends as those pushes would
    /// have left it — but in one transaction for the whole batch rather than one per push, which is what makes
    /// 100,000 tags take seconds. All or nothing: a manifest whose references are missing rolls the batch back and throws.
    /// Not on <see cref="IMetadataStore"/>: the server never imports, so other stores need not implement it.
    /// </summary>
    public async Task ImportAsync(IReadOnlyList<RepositoryImport> batch, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        foreach (var repository in batch)
        {
            foreach (var blob in repository.Blobs)
                await LinkBlobAsync(c, t, repository.Repository, blob.Digest, blob.Size, blob.CreatedAt, cancellationToken);
            foreach (var write in repository.Manifests)
            {
                if (write.Manifest.Repository != repository.Repository)
                    throw new ArgumentException($"manifest {write.Manifest.Digest} is for {write.Manifest.Repository}, imported into {repository.Repository}", nameof(batch));
                var result = await PutManifestAsync(c, t, write, cancellationToken);
                if (!result.Committed)
                    throw new InvalidOperationException($"import into {repository.Repository}: manifest {write.Manifest.Digest} references " +
                        $"{result.MissingBlob ?? result.MissingManifest}, which is not in the repository; nothing of this batch was written");
            }
        }
        await t.CommitAsync(cancellationToken);
    }
}
