using System.Security.Cryptography;
using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption.KeyVault;

public sealed class KeyVaultKeyProviderTests : IAsyncLifetime
{
    private readonly RecordingTokenCredential _credential = new(FakeKeyVault.Token);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private FakeKeyVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task DescribesItselfAsAProductionProviderForTheVaultKey()
    {
        var keys = Provider();
        keys.Name.ShouldBe("azure-key-vault");
        keys.IsDevelopmentKey.ShouldBeFalse();
        keys.KeyId.ShouldBe($"{_vault.VaultUri}keys/kek");

        var key = _vault.AddRsaKey("kek");
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).ShouldBe(new KeyEncryptionKeyRef(keys.KeyId, key.Version));
    }

    [Fact]
    public async Task EnvelopesRoundTripWithTheDataKeyWrappedInTheVault()
    {
        var key = _vault.AddRsaKey("kek");
        var keys = Provider();
        var plaintext = Plaintext((3 * SmallChunk) + 17);
        var digest = DigestOf(plaintext);

        var envelope = await SealAsync(plaintext, keys);

        (await ReadAllAsync(envelope, keys, digest)).ShouldBe(plaintext);
        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(envelope), CancellationToken.None)).ShouldBe(new KeyEncryptionKeyRef(keys.KeyId, key.Version));
        _vault.Requests.Count(r => r.Path.EndsWith("/wrapkey", StringComparison.Ordinal) && r.Status == 200).ShouldBe(1);
        _vault.Requests.Count(r => r.Path.EndsWith("/unwrapkey", StringComparison.Ordinal) && r.Status == 200).ShouldBe(1);
    }

    [Fact]
    public async Task ATamperedWrappedKeyIsAnIntegrityFailure()
    {
        var key = _vault.AddRsaKey("kek");
        var keys = Provider();
        var kek = new KeyEncryptionKeyRef(keys.KeyId, key.Version);
        var wrapped = await keys.WrapKeyAsync(kek, RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        wrapped[10] ^= 0x40;

        var ex = await Should.ThrowAsync<CryptographicException>(() => keys.UnwrapKeyAsync(kek, wrapped, CancellationToken.None));
        ex.Message.ShouldContain("OAEP");
    }

    [Fact]
    public async Task ATamperedEnvelopeKeyIsReportedAsTampering()
    {
        _vault.AddRsaKey("kek");
        var keys = Provider();
        var plaintext = Plaintext(100);
        var envelope = await SealAsync(plaintext, keys);
        envelope[EnvelopeFormat.WrappedKeyOffset + 5] ^= 0x01;

        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => ReadAllAsync(envelope, keys, DigestOf(plaintext)));
        ex.Field.ShouldBe("WrappedKey");
    }

    [Fact]
    public async Task AVaultThatIsDownFailsClosedWithAProviderError()
    {
        var key = _vault.AddRsaKey("kek");
        var keys = Provider();
        var kek = new KeyEncryptionKeyRef(keys.KeyId, key.Version);
        var wrapped = await keys.WrapKeyAsync(kek, RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        _vault.PermanentFailureStatus = 503;

        var ex = await Should.ThrowAsync<KeyProviderException>(() => keys.UnwrapKeyAsync(kek, wrapped, CancellationToken.None));
        ex.Message.ShouldContain("503");
        await Should.ThrowAsync<KeyProviderException>(() => keys.GetCurrentKeyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RotationWrapsWithTheNewestVersionAndOldVersionsStillUnwrap()
    {
        var v1 = _vault.AddRsaKey("kek");
        var keys = Provider();
        var plaintext = Plaintext(5000);
        var digest = DigestOf(plaintext);
        var old = await SealAsync(plaintext, keys);

        var v2 = _vault.AddRsaKey("kek");
        _time.Advance(KeyVaultKeyProvider.DefaultCurrentKeyCacheDuration);
        var current = await keys.GetCurrentKeyAsync(CancellationToken.None);
        current.Version.ShouldBe(v2.Version);
        var fresh = await SealAsync(plaintext, keys);

        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(old), CancellationToken.None)).Version.ShouldBe(v1.Version);
        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(fresh), CancellationToken.None)).Version.ShouldBe(v2.Version);
        (await ReadAllAsync(old, keys, digest)).ShouldBe(plaintext);
        (await ReadAllAsync(fresh, keys, digest)).ShouldBe(plaintext);

        // Rotation job: rewrap the old envelope onto the new version, in place.
        using var stream = new MemoryStream();
        await stream.WriteAsync(old);
        await Envelope.RewrapAsync(stream, keys, current, CancellationToken.None);
        (await Envelope.ReadKeyReferenceAsync(new MemoryStream(stream.ToArray()), CancellationToken.None)).Version.ShouldBe(v2.Version);
        (await ReadAllAsync(stream.ToArray(), keys, digest)).ShouldBe(plaintext);
    }

    [Fact]
    public async Task TheCurrentVersionIsRememberedForTheCachePeriod()
    {
        var v1 = _vault.AddRsaKey("kek");
        var keys = Provider();
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).Version.ShouldBe(v1.Version);
        var v2 = _vault.AddRsaKey("kek");

        _time.Advance(KeyVaultKeyProvider.DefaultCurrentKeyCacheDuration - TimeSpan.FromSeconds(1));
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).Version.ShouldBe(v1.Version);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).Version.ShouldBe(v2.Version);

        _vault.Requests.Count(r => r.Path == "/keys/kek/versions" && r.Status == 200).ShouldBe(2);
    }

    [Fact]
    public async Task DisabledVersionsAreNotCurrentEvenIfNewest()
    {
        var v1 = _vault.AddRsaKey("kek");
        _vault.AddRsaKey("kek").Enabled = false;
        _vault.PageSize = 1; // the versions come back over two pages

        (await Provider().GetCurrentKeyAsync(CancellationToken.None)).Version.ShouldBe(v1.Version);
    }

    [Fact]
    public async Task AKeyWithoutAnEnabledVersionIsAProviderError()
    {
        _vault.AddRsaKey("kek").Enabled = false;
        var ex = await Should.ThrowAsync<KeyProviderException>(() => Provider().GetCurrentKeyAsync(CancellationToken.None));
        ex.Message.ShouldContain("no enabled version");
    }

    [Fact]
    public async Task AMissingKeyIsAProviderError()
    {
        var ex = await Should.ThrowAsync<KeyProviderException>(() => Provider().GetCurrentKeyAsync(CancellationToken.None));
        ex.Message.ShouldContain("KeyNotFound");
    }

    [Fact]
    public async Task AnotherKeyIdIsAProviderErrorWithoutAsking()
    {
        var key = _vault.AddRsaKey("kek");
        var keys = Provider();
        var other = new KeyEncryptionKeyRef("https://elsewhere.vault.azure.net/keys/kek", key.Version);

        await Should.ThrowAsync<KeyProviderException>(() => keys.UnwrapKeyAsync(other, new byte[256], CancellationToken.None));
        await Should.ThrowAsync<KeyProviderException>(() => keys.UnwrapKeyAsync(new KeyEncryptionKeyRef(keys.KeyId, "../x"), new byte[256], CancellationToken.None));
        _vault.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnUnwrapWithADisabledVersionIsNotAnIntegrityFailure()
    {
        var key = _vault.AddRsaKey("kek");
        var keys = Provider();
        var kek = new KeyEncryptionKeyRef(keys.KeyId, key.Version);
        var wrapped = await keys.WrapKeyAsync(kek, new byte[32], CancellationToken.None);
        key.Enabled = false;

        var ex = await Should.ThrowAsync<KeyProviderException>(() => keys.UnwrapKeyAsync(kek, wrapped, CancellationToken.None));
        ex.Message.ShouldContain("403");
    }

    private KeyVaultKeyProvider Provider() => new(_vault.CreateClient(_credential), "kek", _time);
}
