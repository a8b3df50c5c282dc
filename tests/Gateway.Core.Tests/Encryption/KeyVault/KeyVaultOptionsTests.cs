using Azure.Identity;
using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Tests.Encryption.KeyVault;

public sealed class KeyVaultOptionsTests
{
    private static readonly KeyVaultOptions Vault = new() { VaultUri = new Uri("https://myvault.vault.azure.net/"), KeyName = "kek" };

    [Fact]
    public void AClientSecretMeansAServicePrincipal() =>
        (Vault with { TenantId = "t", ClientId = "c", ClientSecret = "s3cret" }).CreateCredential().ShouldBeOfType<ClientSecretCredential>();

    [Fact]
    public void AClientSecretWithoutTenantIsAConfigurationError() =>
        Should.Throw<KeyProviderException>(() => (Vault with { ClientId = "c", ClientSecret = "s3cret" }).CreateCredential()).Message.ShouldContain("TenantId");

    [Fact]
    public void AClientIdAloneMeansAUserAssignedManagedIdentity() =>
        (Vault with { ClientId = "c" }).CreateCredential().ShouldBeOfType<ManagedIdentityCredential>();

    [Fact]
    public void OtherwiseTheDefaultCredentialChain() =>
        Vault.CreateCredential().ShouldBeOfType<DefaultAzureCredential>();

    [Fact]
    public void TheSecretIsNeverPrinted()
    {
        var text = (Vault with { TenantId = "t", ClientId = "c", ClientSecret = "s3cret" }).ToString();
        text.ShouldNotContain("s3cret");
        text.ShouldContain("ClientSecret = ***");
        text.ShouldContain("KeyName = kek");
    }

    [Fact]
    public void CreatesAProviderForTheConfiguredKey()
    {
        var keys = (Vault with { ClientId = "c" }).CreateKeyProvider();
        keys.KeyId.ShouldBe("https://myvault.vault.azure.net/keys/kek");
    }

    [Fact]
    public void MissingOrInsecureSettingsAreConfigurationErrors()
    {
        Should.Throw<KeyProviderException>(() => (Vault with { KeyName = null }).CreateKeyProvider()).Message.ShouldContain("KeyName");
        Should.Throw<KeyProviderException>(() => (Vault with { VaultUri = null }).CreateKeyProvider()).Message.ShouldContain("VaultUri");
        Should.Throw<KeyProviderException>(() => (Vault with { VaultUri = new Uri("http://myvault.vault.azure.net/") }).CreateClient()).Message.ShouldContain("https");
    }
}
