using Gateway.Core.Oci;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

public sealed partial class SqliteMetadataStore
{
    private const string ManifestColumns = "repository, digest, media_type, size, artifact_type, subject, created_at";

    public async Task<ManifestRecord?> GetManifestAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null, $"SELECT {ManifestColumns} FROM manifests WHERE repository = $r AND digest = $d", MapManifest, cancellationToken,
            ("$r", repository), ("$d", digest.ToString()));
        return rows.FirstOrDefault();
    }

    public async Task<Digest?> ResolveTagAsync(string repository, string tag, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var value = await ScalarAsync(c, null, "SELECT digest FROM tags WHERE repository = $r AND tag = $t", cancellationToken, ("$r", repository), ("$t", tag));
        return value is string s ? Digest.Parse(s) : null;
    }

    public async Task<ManifestWriteResult> PutManifestAsync(ManifestWrite write, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var result = await PutManifestAsync(c, t, write, cancellationToken);
        if (result.Committed) await t.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Everything a manifest PUT writes, inside the caller's transaction (which the caller commits, or rolls back when
    /// the result says a reference is missing): a push commits one of these alone, an import many together.
    /// </summary>
    private static async Task<ManifestWriteResult> PutManifestAsync(SqliteConnection c, SqliteTransaction t, ManifestWrite write, CancellationToken cancellationToken)
    {
        var m = write.Manifest;
        // Checked inside the write transaction, so GC (which also writes) cannot remove a blob between check and commit.
        foreach (var blob in write.ReferencedBlobs)
        {
            var linked = await ScalarAsync(c, t, "SELECT 1 FROM repository_blobs WHERE repository = $r AND digest = $d", cancellationToken, ("$r", m.Repository), ("$d", blob.ToString()));
            if (linked is null) return new ManifestWriteResult(false, blob, null);
        }
        foreach (var child in write.ChildManifests)
        {
            var exists = await ScalarAsync(c, t, "SELECT 1 FROM manifests WHERE repository = $r AND digest = $d", cancellationToken, ("$r", m.Repository), ("$d", child.ToString()));
            if (exists is null) return new ManifestWriteResult(false, null, child);
        }
        await EnsureRepositoryAsync(c, t, m.Repository, m.CreatedAt, cancellationToken);
        // The manifest's own bytes are a stored blob too (encrypted like every blob).
        await LinkBlobAsync(c, t, m.Repository, m.Digest, m.Size, m.CreatedAt, cancellationToken);
        await ExecuteAsync(c, t, $"""
            INSERT INTO manifests({ManifestColumns}) VALUES ($r, $d, $mt, $s, $at, $sub, $t)
            ON CONFLICT(repository, digest) DO NOTHING
            """, cancellationToken,
            ("$r", m.Repository), ("$d", m.Digest.ToString()), ("$mt", m.MediaType), ("$s", m.Size), ("$at", m.ArtifactType),
            ("$sub", m.Subject?.ToString()), ("$t", ToUnixMs(m.CreatedAt)));
        foreach (var target in write.ReferencedBlobs.Concat(write.ChildManifests).Distinct())
        {
            await ExecuteAsync(c, t, "INSERT OR IGNORE INTO manifest_references(repository, manifest, target) VALUES ($r, $m, $t)", cancellationToken,
                ("$r", m.Repository), ("$m", m.Digest.ToString()), ("$t", target.ToString()));
        }
        if (write.Tag is not null)
        {
            await ExecuteAsync(c, t, """
                INSERT INTO tags(repository, tag, digest, updated_at) VALUES ($r, $tag, $d, $t)
                ON CONFLICT(repository, tag) DO UPDATE SET digest = excluded.digest, updated_at = excluded.updated_at
                """, cancellationToken, ("$r", m.Repository), ("$tag", write.Tag), ("$d", m.Digest.ToString()), ("$t", ToUnixMs(m.CreatedAt)));
        }
        // The push's audit record commits with the push, or not at all.
        if (write.Record is not null) await SqliteAuditStore.AppendInTransactionAsync(c, t, [write.Record], cancellationToken);
        return ManifestWriteResult.Ok;
    }

    public async Task<bool> DeleteManifestAsync(string repository, Digest digest, CancellationToken cancellationToken, Audit.AuditEvent? record = null)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var d = digest.ToString();
        var deleted = await ExecuteAsync(c, t, "DELETE FROM manifests WHERE repository = $r AND digest = $d", cancellationToken, ("$r", repository), ("$d", d));
        if (deleted == 0) return false;
        await ExecuteAsync(c, t, "DELETE FROM tags WHERE repository = $r AND digest = $d", cancellationToken, ("$r", repository), ("$d", d));
        await ExecuteAsync(c, t, "DELETE FROM manifest_references WHERE repository = $r AND manifest = $d", cancellationToken, ("$r", repository), ("$d", d));
        await ExecuteAsync(c, t, "DELETE FROM repository_blobs WHERE repository = $r AND digest = $d", cancellationToken, ("$r", repository), ("$d", d));
        if (record is not null) await SqliteAuditStore.AppendInTransactionAsync(c, t, [record], cancellationToken);
        await t.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken, Audit.AuditEvent? record = null)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(c, t, "DELETE FROM tags WHERE repository = $r AND tag = $t", cancellationToken, ("$r", repository), ("$t", tag)) == 0) return false;
        if (record is not null) await SqliteAuditStore.AppendInTransactionAsync(c, t, [record], cancellationToken);
        await t.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<Page<string>> ListTagsAsync(string repository, string? last, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null, "SELECT tag FROM tags WHERE repository = $r AND tag > $last ORDER BY tag LIMIT $n", r => r.GetString(0), cancellationToken,
            ("$r", repository), ("$last", last ?? ""), ("$n", limit + 1));
        return ToPage(rows, limit);
    }

    public async Task<IReadOnlyList<string>> GetTagsOfAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await QueryAsync(c, null, "SELECT tag FROM tags WHERE repository = $r AND digest = $d ORDER BY tag", r => r.GetString(0), cancellationToken,
            ("$r", repository), ("$d", digest.ToString()));
    }

    public async Task<bool> RepositoryExistsAsync(string repository, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ScalarAsync(c, null, "SELECT 1 FROM repositories WHERE name = $r", cancellationToken, ("$r", repository)) is not null;
    }

    public async Task<Page<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null, "SELECT name FROM repositories WHERE name > $last ORDER BY name LIMIT $n", r => r.GetString(0), cancellationToken,
            ("$last", last ?? ""), ("$n", limit + 1));
        return ToPage(rows, limit);
    }

    public async Task<IReadOnlyList<ManifestRecord>> ListParentsAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var columns = string.Join(", ", ManifestColumns.Split(',').Select(col => "m." + col.Trim()));
        var sql = $"SELECT {columns} FROM manifest_references r JOIN manifests m ON m.repository = r.repository AND m.digest = r.manifest WHERE r.repository = $r AND r.target = $t ORDER BY m.digest";
        return await QueryAsync(c, null, sql, MapManifest, cancellationToken, ("$r", repository), ("$t", digest.ToString()));
    }

    public async Task<IReadOnlyList<ManifestRecord>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var sql = $"SELECT {ManifestColumns} FROM manifests WHERE repository = $r AND subject = $s" + (artifactType is null ? "" : " AND artifact_type = $at") + " ORDER BY digest";
        return await QueryAsync(c, null, sql, MapManifest, cancellationToken, ("$r", repository), ("$s", subject.ToString()), ("$at", artifactType));
    }

    private static Page<string> ToPage(List<string> rows, int limit) =>
        rows.Count > limit ? new Page<string>(rows.GetRange(0, limit), true) : new Page<string>(rows, false);

    private static ManifestRecord MapManifest(SqliteDataReader r) => new(
        r.GetString(0), ReadDigest(r, 1), r.GetString(2), r.GetInt64(3), ReadNullableString(r, 4),
        r.IsDBNull(5) ? null : ReadDigest(r, 5), FromUnixMs(r.GetInt64(6)));
}
