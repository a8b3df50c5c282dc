using Gateway.Core.Admission;
using Gateway.Core.Admission.Policy;
using Gateway.Core.Audit;
using Gateway.Core.Encryption;
using Gateway.Core.Registry;
using Gateway.Core.Signing;
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
        services.AddGatewayKeys(options.Keys, configuration.GetSection("Gateway:Keys:KeyVault"), environment);
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
}
