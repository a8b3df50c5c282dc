using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Gateway.Core.Encryption.KeyVault;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>
/// A Key Vault (keys API 7.4, documented wire format) as a real HTTPS server on 127.0.0.1 with a throw-away
/// certificate. Clients made by <see cref="CreateClient"/> address it as https://fakevault.vault.azure.net:{port}/
/// (so the challenge's resource check runs as in Azure) but always connect to loopback and trust only this
/// certificate: no DNS, no other network. The bearer policy of Azure.Core refuses plain http, hence TLS.
/// </summary>
internal sealed partial class FakeKeyVault : IAsyncDisposable
{
    public const string Token = "fake-vault-token-d41d8cd9";
    public const string TenantId = "0b2e5f1c-7c4e-4f55-9a55-3a1f2d7e9c01";
    public const string HostName = "fakevault.vault.azure.net";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, List<FakeKeyVaultKey>> _keys = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _transports = [];
    private readonly Dictionary<int, int> _rsaKeysMade = [];
    private long _clock = 1_700_000_000;
    private int _failuresLeft;

    private FakeKeyVault(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public int Port { get; private set; }

    /// <summary>The vault as clients see it.</summary>
    public Uri VaultUri => new($"https://{HostName}:{Port}/");

    /// <summary>Every request the vault received, in order.</summary>
    public ConcurrentQueue<FakeKeyVaultRequest> Requests { get; } = new();

    /// <summary>The resource named in the 401 challenge.</summary>
    public string ChallengeResource { get; set; } = "https://vault.azure.net";

    /// <summary>Versions listed per page of GET /keys/{name}/versions; the rest follow through nextLink.</summary>
    public int PageSize { get; set; } = 25;

    /// <summary>When set, every authenticated request is answered with this status (e.g. 503): the vault is down.</summary>
    public int? PermanentFailureStatus { get; set; }

    /// <summary>Authenticated requests answered by the injected failures so far.</summary>
    public int InjectedFailures { get; private set; }

    private int FailureStatus { get; set; }

    public static async Task<FakeKeyVault> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var vault = new FakeKeyVault(app, certificate);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        vault.Port = new Uri(app.Urls.Single()).Port;
        return vault;
    }

    /// <summary>A client for this vault: loopback transport, trusts this vault's certificate, retries without waiting.</summary>
    public KeyVaultKeysClient CreateClient(RecordingTokenCredential credential, Action<KeyVaultClientOptions>? configure = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();
        var transport = new HttpClientTransport(handler);
        lock (_transports)
        {
            _transports.Add(transport);
        }

        var options = new KeyVaultClientOptions { Transport = transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return new KeyVaultKeysClient(VaultUri, credential, options);
    }

    public FakeKeyVaultKey AddRsaKey(string name, int bits = 2048)
    {
        int index;
        lock (_rsaKeysMade)
        {
            index = _rsaKeysMade.TryGetValue(bits, out var made) ? made : 0;
            _rsaKeysMade[bits] = index + 1;
        }

        return Add(name, FakeKeyVaultKeyMaterial.Rsa(bits, index));
    }

    public FakeKeyVaultKey AddEcKey(string name, ECCurve curve) => Add(name, ECDsa.Create(curve));

    public FakeKeyVaultKey? Find(string name, string? version)
    {
        if (!_keys.TryGetValue(name, out var versions))
        {
            return null;
        }

        lock (versions)
        {
            // Without a version Key Vault answers with the most recently created one.
            return version is null ? versions.MaxBy(k => k.Created) : versions.Find(k => k.Version == version);
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated requests get <paramref name="status"/> with Retry-After: 0.</summary>
    public void FailNext(int count, int status)
    {
        FailureStatus = status;
        Interlocked.Exchange(ref _failuresLeft, count);
    }

    /// <summary>Stops listening: the vault becomes unreachable (connection refused) for clients already made.</summary>
    public Task StopListeningAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_transports)
        {
            _transports.ForEach(t => t.Dispose());
        }

        _certificate.Dispose();
        foreach (var key in _keys.Values.SelectMany(v => v))
        {
            key.Key.Dispose();
        }
    }

    private FakeKeyVaultKey Add(string name, AsymmetricAlgorithm key)
    {
        // Each version is created a second after the previous one, so "newest" is well defined.
        var version = new FakeKeyVaultKey(name, key, Interlocked.Increment(ref _clock));
        var versions = _keys.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add(version);
        }

        return version;
    }

    private List<FakeKeyVaultKey> Versions(string name)
    {
        if (!_keys.TryGetValue(name, out var versions))
        {
            return [];
        }

        lock (versions)
        {
            return [.. versions];
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={HostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
