using Gateway.Core.Identity;
using Gateway.Core.Storage.Sqlite;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Identity.Web;

namespace Gateway.Server.Auth;

/// <summary>Registers identity: the directory, registry tokens, password checks, the failed-login throttle, and Entra validation (Microsoft.Identity.Web) when an AzureAd section is configured.</summary>
internal static class IdentityServices
{
    public static IServiceCollection AddGatewayIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string storagePath)
    {
        var options = (configuration.GetSection("Gateway:Identity").Get<IdentityOptions>() ?? new IdentityOptions()) with
        {
            BootstrapPassword = configuration["Gateway:Bootstrap:AdminPassword"],
        };
        if (string.IsNullOrEmpty(options.BootstrapPassword) && environment.IsDevelopment())
            options = options with { BootstrapPasswordHash = BootstrapPassword.LoadOrGenerateHash(Path.Combine(storagePath, "bootstrap-admin.hash"), options.BootstrapUserName) };
        services.AddSingleton(options);
        services.AddSingleton<IIdentityStore>(_ => new SqliteIdentityStore(Path.Combine(storagePath, "metadata.db")));
        services.AddSingleton<IdentityDirectory>();
        services.AddSingleton(sp => new RegistryTokenService(Core.Encryption.KeyFiles.LoadOrCreateEcdsaP256(Path.Combine(storagePath, "registry-token-key.pem")), options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FailedLoginThrottle>();
        services.AddSingleton<LoginAudit>();
        services.AddSingleton<PasswordAuthenticator>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<EntraTokenValidator>();

        var azureAd = configuration.GetSection("AzureAd");
        if (azureAd["ClientId"] is { Length: > 0 } || azureAd["Audience"] is { Length: > 0 })
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMicrosoftIdentityWebApi(configuration, "AzureAd");
            // Metadata over plain HTTP only from a loopback issuer (the tests' local OpenID Connect server); never elsewhere.
            if (Uri.TryCreate(azureAd["Instance"], UriKind.Absolute, out var instance) && instance.IsLoopback && instance.Scheme == Uri.UriSchemeHttp)
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.RequireHttpsMetadata = false);
        }
        else
        {
            // Entra off: the validator still resolves (and refuses every token with a clear reason).
            services.AddOptions<JwtBearerOptions>();
        }
        return services;
    }
}
