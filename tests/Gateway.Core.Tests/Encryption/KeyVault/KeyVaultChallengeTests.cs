using Gateway.Core.Encryption.KeyVault;

namespace Gateway.Core.Tests.Encryption.KeyVault;

public sealed class KeyVaultChallengeTests
{
    [Fact]
    public void ParsesKeyVaultsResourceChallenge()
    {
        var challenge = KeyVaultChallenge.Parse("Bearer authorization=\"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\", resource=\"https://vault.azure.net\"");

        challenge.ShouldNotBeNull();
        challenge.Scope.ShouldBe("https://vault.azure.net/.default");
        challenge.TenantId.ShouldBe("72f988bf-86f1-41af-91ab-2d7cd011db47");
        challenge.IsValidFor(new Uri("https://myvault.vault.azure.net/")).ShouldBeTrue();
        challenge.IsValidFor(new Uri("https://myvault.vault.azure.net.evil.example/")).ShouldBeFalse();
        challenge.IsValidFor(new Uri("https://notvault.azure.net/")).ShouldBeFalse();
    }

    [Fact]
    public void PrefersScopeAndAcceptsAuthorizationUriAndUnquotedValues()
    {
        var challenge = KeyVaultChallenge.Parse("bearer authorization_uri=https://login.windows.net/tenant-1/oauth2/authorize,scope=\"https://managedhsm.azure.net/.default\", resource=\"https://ignored.example\"");

        challenge.ShouldNotBeNull();
        challenge.Scope.ShouldBe("https://managedhsm.azure.net/.default");
        challenge.TenantId.ShouldBe("tenant-1");
        challenge.IsValidFor(new Uri("https://hsm1.managedhsm.azure.net/")).ShouldBeTrue();
    }

    [Fact]
    public void TenantIsOptional() =>
        KeyVaultChallenge.Parse("Bearer resource=\"https://vault.azure.cn/\"").ShouldBe(new KeyVaultChallenge("https://vault.azure.cn/.default", new Uri("https://vault.azure.cn/"), null));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic realm=\"vault\"")]
    [InlineData("Bearerish resource=\"https://vault.azure.net\"")]
    [InlineData("Bearer authorization=\"https://login.microsoftonline.com/t\"")]
    [InlineData("Bearer resource=\"http://vault.azure.net\"")]
    [InlineData("Bearer resource=\"not a uri\"")]
    public void RefusesWhatIsNotAUsableBearerChallenge(string? header) => KeyVaultChallenge.Parse(header).ShouldBeNull();
}
