namespace Gateway.Server.Hosting;

/// <summary>The "Gateway" configuration section.</summary>
public sealed class GatewayOptions
{
    public StorageSection Storage { get; set; } = new();
    public KeysSection Keys { get; set; } = new();
    public EncryptionSection Encryption { get; set; } = new();

    public sealed class StorageSection
    {
        /// <summary>Folder for blobs (encrypted) and the SQLite metadata database.</summary>
        public string Path { get; set; } = "data";
    }

    public sealed class KeysSection
    {
        /// <summary>"Development" (keys-dev/ folder) or "AzureKeyVault" (Gateway:Keys:KeyVault: VaultUri, KeyName, optional TenantId/ClientId/ClientSecret).</summary>
        public string Provider { get; set; } = "Development";

        /// <summary>Folder of development key-encryption keys.</summary>
        public string DevelopmentPath { get; set; } = "keys-dev";

        /// <summary>Which development KEK version is current (default: the highest).</summary>
        public string? DevelopmentCurrentVersion { get; set; }

        /// <summary>Development keys are refused in Production unless this is true.</summary>
        public bool AllowDevelopmentKeys { get; set; }
    }

    public sealed class EncryptionSection
    {
        public int ChunkSize { get; set; } = 64 * 1024;
    }
}
