using Gateway.Core.Oci;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

public sealed partial class SqliteMetadataStore
{
    public async Task CreateUploadAsync(UploadSession session, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await ExecuteAsync(c, null, "INSERT INTO uploads(id, repository, size, part_count, created_at, updated_at) VALUES ($id, $r, $s, $p, $c, $u)", cancellationToken,
            ("$id", session.Id.ToString("N")), ("$r", session.Repository), ("$s", session.Size), ("$p", session.PartCount),
            ("$c", ToUnixMs(session.CreatedAt)), ("$u", ToUnixMs(session.UpdatedAt)));
    }

    public async Task<UploadSession?> GetUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await QueryAsync(c, null, "SELECT id, repository, size, part_count, created_at, updated_at FROM uploads WHERE id = $id", MapUpload, cancellationToken,
            ("$id", id.ToString("N")));
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<UploadPart>> GetUploadPartsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await QueryAsync(c, null, "SELECT idx, offset, size, digest FROM upload_parts WHERE upload_id = $id ORDER BY idx",
            r => new UploadPart(r.GetInt32(0), r.GetInt64(1), r.GetInt64(2), ReadDigest(r, 3)), cancellationToken, ("$id", id.ToString("N")));
    }

    public async Task<bool> AddUploadPartAsync(Guid id, UploadPart part, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var updated = await ExecuteAsync(c, t, "UPDATE uploads SET size = size + $s, part_count = part_count + 1, updated_at = $u WHERE id = $id AND size = $offset AND part_count = $idx", cancellationToken,
            ("$s", part.Size), ("$u", ToUnixMs(now)), ("$id", id.ToString("N")), ("$offset", part.Offset), ("$idx", part.Index));
        if (updated == 0) return false;
        await ExecuteAsync(c, t, "INSERT INTO upload_parts(upload_id, idx, offset, size, digest) VALUES ($id, $i, $o, $s, $d)", cancellationToken,
            ("$id", id.ToString("N")), ("$i", part.Index), ("$o", part.Offset), ("$s", part.Size), ("$d", part.Digest.ToString()));
        await t.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await using var t = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var deleted = await ExecuteAsync(c, t, "DELETE FROM uploads WHERE id = $id", cancellationToken, ("$id", id.ToString("N")));
        await ExecuteAsync(c, t, "DELETE FROM upload_parts WHERE upload_id = $id", cancellationToken, ("$id", id.ToString("N")));
        await t.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task<IReadOnlyList<UploadSession>> ListUploadsUpdatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await QueryAsync(c, null, "SELECT id, repository, size, part_count, created_at, updated_at FROM uploads WHERE updated_at < $cut", MapUpload, cancellationToken,
            ("$cut", ToUnixMs(cutoff)));
    }

    private static UploadSession MapUpload(SqliteDataReader r) => new(
        Guid.ParseExact(r.GetString(0), "N"), r.GetString(1), r.GetInt64(2), r.GetInt32(3), FromUnixMs(r.GetInt64(4)), FromUnixMs(r.GetInt64(5)));
}
