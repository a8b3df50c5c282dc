using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>The shared <see cref="IKeyProvider"/> contract, against the fake vault.</summary>
public sealed class KeyVaultKeyProviderContractTests : KeyProviderContractTests, IAsyncLifetime
{
    private FakeKeyVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _vault.AddRsaKey("kek", 4096); // the largest wrapping the envelope header has to hold
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    protected override (IKeyProvider Provider, KeyEncryptionKeyRef Missing) CreateProvider()
    {
        var provider = new KeyVaultKeyProvider(_vault.CreateClient(new RecordingTokenCredential(FakeKeyVault.Token)), "kek");
        return (provider, new KeyEncryptionKeyRef(provider.KeyId, "0123456789abcdef0123456789abcdef"));
    }
}
