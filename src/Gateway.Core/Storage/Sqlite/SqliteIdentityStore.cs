using System.Text.Json;
using Gateway.Core.Identity;
using Microsoft.Data.Sqlite;

namespace Gateway.Core.Storage.Sqlite;

/// <summary>
/// Identity objects in the metadata database, one JSON document per row keyed by (kind, name): the set is small
/// (hundreds of assignments and tokens) and always read whole into an <see cref="IdentitySnapshot"/>.
/// </summary>
public sealed class SqliteIdentityStore(string databasePath) : IIdentityStore
{
    private const string AssignmentKind = "assignment", ScopeMapKind = "scopemap", TokenKind = "token", AdminKind = "admin";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString = SqliteMetadataStore.ConnectionStringFor(databasePath);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await SqliteMigrations.ApplyAsync(c, cancellationToken);
    }

    public async Task<IdentitySnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        var rows = await SqliteMetadataStore.QueryAsync(c, null, "SELECT kind, document FROM identity_objects ORDER BY kind, name",
            r => (Kind: r.GetString(0), Document: r.GetString(1)), cancellationToken);
        T Read<T>(string document) => JsonSerializer.Deserialize<T>(document, Json) ?? throw new InvalidDataException("identity_objects holds an empty document");
        return new IdentitySnapshot(
            rows.Where(r => r.Kind == AssignmentKind).Select(r => Read<RoleAssignment>(r.Document)).ToArray(),
            rows.Where(r => r.Kind == ScopeMapKind).Select(r => Read<ScopeMap>(r.Document)).ToDictionary(m => m.Name, StringComparer.Ordinal),
            rows.Where(r => r.Kind == TokenKind).Select(r => Read<RepositoryToken>(r.Document)).ToDictionary(t => t.Name, StringComparer.Ordinal),
            rows.Where(r => r.Kind == AdminKind).Select(r => Read<AdminUser>(r.Document)).FirstOrDefault() ?? AdminUser.Disabled);
    }

    public Task PutAssignmentAsync(RoleAssignment assignment, CancellationToken cancellationToken) => PutAsync(AssignmentKind, assignment.Id, assignment, cancellationToken);
    public Task<bool> DeleteAssignmentAsync(string id, CancellationToken cancellationToken) => DeleteAsync(AssignmentKind, id, cancellationToken);
    public Task PutScopeMapAsync(ScopeMap scopeMap, CancellationToken cancellationToken) => PutAsync(ScopeMapKind, scopeMap.Name, scopeMap, cancellationToken);
    public Task<bool> DeleteScopeMapAsync(string name, CancellationToken cancellationToken) => DeleteAsync(ScopeMapKind, name, cancellationToken);
    public Task PutTokenAsync(RepositoryToken token, CancellationToken cancellationToken) => PutAsync(TokenKind, token.Name, token, cancellationToken);
    public Task<bool> DeleteTokenAsync(string name, CancellationToken cancellationToken) => DeleteAsync(TokenKind, name, cancellationToken);
    public Task PutAdminUserAsync(AdminUser adminUser, CancellationToken cancellationToken) => PutAsync(AdminKind, "admin", adminUser, cancellationToken);

    private async Task PutAsync<T>(string kind, string name, T value, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await SqliteMetadataStore.ExecuteAsync(c, null,
            "INSERT INTO identity_objects(kind, name, document, updated_at) VALUES ($k, $n, $d, $t) ON CONFLICT(kind, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
            cancellationToken, ("$k", kind), ("$n", name), ("$d", JsonSerializer.Serialize(value, Json)), ("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }

    private async Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await SqliteMetadataStore.ExecuteAsync(c, null, "DELETE FROM identity_objects WHERE kind = $k AND name = $n", cancellationToken, ("$k", kind), ("$n", name)) > 0;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteMetadataStore.OpenConnectionAsync(_connectionString, cancellationToken);
}
