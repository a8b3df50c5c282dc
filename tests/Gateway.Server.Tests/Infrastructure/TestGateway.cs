using System.Net.Http.Headers;
using Gateway.Core.Encryption;
using Gateway.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>A real gateway on a loopback port (Kestrel, real storage in a temporary folder), restartable on the same data.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private static readonly Lazy<string> SharedKeys = new(CreateKeyFolder);
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, string dataPath, Uri baseAddress)
    {
        _app = app;
        DataPath = dataPath;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
        // The bootstrap owner, as Basic credentials on every request: tests of the registry run as an owner;
        // identity tests use Anonymous or their own credentials.
        Client.DefaultRequestHeaders.Authorization = BasicAuthentication(AdminUser, AdminPassword);
        Anonymous = new HttpClient { BaseAddress = baseAddress };
        RegistryAuthFile.Add(HostPort, AdminUser, AdminPassword);
    }

    public string DataPath { get; }
    public static string KeysPath => SharedKeys.Value;

    /// <summary>The bundled policies/ folder of this checkout: every test runs under the policies users get.</summary>
    public static string RepositoryPolicies { get; } = Path.Combine(RepositoryRoot(), "policies");

    /// <summary>The checkout holding Gateway.sln: above the test binaries, or above this source file (builds with an artifacts path put binaries elsewhere).</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(SourceFile())! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Gateway.sln not found above {AppContext.BaseDirectory} or {SourceFile()}");
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
    public Uri BaseAddress { get; }
    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";
    public HttpClient Client { get; }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous { get; }

    public const string AdminUser = "admin";
    public const string AdminPassword = "bootstrap-owner-password-for-tests";

    public static AuthenticationHeaderValue BasicAuthentication(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A client that sends the given credentials as Basic on every request.</summary>
    public HttpClient ClientFor(string user, string password) =>
        new() { BaseAddress = BaseAddress, DefaultRequestHeaders = { Authorization = BasicAuthentication(user, password) } };
    public IServiceProvider Services => _app.Services;

    public static async Task<TestGateway> StartAsync(string? dataPath = null, IDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        dataPath ??= TempFolder.Create("gateway-data");
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            $"--Gateway:Storage:Path={dataPath}",
            $"--Gateway:Keys:DevelopmentPath={KeysPath}",
            $"--Gateway:Policy:Path={RepositoryPolicies}",
            $"--Gateway:Bootstrap:AdminPassword={AdminPassword}",
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) args.Add($"--{key}={value}");
        var app = GatewayApp.Build(args.ToArray(), configure);
        await app.InitializeAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestGateway(app, dataPath, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>Stop this instance and start a new one on the same data folder.</summary>
    public async Task<TestGateway> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(DataPath);
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string CreateKeyFolder()
    {
        var folder = TempFolder.Create("gateway-keys");
        File.WriteAllText(Path.Combine(folder, "kek-1.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        return folder;
    }
}

public static class TempFolder
{
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
