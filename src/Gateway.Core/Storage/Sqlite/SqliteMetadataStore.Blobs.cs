using Gateway.Core.Oci;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

public sealed partial class SqliteMetadataStore
{
    public async Task<BlobRecord?> GetBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null, "SELECT digest, size, created_at FROM blobs WHERE digest = $d", MapBlob, cancellationToken, ("$d", digest.ToString()));
        return rows.FirstOrDefault();
    }

    public async Task<BlobRecord?> GetRepositoryBlobAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null,
            "SELECT b.digest, b.size, b.created_at FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest WHERE rb.repository = $r AND rb.digest = $d",
            MapBlob, cancellationToken, ("$r", repository), ("$d", digest.ToString()));
        return rows.FirstOrDefault();
    }

    public async Task LinkBlobAsync(string repository, Digest digest, long size, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        await LinkBlobAsync(c, t, repository, digest, size, now, cancellationToken);
        await t.CommitAsync(cancellationToken);
    }

    private static async Task LinkBlobAsync(SqliteConnection c, SqliteTransaction t, string repository, Digest digest, long size, DateTimeOffset now, CancellationToken ct)
    {
        await EnsureRepositoryAsync(c, t, repository, now, ct);
        // A re-pushed blob refreshes created_at so that GC's grace period protects it again.
        await ExecuteAsync(c, t, "INSERT INTO blobs(digest, size, created_at) VALUES ($d, $s, $t) ON CONFLICT(digest) DO UPDATE SET created_at = excluded.created_at", ct,
            ("$d", digest.ToString()), ("$s", size), ("$t", ToUnixMs(now)));
        await ExecuteAsync(c, t, "INSERT OR IGNORE INTO repository_blobs(repository, digest) VALUES ($r, $d)", ct, ("$r", repository), ("$d", digest.ToString()));
    }

    public async Task<bool> UnlinkBlobAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ExecuteAsync(c, null, "DELETE FROM repository_blobs WHERE repository = $r AND digest = $d", cancellationToken,
            ("$r", repository), ("$d", digest.ToString())) > 0;
    }

    public async Task<IReadOnlyList<BlobRecord>> SweepUnreferencedBlobsAsync(DateTimeOffset cutoff, bool dryRun, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        // Mark: a blob is live if any manifest references it or it is itself a manifest. Young blobs are
        // live too: an upload that just finished may be about to be referenced by a manifest being pushed.
        const string unreferenced = """
            SELECT b.digest, b.size, b.created_at FROM blobs b
            WHERE b.created_at <= $cutoff
              AND NOT EXISTS (SELECT 1 FROM manifest_references mr WHERE mr.target = b.digest)
              AND NOT EXISTS (SELECT 1 FROM manifests m WHERE m.digest = b.digest)
            ORDER BY b.digest
            """;
        var dead = await QueryAsync(c, t, unreferenced, MapBlob, cancellationToken, ("$cutoff", ToUnixMs(cutoff)));
        if (!dryRun)
        {
            foreach (var blob in dead)
            {
                await ExecuteAsync(c, t, "DELETE FROM repository_blobs WHERE digest = $d", cancellationToken, ("$d", blob.Digest.ToString()));
                await ExecuteAsync(c, t, "DELETE FROM blobs WHERE digest = $d", cancellationToken, ("$d", blob.Digest.ToString()));
            }
        }
        await t.CommitAsync(cancellationToken);
        return dead;
    }

    private static BlobRecord MapBlob(SqliteDataReader r) => new(ReadDigest(r, 0), r.GetInt64(1), FromUnixMs(r.GetInt64(2)));
}
