using System.Runtime.CompilerServices;
using Gateway.Core.Oci;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

/// <summary>
/// The embedded metadata store: one SQLite file in WAL mode (readers never block the writer), with
/// versioned migrations. Connections are pooled by Microsoft.Data.Sqlite; writes use IMMEDIATE
/// transactions so two writers serialise instead of deadlocking on lock upgrade.
/// </summary>
public sealed partial class SqliteMetadataStore : IMetadataStore
{
    private readonly string _connectionString;

    /// <summary>Native handles (pooled physical connections) that already carry the per-connection settings.</summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> ConfiguredHandles = new();

    public SqliteMetadataStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = ConnectionStringFor(databasePath);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await SqliteMigrations.ApplyAsync(connection, cancellationToken);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenConnectionAsync(_connectionString, cancellationToken);

    /// <summary>The connection string every store on the metadata database uses (pooled, 30 s busy timeout).</summary>
    internal static string ConnectionStringFor(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Opens a connection to the metadata database with the per-connection settings every store on it shares
    /// (metadata, audit, identity): WAL at synchronous=NORMAL is crash-safe for the database — a process crash loses
    /// nothing committed, a power cut may lose the last commits, never corrupts — and avoids an fsync per commit.
    /// The settings belong to the physical connection, which the pool keeps open between uses, so they are applied
    /// once per native handle rather than on every open (that was two statements parsed and run per query).
    /// </summary>
    internal static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle;
        if (handle is null || !ConfiguredHandles.TryGetValue(handle, out _))
        {
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", cancellationToken);
            if (handle is not null) ConfiguredHandles.AddOrUpdate(handle, ConfiguredHandles);
        }
        return connection;
    }

    internal static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }

    internal static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) list.Add(map(reader));
        return list;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static long ToUnixMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    private static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    private static Digest ReadDigest(SqliteDataReader r, int i) => Digest.Parse(r.GetString(i));
    private static string? ReadNullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static async Task EnsureRepositoryAsync(SqliteConnection c, SqliteTransaction t, string repository, DateTimeOffset now, CancellationToken ct) =>
        await ExecuteAsync(c, t, "INSERT OR IGNORE INTO repositories(name, created_at) VALUES ($r, $t)", ct, ("$r", repository), ("$t", ToUnixMs(now)));
}
