using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Encryption;

namespace Gateway.Core.Tests.Encryption;

/// <summary>
/// What the envelope layer relies on from every <see cref="IKeyProvider"/>. Each provider (development
/// keys now, Key Vault later) derives a class from this one.
/// </summary>
public abstract class KeyProviderContractTests
{
    /// <summary>A provider whose current key works, and a version of the same key id it does not have.</summary>
    protected abstract (IKeyProvider Provider, KeyEncryptionKeyRef Missing) CreateProvider();

    [Fact]
    public async Task WrapsAndUnwrapsWithTheCurrentKey()
    {
        var (provider, _) = CreateProvider();
        var kek = await provider.GetCurrentKeyAsync(CancellationToken.None);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapKeyAsync(kek, dataKey, CancellationToken.None);
        wrapped.ShouldNotBe(dataKey);
        (await provider.UnwrapKeyAsync(kek, wrapped, CancellationToken.None)).ShouldBe(dataKey);
    }

    [Fact]
    public async Task KeyReferenceAndWrappingFitTheEnvelopeHeader()
    {
        var (provider, _) = CreateProvider();
        var kek = await provider.GetCurrentKeyAsync(CancellationToken.None);
        Encoding.UTF8.GetByteCount(kek.KeyId).ShouldBeInRange(1, EnvelopeFormat.KeyIdCapacity);
        Encoding.UTF8.GetByteCount(kek.Version).ShouldBeInRange(1, EnvelopeFormat.KeyVersionCapacity);
        (await provider.WrapKeyAsync(kek, new byte[32], CancellationToken.None)).Length.ShouldBeInRange(1, EnvelopeFormat.WrappedKeyCapacity);
    }

    [Fact]
    public async Task ModifiedWrappedKeyFailsWithCryptographicException()
    {
        var (provider, _) = CreateProvider();
        var kek = await provider.GetCurrentKeyAsync(CancellationToken.None);
        var wrapped = await provider.WrapKeyAsync(kek, RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        wrapped[^1] ^= 0x01;
        await Should.ThrowAsync<CryptographicException>(() => provider.UnwrapKeyAsync(kek, wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task MissingKeyIsAnErrorThatIsNotAnIntegrityFailure()
    {
        var (provider, missing) = CreateProvider();
        var kek = await provider.GetCurrentKeyAsync(CancellationToken.None);
        var wrapped = await provider.WrapKeyAsync(kek, RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        var ex = await Should.ThrowAsync<Exception>(() => provider.UnwrapKeyAsync(missing, wrapped, CancellationToken.None));
        ex.ShouldNotBeAssignableTo<CryptographicException>();
        ex = await Should.ThrowAsync<Exception>(() => provider.WrapKeyAsync(missing, new byte[32], CancellationToken.None));
        ex.ShouldNotBeAssignableTo<CryptographicException>();
    }

    [Fact]
    public async Task HonoursCancellation()
    {
        var (provider, _) = CreateProvider();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => provider.GetCurrentKeyAsync(cancelled.Token));
    }
}

public sealed class DevelopmentKeyProviderContractTests : KeyProviderContractTests
{
    protected override (IKeyProvider Provider, KeyEncryptionKeyRef Missing) CreateProvider() =>
        (EnvelopeTestData.Keys("1", "2"), new KeyEncryptionKeyRef(DevelopmentKeyProvider.DefaultKeyId, "3"));
}
