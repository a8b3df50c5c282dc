using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Cli.Commands;

/// <summary>
/// The audit log of a gateway's storage folder, opened the way the server opens it (metadata.db, the signing key
/// beside it), so maintenance commands record what they do in the same chain, even while the server runs.
/// </summary>
internal sealed class LocalAudit : IDisposable
{
    private LocalAudit(SqliteAuditStore store, AuditSigningKey key, AuditLog log)
    {
        Store = store;
        Key = key;
        Log = log;
    }

    public SqliteAuditStore Store { get; }
    public AuditSigningKey Key { get; }
    public AuditLog Log { get; }

    /// <summary>Whoever runs the command: the operating-system account, as the CLI has no gateway identity.</summary>
    public static AuditActor Operator { get; } = new(Environment.UserName, "local", null);

    /// <summary>Null (with the reason on stderr) when the folder holds no gateway storage: a command must not create one.</summary>
    public static async Task<LocalAudit?> OpenAsync(string data, CancellationToken cancellationToken)
    {
        var database = Path.Combine(data, "metadata.db");
        if (!File.Exists(database))
        {
            await Console.Error.WriteLineAsync($"no gateway storage at {Path.GetFullPath(data)}");
            return null;
        }
        var store = new SqliteAuditStore(database);
        await store.InitializeAsync(cancellationToken);
        var key = AuditSigningKey.LoadOrCreate(Path.Combine(data, "audit-signing-key.pem"));
        return new LocalAudit(store, key, new AuditLog(store, key, new AuditOptions(), TimeProvider.System));
    }

    public void Dispose() => Key.Dispose();
}
