using Gateway.Core.Storage;
using Gateway.Server.Auth;
using Gateway.Server.Hosting.Transport;
using Microsoft.AspNetCore.Connections;
using Gateway.Server.Management;
using Gateway.Server.Oci;

namespace Gateway.Server.Hosting;

/// <summary>Builds the gateway's web application; Program and the tests both start it from here.</summary>
public static class GatewayApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Configuration files ship beside the binary; relative data paths (./data, keys-dev/) are resolved
        // against the working directory, so `dotnet run --project src/Gateway.Server` from the repository root
        // uses ./data and ./keys-dev as the README says.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Blobs stream through; the registry applies its own limits (manifests 4 MiB, blobs configurable).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        // Larger transport buffers: fewer syscalls per layer pushed or pulled (see LargeBlockMemoryPool).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPoolFactory(
            LargeBlockMemoryPoolFactory.DefaultBlockSize, LargeBlockMemoryPoolFactory.DefaultMaxRetainedBlocks));
        configure?.Invoke(builder);
        builder.Services.AddGatewayCore(builder.Configuration, builder.Environment);
        var app = builder.Build();
        app.UseMiddleware<FailureMiddleware>();
        app.UseMiddleware<ManagementAuthorization>();
        app.MapTokenEndpoints();
        app.MapOciDistribution();
        app.MapIdentityManagement();
        app.MapSigning();
        app.MapPolicyManagement();
        app.MapAuditExport();
        return app;
    }

    /// <summary>Prepare storage (schema migrations) before serving.</summary>
    public static async Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.GetRequiredService<IMetadataStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<Gateway.Core.Audit.IAuditStore>().InitializeAsync(cancellationToken);
        // Compile the admission policy before the first request (and report a broken folder at start-up).
        app.Services.GetService<Gateway.Core.Admission.Policy.PolicyStore>();
        AuditWiring.RecordPolicyReloads(app.Services);
        AuditWiring.RecordTrustPolicyReloads(app.Services);
        // Resolve the signing key now: a development key in Production refuses to start, not to sign.
        app.Services.GetRequiredService<Gateway.Core.Signing.Keys.IImageSigningKey>();
        await app.Services.GetRequiredService<Gateway.Core.Identity.IIdentityStore>().InitializeAsync(cancellationToken);
        await app.Services.GetRequiredService<Gateway.Core.Identity.IdentityDirectory>().LoadAsync(cancellationToken);
    }
}
