using System.Text;
using Azure.Core;
using Azure.Identity;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>Where the gateway's key-encryption key lives in Azure Key Vault, and how to authenticate there.</summary>
public sealed record KeyVaultOptions
{
    /// <summary>The vault, e.g. https://myvault.vault.azure.net/.</summary>
    public Uri? VaultUri { get; init; }

    /// <summary>The name of the RSA key that wraps data keys (or signs).</summary>
    public string? KeyName { get; init; }

    /// <summary>Entra tenant of the service principal; required with <see cref="ClientSecret"/>.</summary>
    public string? TenantId { get; init; }

    /// <summary>Service principal client id (with a secret), or a user-assigned managed identity's client id (without).</summary>
    public string? ClientId { get; init; }

    /// <summary>Service principal secret. Never printed.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>How long the current key version is remembered before the vault is asked again.</summary>
    public TimeSpan CurrentKeyCacheDuration { get; init; } = KeyVaultKeyProvider.DefaultCurrentKeyCacheDuration;

    /// <summary>
    /// A service principal with a secret when <see cref="ClientSecret"/> is set; the user-assigned managed
    /// identity <see cref="ClientId"/> when only that is set; otherwise <see cref="DefaultAzureCredential"/>
    /// (environment, workload identity, managed identity, developer tools), limited to <see cref="TenantId"/> if given.
    /// </summary>
    public TokenCredential CreateCredential()
    {
        if (!string.IsNullOrEmpty(ClientSecret))
        {
            if (string.IsNullOrEmpty(TenantId) || string.IsNullOrEmpty(ClientId))
            {
                throw new KeyProviderException("Key Vault: a client secret needs TenantId and ClientId too.");
            }

            return new ClientSecretCredential(TenantId, ClientId, ClientSecret);
        }

        if (!string.IsNullOrEmpty(ClientId))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ClientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { TenantId = string.IsNullOrEmpty(TenantId) ? null : TenantId });
    }

    /// <summary>A client for <see cref="VaultUri"/> with <see cref="CreateCredential"/>.</summary>
    public KeyVaultKeysClient CreateClient(KeyVaultClientOptions? clientOptions = null)
    {
        if (VaultUri is null || !VaultUri.IsAbsoluteUri || VaultUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new KeyProviderException($"Key Vault: VaultUri must be set to the vault's https URI (is '{VaultUri}').");
        }

        return new KeyVaultKeysClient(VaultUri, CreateCredential(), clientOptions);
    }

    /// <summary>The key provider for <see cref="KeyName"/> in <see cref="VaultUri"/>.</summary>
    public KeyVaultKeyProvider CreateKeyProvider(KeyVaultClientOptions? clientOptions = null, TimeProvider? time = null)
    {
        if (string.IsNullOrEmpty(KeyName))
        {
            throw new KeyProviderException("Key Vault: KeyName must be set to the name of the key-encryption key.");
        }

        return new KeyVaultKeyProvider(CreateClient(clientOptions), KeyName, time, CurrentKeyCacheDuration);
    }

    // Records print every property; the secret must not end up in a log.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"VaultUri = {VaultUri}, KeyName = {KeyName}, TenantId = {TenantId}, ClientId = {ClientId}, ");
        builder.Append($"ClientSecret = {(string.IsNullOrEmpty(ClientSecret) ? "(none)" : "***")}, CurrentKeyCacheDuration = {CurrentKeyCacheDuration}");
        return true;
    }
}
