using Gateway.Core.Admission;
using Gateway.Core.Admission.Policy;
using Gateway.Core.Audit;
using Gateway.Core.Encryption;
using Gateway.Core.Registry;
using Gateway.Core.Signing;
using Gateway.Core.Signing.Keys;
using Gateway.Core.Signing.Trust;
using Gateway.Core.Storage;
using Gateway.Core.Storage.Sqlite;
using Gateway.Server.Auth;

namespace Gateway.Server.Hosting;

/// <summary>Registers the registry core: storage driver, metadata store, key provider, envelope encryption, services.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Gateway").Get<GatewayOptions>() ?? new GatewayOptions();
        var registryOptions = configuration.GetSection("Gateway:Registry").Get<RegistryOptions>() ?? new RegistryOptions();
        var storagePath = Path.GetFullPath(options.Storage.Path, Environment.CurrentDirectory);

        services.AddSingleton(options);
        services.AddSingleton(registryOptions);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(Path.Combine(storagePath, "blobs")));
        services.AddSingleton<IMetadataStore>(_ => new SqliteMetadataStore(Path.Combine(storagePath, "metadata.db")));
        services.AddSingleton<IKeyProvider>(sp => CreateKeyProvider(options.Keys, configuration.GetSection("Gateway:Keys:KeyVault"), environment, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new EnvelopeOptions { ChunkSize = options.Encryption.ChunkSize });
        services.AddSingleton<ContentStore>();
        services.AddSingleton<BlobService>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<ManifestService>();
        services.AddSingleton<ListingService>();
        services.AddSingleton<GarbageCollector>();
        // Admission: gates (content trust, Rego policy) and observers (audit) register themselves as IAdmissionGate / IAdmissionObserver.
        services.AddSingleton<AdmissionPipeline>();
        // Content trust: the trust policy file, signature discovery and verification; its gate runs before Rego's.
        services.AddSingleton(configuration.GetSection("Gateway:Trust").Get<TrustOptions>() ?? new TrustOptions());
        services.AddSingleton<TrustPolicyStore>();
        services.AddSingleton<SignatureCandidates>();
        services.AddSingleton<ContentTrust>();
        services.AddSingleton<ISignatureStateSource>(sp => sp.GetRequiredService<ContentTrust>());
        services.AddSingleton<IAdmissionGate, ContentTrustGate>();
        services.AddSingleton<IManifestCommitObserver, ContentTrustCommitObserver>();
        services.AddSingleton<IImageSigningKey>(_ => CreateSigningKey(options.Keys, configuration.GetSection("Gateway:Keys:KeyVault"), environment));
        services.AddSingleton<ImageSigningService>();
        // Audit: the hash-chained log in the metadata database, checkpoints signed by a key in the data folder.
        var auditOptions = configuration.GetSection("Gateway:Audit").Get<AuditOptions>() ?? new AuditOptions();
        // Fail closed at start-up: a retention of zero or fewer days would purge the whole log every day.
        if (auditOptions.RetentionDays is < 1)
            throw new InvalidOperationException($"Gateway:Audit:RetentionDays must be at least 1 (or unset to keep every record), not {auditOptions.RetentionDays}");
        services.AddSingleton(auditOptions);
        services.AddSingleton<IAuditStore>(_ => new SqliteAuditStore(Path.Combine(storagePath, "metadata.db")));
        services.AddSingleton(_ => AuditSigningKey.LoadOrCreate(Path.Combine(storagePath, "audit-signing-key.pem")));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAdmissionObserver, AuditAdmissionObserver>();
        services.AddSingleton<IManifestCommitObserver, AuditManifestCommitObserver>();
        var policyOptions = configuration.GetSection("Gateway:Policy").Get<PolicyOptions>() ?? new PolicyOptions();
        services.AddSingleton(policyOptions);
        services.AddSingleton<AdmissionInputBuilder>();
        if (policyOptions.Enabled)
        {
            services.AddSingleton<PolicyStore>();
            services.AddSingleton<RegoAdmissionGate>();
            services.AddSingleton<IAdmissionGate>(sp => sp.GetRequiredService<RegoAdmissionGate>());
            services.AddSingleton<IManifestCommitObserver>(sp => sp.GetRequiredService<RegoAdmissionGate>());
        }
        services.AddGatewayIdentity(configuration, environment, storagePath);
        services.AddHostedService<UploadPurgeService>();
        services.AddHostedService<AuditRetentionService>();
        return services;
    }

    /// <summary>The image signing key follows the key provider: Key Vault (Gateway:Keys:KeyVault:SigningKeyName) or keys-dev/.</summary>
    private static IImageSigningKey CreateSigningKey(GatewayOptions.KeysSection keys, IConfigurationSection keyVault, IHostEnvironment environment)
    {
        if (string.Equals(keys.Provider, "AzureKeyVault", StringComparison.OrdinalIgnoreCase))
        {
            var vault = keyVault.Get<Gateway.Core.Encryption.KeyVault.KeyVaultOptions>() ?? new Gateway.Core.Encryption.KeyVault.KeyVaultOptions();
            var name = keyVault["SigningKeyName"] ?? throw new InvalidOperationException("Gateway:Keys:KeyVault:SigningKeyName is required with the AzureKeyVault provider (an EC P-256 key)");
            return new KeyVaultImageSigningKey(new Gateway.Core.Encryption.KeyVault.KeyVaultSigner(vault.CreateClient(), name));
        }
        if (environment.IsProduction() && !keys.AllowDevelopmentKeys)
            throw new InvalidOperationException("refusing to start: the image signing key would be a development key (keys-dev/) in Production; configure Key Vault or set Gateway:Keys:AllowDevelopmentKeys=true");
        return DevelopmentSigningKey.LoadOrCreate(Path.GetFullPath(keys.DevelopmentPath, Environment.CurrentDirectory));
    }

    /// <summary>Fail closed at start-up: no usable key, no server. Development keys are refused in Production unless explicitly allowed.</summary>
    private static IKeyProvider CreateKeyProvider(GatewayOptions.KeysSection keys, IConfigurationSection keyVault, IHostEnvironment environment, TimeProvider time)
    {
        if (string.Equals(keys.Provider, "AzureKeyVault", StringComparison.OrdinalIgnoreCase))
        {
            var vault = keyVault.Get<Gateway.Core.Encryption.KeyVault.KeyVaultOptions>() ?? new Gateway.Core.Encryption.KeyVault.KeyVaultOptions();
            if (vault.VaultUri is null || string.IsNullOrEmpty(vault.KeyName))
                throw new InvalidOperationException("Gateway:Keys:Provider is AzureKeyVault but Gateway:Keys:KeyVault:VaultUri or :KeyName is missing");
            return vault.CreateKeyProvider();
        }
        if (!string.Equals(keys.Provider, "Development", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Gateway:Keys:Provider '{keys.Provider}' is unknown; use 'Development' or 'AzureKeyVault'");
        if (environment.IsProduction() && !keys.AllowDevelopmentKeys)
            throw new InvalidOperationException(
                "refusing to start: the key provider is the development key folder (keys-dev/) and the environment is Production. " +
                "Configure a production key provider, or set Gateway:Keys:AllowDevelopmentKeys=true if you really mean it.");
        var path = Path.GetFullPath(keys.DevelopmentPath, Environment.CurrentDirectory);
        return new ReloadingDevelopmentKeyProvider(path, keys.DevelopmentCurrentVersion, time);
    }
}
