using System.Security.Cryptography;
using Azure;
using Gateway.Core.Encryption;
using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Tests.Encryption.KeyVault;

public sealed class KeyVaultKeysClientTests : IAsyncLifetime
{
    private readonly RecordingTokenCredential _credential = new(FakeKeyVault.Token);
    private FakeKeyVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task AnswersTheChallengeWithATokenForTheVaultScopeAndTenant()
    {
        var key = _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await client.WrapKeyAsync("kek", key.Version, "RSA-OAEP-256", dataKey, CancellationToken.None);

        var requests = _vault.Requests.ToArray();
        requests.Length.ShouldBe(2);
        requests[0].Status.ShouldBe(401);
        requests[0].Authorization.ShouldBeNull();
        requests[0].BodyLength.ShouldBe(0, "the data key must not be sent before the vault has identified itself");
        requests[1].Status.ShouldBe(200);
        requests[1].Authorization.ShouldBe("Bearer " + FakeKeyVault.Token);
        requests[1].BodyLength.ShouldBeGreaterThan(0);
        var token = _credential.Requests.ShouldHaveSingleItem();
        token.Scopes.ShouldBe(["https://vault.azure.net/.default"]);
        token.TenantId.ShouldBe(FakeKeyVault.TenantId);
        wrapped.KeyId.ShouldBe($"{_vault.VaultUri}keys/kek/{key.Version}");
        key.Rsa!.Decrypt(wrapped.Value, RSAEncryptionPadding.OaepSHA256).ShouldBe(dataKey);
    }

    [Fact]
    public async Task LaterRequestsAreAuthorizedUpFrontWithApiVersion74()
    {
        var key = _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential);
        await client.GetKeyAsync("kek", null, CancellationToken.None);
        await client.GetKeyAsync("kek", key.Version, CancellationToken.None);
        await client.GetKeyVersionsAsync("kek", CancellationToken.None);

        var requests = _vault.Requests.ToArray();
        requests.Select(r => r.Status).ShouldBe([401, 200, 200, 200]);
        requests.ShouldAllBe(r => r.ApiVersion == "7.4");
        requests.Select(r => r.Path).ShouldBe(["/keys/kek", "/keys/kek", $"/keys/kek/{key.Version}", "/keys/kek/versions"]);
    }

    [Fact]
    public async Task WrapsAndUnwraps()
    {
        var key = _vault.AddRsaKey("kek", 3072);
        var client = _vault.CreateClient(_credential);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await client.WrapKeyAsync("kek", key.Version, "RSA-OAEP-256", dataKey, CancellationToken.None);
        wrapped.Value.Length.ShouldBe(384);
        var unwrapped = await client.UnwrapKeyAsync("kek", key.Version, "RSA-OAEP-256", wrapped.Value, CancellationToken.None);
        unwrapped.Value.ShouldBe(dataKey);
    }

    [Fact]
    public async Task ReadsThePublicJsonWebKey()
    {
        var rsa = _vault.AddRsaKey("rsa");
        var ec = _vault.AddEcKey("ec", ECCurve.NamedCurves.nistP384);
        var client = _vault.CreateClient(_credential);

        var rsaKey = await client.GetKeyAsync("rsa", null, CancellationToken.None);
        rsaKey.Properties.Name.ShouldBe("rsa");
        rsaKey.Properties.Version.ShouldBe(rsa.Version);
        rsaKey.Properties.Enabled.ShouldBeTrue();
        rsaKey.Properties.CreatedOn.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(rsa.Created));
        rsaKey.Key.KeyType.ShouldBe("RSA");
        rsaKey.Key.KeyOperations.ShouldContain("unwrapKey");
        using var publicRsa = rsaKey.Key.CreateRsa();
        publicRsa.ExportParameters(false).Modulus.ShouldBe(rsa.Rsa!.ExportParameters(false).Modulus);

        var ecKey = await client.GetKeyAsync("ec", ec.Version, CancellationToken.None);
        ecKey.Key.CurveName.ShouldBe("P-384");
        using var publicEc = ecKey.Key.CreateECDsa();
        publicEc.ExportParameters(false).Q.X.ShouldBe(ec.EC!.ExportParameters(false).Q.X);
        Should.Throw<KeyProviderException>(() => ecKey.Key.CreateRsa());
    }

    [Fact]
    public async Task ListsVersionsAcrossPages()
    {
        var versions = Enumerable.Range(0, 5).Select(_ => _vault.AddRsaKey("kek", 1024).Version).ToArray();
        _vault.PageSize = 2;
        var client = _vault.CreateClient(_credential);

        var listed = await client.GetKeyVersionsAsync("kek", CancellationToken.None);

        listed.Select(v => v.Version).ShouldBe(versions);
        listed.ShouldAllBe(v => v.Enabled && v.Name == "kek");
        _vault.Requests.Count(r => r.Path == "/keys/kek/versions" && r.Status == 200).ShouldBe(3);
    }

    [Fact]
    public async Task RetriesThrottlingAndHonoursRetryAfter()
    {
        var key = _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential);
        await client.GetKeyAsync("kek", null, CancellationToken.None); // settle the challenge first
        _vault.FailNext(3, 429);

        var wrapped = await client.WrapKeyAsync("kek", key.Version, "RSA-OAEP-256", new byte[32], CancellationToken.None);

        wrapped.Value.Length.ShouldBe(256);
        _vault.InjectedFailures.ShouldBe(3);
        _vault.Requests.Where(r => r.Path.EndsWith("/wrapkey", StringComparison.Ordinal)).Select(r => r.Status).ShouldBe([429, 429, 429, 200]);
    }

    [Fact]
    public async Task AVaultThatStaysUnavailableFailsClosedAfterTheRetries()
    {
        var key = _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential, o => o.Retry.MaxRetries = 2);
        await client.GetKeyAsync("kek", null, CancellationToken.None);
        _vault.PermanentFailureStatus = 503;

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.UnwrapKeyAsync("kek", key.Version, "RSA-OAEP-256", new byte[256], CancellationToken.None));

        ex.Message.ShouldContain("503");
        ex.Message.ShouldContain("ServiceUnavailable");
        ex.InnerException.ShouldBeOfType<RequestFailedException>().Status.ShouldBe(503);
        _vault.Requests.Count(r => r.Path.EndsWith("/unwrapkey", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task MapsKeyVaultErrorBodiesWithoutLeakingTheToken()
    {
        var client = _vault.CreateClient(_credential);

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.GetKeyAsync("nope", null, CancellationToken.None));

        ex.Message.ShouldContain("HTTP 404");
        ex.Message.ShouldContain("(KeyNotFound)");
        ex.Message.ShouldContain("A key with (name/id) nope was not found in this key vault");
        ex.Message.ShouldNotContain(FakeKeyVault.Token);
        var inner = ex.InnerException.ShouldBeOfType<RequestFailedException>();
        inner.ErrorCode.ShouldBe("KeyNotFound");
        inner.Status.ShouldBe(404);
    }

    [Fact]
    public async Task ADisabledKeyIsForbidden()
    {
        var key = _vault.AddRsaKey("kek");
        key.Enabled = false;
        var client = _vault.CreateClient(_credential);

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.WrapKeyAsync("kek", key.Version, "RSA-OAEP-256", new byte[32], CancellationToken.None));

        ex.Message.ShouldContain("HTTP 403 (Forbidden)");
        ex.Message.ShouldContain("disabled key");
        ex.Message.ShouldContain("lacks permission");
    }

    [Fact]
    public async Task ACredentialTheVaultRejectsIsAClearError()
    {
        var client = _vault.CreateClient(new RecordingTokenCredential("wrong-token"));

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.GetKeyAsync("kek", null, CancellationToken.None));

        ex.Message.ShouldContain("HTTP 401");
        ex.Message.ShouldContain("did not accept the credential");
        ex.Message.ShouldNotContain("wrong-token");
    }

    [Fact]
    public async Task RefusesAChallengeForAnotherServicesToken()
    {
        _vault.ChallengeResource = "https://management.azure.com";
        var client = _vault.CreateClient(_credential);

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.GetKeyAsync("kek", null, CancellationToken.None));

        ex.Message.ShouldContain("management.azure.com");
        _credential.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ChallengeVerificationCanBeTurnedOffForACustomDomain()
    {
        _vault.ChallengeResource = "https://keys.example.com";
        _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential, o => o.DisableChallengeResourceVerification = true);

        await client.GetKeyAsync("kek", null, CancellationToken.None);

        _credential.Requests.ShouldHaveSingleItem().Scopes.ShouldBe(["https://keys.example.com/.default"]);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("abc/../../secrets")]
    [InlineData("abc%2F")]
    [InlineData("")]
    public async Task AVersionThatIsNotAVersionIsRefusedBeforeAnyRequest(string version)
    {
        var client = _vault.CreateClient(_credential);

        await Should.ThrowAsync<KeyProviderException>(() => client.UnwrapKeyAsync("kek", version, "RSA-OAEP-256", new byte[256], CancellationToken.None));

        _vault.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void RefusesAPlainHttpVault()
    {
        Should.Throw<ArgumentException>(() => new KeyVaultKeysClient(new Uri("http://127.0.0.1:1/"), _credential)).Message.ShouldContain("https");
    }

    [Fact]
    public async Task AnUnreachableVaultIsAProviderError()
    {
        var client = _vault.CreateClient(_credential, o => o.Retry.MaxRetries = 1);
        await _vault.StopListeningAsync();

        var ex = await Should.ThrowAsync<KeyProviderException>(() => client.GetKeyAsync("kek", null, CancellationToken.None));

        ex.Message.ShouldContain("get key");
        ex.Message.ShouldContain("refused", Case.Insensitive);
        _vault.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task CancellationIsNotAProviderError()
    {
        _vault.AddRsaKey("kek");
        var client = _vault.CreateClient(_credential);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetKeyAsync("kek", null, cancelled.Token));
    }
}
