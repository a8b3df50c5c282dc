using System.CommandLine;
using Gateway.Core.Encryption;
using Gateway.Core.Registry;
using Gateway.Core.Storage;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Cli.Commands;

/// <summary>Opens the gateway's embedded storage (./data, keys-dev/) directly, for maintenance commands.</summary>
internal static class LocalStorage
{
    public static readonly Option<string> DataOption = new("--data") { Description = "storage folder of the gateway (Gateway:Storage:Path)", DefaultValueFactory = _ => "data" };
    public static readonly Option<string> KeysOption = new("--keys") { Description = "development key folder (Gateway:Keys:DevelopmentPath)", DefaultValueFactory = _ => "keys-dev" };

    public static async Task<(IMetadataStore Metadata, ContentStore Content)> OpenAsync(string data, string keys, CancellationToken cancellationToken)
    {
        var metadataPath = Path.Combine(data, "metadata.db");
        if (!File.Exists(metadataPath)) throw new InvalidOperationException($"no gateway storage at {Path.GetFullPath(data)} (metadata.db not found)");
        var metadata = new SqliteMetadataStore(metadataPath);
        await metadata.InitializeAsync(cancellationToken);
        var content = new ContentStore(new FileSystemBlobStore(Path.Combine(data, "blobs")), DevelopmentKeyProvider.Load(keys), EnvelopeOptions.Default);
        return (metadata, content);
    }
}
