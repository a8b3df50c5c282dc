using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Gateway.Core.Encryption;

namespace Gateway.Core.Tests.Encryption;

public sealed class DevelopmentKeyProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-keys-" + Guid.NewGuid().ToString("N"));

    public DevelopmentKeyProviderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void MissingDirectoryIsAClearError()
    {
        var missing = Path.Combine(_directory, "nope");
        var ex = Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(missing));
        ex.Message.ShouldContain(missing);
        ex.Message.ShouldContain("does not exist");
    }

    [Fact]
    public void DirectoryWithoutKeysIsAClearError()
    {
        File.WriteAllText(Path.Combine(_directory, "README.md"), "hello");
        Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(_directory)).Message.ShouldContain("no kek-<version>.key");
    }

    [Fact]
    public void KeyFileThatIsNotBase64NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_directory, "kek-1.key"), "not base64 at all!");
        Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(_directory)).Message.ShouldContain("kek-1.key");
    }

    [Fact]
    public void KeyOfWrongLengthNamesTheFile()
    {
        File.WriteAllText(Path.Combine(_directory, "kek-7.key"), Convert.ToBase64String(new byte[16]));
        var ex = Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(_directory));
        ex.Message.ShouldContain("kek-7.key");
        ex.Message.ShouldContain("16 bytes");
    }

    [Fact]
    public async Task HighestVersionIsCurrentComparingNumbersAsNumbers()
    {
        foreach (var version in new[] { "2", "10", "9" })
        {
            File.WriteAllText(Path.Combine(_directory, $"kek-{version}.key"), DevelopmentKeyProvider.GenerateKeyFileContent() + "\n");
        }

        var keys = DevelopmentKeyProvider.Load(_directory);
        keys.Versions.ShouldBe(["2", "9", "10"]);
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).ShouldBe(new KeyEncryptionKeyRef("keys-dev", "10"));
        keys.IsDevelopmentKey.ShouldBeTrue();
    }

    [Fact]
    public async Task ConfiguredCurrentVersionWins()
    {
        File.WriteAllText(Path.Combine(_directory, "kek-1.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        File.WriteAllText(Path.Combine(_directory, "kek-2.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        var keys = DevelopmentKeyProvider.Load(_directory, currentVersion: "1");
        (await keys.GetCurrentKeyAsync(CancellationToken.None)).Version.ShouldBe("1");
        Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(_directory, currentVersion: "3")).Message.ShouldContain("'3'");
    }

    [Fact]
    public async Task WrapsAndUnwrapsWithTheNamedVersion()
    {
        File.WriteAllText(Path.Combine(_directory, "kek-1.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        File.WriteAllText(Path.Combine(_directory, "kek-2.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        var keys = DevelopmentKeyProvider.Load(_directory);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var v1 = new KeyEncryptionKeyRef("keys-dev", "1");
        var v2 = new KeyEncryptionKeyRef("keys-dev", "2");

        var wrapped = await keys.WrapKeyAsync(v1, dataKey, CancellationToken.None);
        (await keys.UnwrapKeyAsync(v1, wrapped, CancellationToken.None)).ShouldBe(dataKey);
        await Should.ThrowAsync<CryptographicException>(() => keys.UnwrapKeyAsync(v2, wrapped, CancellationToken.None));
    }

    [Fact]
    public async Task UnknownKeyOrVersionIsAProviderError()
    {
        var keys = EnvelopeTestData.Keys("1");
        await Should.ThrowAsync<KeyProviderException>(() => keys.WrapKeyAsync(new KeyEncryptionKeyRef("keys-dev", "5"), new byte[32], CancellationToken.None));
        await Should.ThrowAsync<KeyProviderException>(() => keys.UnwrapKeyAsync(new KeyEncryptionKeyRef("other", "1"), new byte[40], CancellationToken.None));
    }

    [Fact]
    public void BadFileNameIsRejected()
    {
        File.WriteAllText(Path.Combine(_directory, "kek-a b.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        Should.Throw<KeyProviderException>(() => DevelopmentKeyProvider.Load(_directory)).Message.ShouldContain("kek-a b.key");
    }

    [Fact]
    public async Task TheCommittedDevelopmentKeyLoads()
    {
        var keys = DevelopmentKeyProvider.Load(Path.Combine(RepositoryRoot(), "keys-dev"));
        var current = await keys.GetCurrentKeyAsync(CancellationToken.None);
        current.KeyId.ShouldBe("keys-dev");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        (await keys.UnwrapKeyAsync(current, await keys.WrapKeyAsync(current, dataKey, CancellationToken.None), CancellationToken.None)).ShouldBe(dataKey);
    }

    // The build output may live outside the repository (--artifacts-path), so start from this source file.
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gateway.sln not found above " + sourceFile);
    }
}
