using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

/// <summary>Versioned schema migrations: each runs once, in order, in its own transaction, recorded in schema_migrations.</summary>
internal static class SqliteMigrations
{
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE repositories(name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
            CREATE TABLE blobs(digest TEXT PRIMARY KEY, size INTEGER NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE repository_blobs(repository TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY(repository, digest));
            CREATE INDEX ix_repository_blobs_digest ON repository_blobs(digest);
            CREATE TABLE manifests(
                repository TEXT NOT NULL, digest TEXT NOT NULL, media_type TEXT NOT NULL, size INTEGER NOT NULL,
                artifact_type TEXT, subject TEXT, created_at INTEGER NOT NULL,
                PRIMARY KEY(repository, digest));
            CREATE INDEX ix_manifests_subject ON manifests(repository, subject);
            CREATE INDEX ix_manifests_digest ON manifests(digest);
            CREATE TABLE manifest_references(repository TEXT NOT NULL, manifest TEXT NOT NULL, target TEXT NOT NULL, PRIMARY KEY(repository, manifest, target));
            CREATE INDEX ix_manifest_references_target ON manifest_references(target);
            CREATE TABLE tags(repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY(repository, tag));
            CREATE INDEX ix_tags_digest ON tags(repository, digest);
            CREATE TABLE uploads(id TEXT PRIMARY KEY, repository TEXT NOT NULL, size INTEGER NOT NULL, part_count INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE upload_parts(upload_id TEXT NOT NULL, idx INTEGER NOT NULL, offset INTEGER NOT NULL, size INTEGER NOT NULL, digest TEXT NOT NULL, PRIMARY KEY(upload_id, idx));
            """),
        (2, """
            CREATE TABLE audit_records(
                seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, operation TEXT NOT NULL, repository TEXT, identity TEXT,
                event TEXT NOT NULL, previous_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX ix_audit_time ON audit_records(time);
            CREATE TABLE audit_checkpoints(seq INTEGER PRIMARY KEY, head_hash TEXT NOT NULL, time TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
            """),
        (3, """
            CREATE TABLE identity_objects(kind TEXT NOT NULL, name TEXT NOT NULL, document TEXT NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY(kind, name));
            """),
        // Retention: one signed marker per purge, keyed by the last purged sequence; markers are never deleted.
        (4, """
            CREATE TABLE audit_purges(seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, count INTEGER NOT NULL, time TEXT NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await SqliteMetadataStore.ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);
        var current = Convert.ToInt32(await SqliteMetadataStore.ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken) ?? 0);
        if (current > LatestVersion)
            throw new InvalidOperationException($"the metadata database is at schema version {current}, newer than this gateway understands ({LatestVersion}); upgrade the gateway");
        foreach (var (version, sql) in Migrations)
        {
            if (version <= current) continue;
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await SqliteMetadataStore.ExecuteAsync(connection, transaction, sql, cancellationToken);
            await SqliteMetadataStore.ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations(version, applied_at) VALUES ($v, $t)", cancellationToken,
                ("$v", version), ("$t", DateTimeOffset.UtcNow.ToString("O")));
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
