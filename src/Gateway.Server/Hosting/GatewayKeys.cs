using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;
using Gateway.Core.Signing.Keys;

namespace Gateway.Server.Hosting;

/// <summary>
/// The gateway's keys, from one place: the blob key-encryption key and the image signing key both come from Azure
/// Key Vault (one client) or from the development folder keys-dev/. Fail closed at start-up: no usable key
/// configuration, no server; development keys are refused in Production unless explicitly allowed.
/// </summary>
internal static class GatewayKeys
{
    public static IServiceCollection AddGatewayKeys(this IServiceCollection services, GatewayOptions.KeysSection keys, IConfigurationSection keyVault, IHostEnvironment environment)
    {
        if (string.Equals(keys.Provider, "AzureKeyVault", StringComparison.OrdinalIgnoreCase))
        {
            var vault = keyVault.Get<KeyVaultOptions>() ?? new KeyVaultOptions();
            if (vault.VaultUri is null || string.IsNullOrEmpty(vault.KeyName))
                throw new InvalidOperationException("Gateway:Keys:Provider is AzureKeyVault but Gateway:Keys:KeyVault:VaultUri or :KeyName is missing");
            var signingKey = keyVault["SigningKeyName"]
                ?? throw new InvalidOperationException("Gateway:Keys:KeyVault:SigningKeyName is required with the AzureKeyVault provider (an EC P-256 key)");
            services.AddSingleton(_ => vault.CreateClient());
            services.AddSingleton<IKeyProvider>(sp => new KeyVaultKeyProvider(sp.GetRequiredService<KeyVaultKeysClient>(), vault.KeyName, sp.GetRequiredService<TimeProvider>(), vault.CurrentKeyCacheDuration));
            services.AddSingleton<IImageSigningKey>(sp => new KeyVaultImageSigningKey(new KeyVaultSigner(sp.GetRequiredService<KeyVaultKeysClient>(), signingKey)));
            return services;
        }
        if (!string.Equals(keys.Provider, "Development", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Gateway:Keys:Provider '{keys.Provider}' is unknown; use 'Development' or 'AzureKeyVault'");
        var path = Path.GetFullPath(keys.DevelopmentPath, Environment.CurrentDirectory);
        // Checked when the keys are first needed (start-up resolves both), with the same refusal for either key.
        void RefuseInProduction()
        {
            if (environment.IsProduction() && !keys.AllowDevelopmentKeys)
                throw new InvalidOperationException(
                    "refusing to start: the key provider is the development key folder (keys-dev/) and the environment is Production. " +
                    "Configure a production key provider, or set Gateway:Keys:AllowDevelopmentKeys=true if you really mean it.");
        }
        services.AddSingleton<IKeyProvider>(sp =>
        {
            RefuseInProduction();
            return new ReloadingDevelopmentKeyProvider(path, keys.DevelopmentCurrentVersion, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IImageSigningKey>(_ =>
        {
            RefuseInProduction();
            return DevelopmentSigningKey.LoadOrCreate(path);
        });
        return services;
    }
}
