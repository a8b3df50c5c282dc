using System.Security.Cryptography;
using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Tests.Encryption.KeyVault;

public sealed class KeyVaultSignerTests : IAsyncLifetime
{
    private static readonly byte[] Payload = "an image manifest to sign"u8.ToArray();

    private readonly RecordingTokenCredential _credential = new(FakeKeyVault.Token);
    private FakeKeyVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task EcdsaP256SignaturesVerifyWithThePublicKey()
    {
        var key = _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing");
        var digest = SHA256.HashData(Payload);

        var signature = await signer.SignDigestAsync(digest, CancellationToken.None);

        signature.Algorithm.ShouldBe("ES256");
        signature.KeyId.ShouldBe($"{_vault.VaultUri}keys/signing/{key.Version}");
        signature.Value.Length.ShouldBe(64, "raw R||S");
        using var publicKey = (await signer.GetPublicKeyAsync(CancellationToken.None)).ShouldBeAssignableTo<ECDsa>()!;
        publicKey.VerifyHash(digest, signature.Value).ShouldBeTrue();
        publicKey.VerifyData(Payload, signature.Value, HashAlgorithmName.SHA256).ShouldBeTrue();
        publicKey.VerifyHash(SHA256.HashData("something else"u8), signature.Value).ShouldBeFalse();
    }

    [Fact]
    public async Task EcdsaP384SignsSha384Digests()
    {
        _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP384);
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing");
        var digest = SHA384.HashData(Payload);

        var signature = await signer.SignDigestAsync(digest, CancellationToken.None);

        signature.Algorithm.ShouldBe("ES384");
        using var publicKey = (ECDsa)await signer.GetPublicKeyAsync(CancellationToken.None);
        publicKey.VerifyHash(digest, signature.Value).ShouldBeTrue();
    }

    [Theory]
    [InlineData(false, "RS256")]
    [InlineData(true, "PS256")]
    public async Task RsaSignaturesVerifyWithThePublicKey(bool pss, string algorithm)
    {
        _vault.AddRsaKey("signing");
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing", rsaPss: pss);
        var digest = SHA256.HashData(Payload);

        var signature = await signer.SignDigestAsync(digest, CancellationToken.None);

        signature.Algorithm.ShouldBe(algorithm);
        using var publicKey = (await signer.GetPublicKeyAsync(CancellationToken.None)).ShouldBeAssignableTo<RSA>()!;
        var padding = pss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        publicKey.VerifyHash(digest, signature.Value, HashAlgorithmName.SHA256, padding).ShouldBeTrue();
        publicKey.VerifyHash(digest, signature.Value, HashAlgorithmName.SHA256, pss ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss).ShouldBeFalse();
    }

    [Fact]
    public async Task TheVaultVerifiesWhatItSigned()
    {
        var key = _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        var client = _vault.CreateClient(_credential);
        var digest = SHA256.HashData(Payload);
        var signature = await new KeyVaultSigner(client, "signing").SignDigestAsync(digest, CancellationToken.None);

        (await client.VerifyAsync("signing", key.Version, "ES256", digest, signature.Value, CancellationToken.None)).ShouldBeTrue();
        signature.Value[3] ^= 0x01;
        (await client.VerifyAsync("signing", key.Version, "ES256", digest, signature.Value, CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task TheVersionIsPinnedSoRotationDoesNotMismatchThePublicKey()
    {
        var v1 = _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing");
        using var publicKey = (ECDsa)await signer.GetPublicKeyAsync(CancellationToken.None);
        _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        var digest = SHA256.HashData(Payload);

        var signature = await signer.SignDigestAsync(digest, CancellationToken.None);

        signature.KeyId.ShouldEndWith("/" + v1.Version);
        publicKey.VerifyHash(digest, signature.Value).ShouldBeTrue();
    }

    [Fact]
    public async Task ADigestThatDoesNotFitTheCurveIsRefused()
    {
        _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing");

        (await Should.ThrowAsync<ArgumentException>(() => signer.SignDigestAsync(SHA384.HashData(Payload), CancellationToken.None))).Message.ShouldContain("P-256");
        await Should.ThrowAsync<ArgumentException>(() => signer.SignDigestAsync(new byte[20], CancellationToken.None));
    }

    [Fact]
    public async Task AMissingSigningKeyIsAProviderErrorAndIsLookedUpAgainNextTime()
    {
        var signer = new KeyVaultSigner(_vault.CreateClient(_credential), "signing");
        await Should.ThrowAsync<KeyProviderException>(() => signer.GetKeyAsync(CancellationToken.None));

        var key = _vault.AddEcKey("signing", ECCurve.NamedCurves.nistP256);
        (await signer.GetKeyAsync(CancellationToken.None)).Properties.Version.ShouldBe(key.Version);
    }
}
