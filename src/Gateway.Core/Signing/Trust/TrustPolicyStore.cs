using Gateway.Core.Signing.Policy;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Signing.Trust;

/// <summary>What /gateway/v1/trust-policy reports.</summary>
public sealed record TrustPolicyStatus(string Path, bool Present, string? Version, DateTimeOffset? LoadedAt, IReadOnlyList<string> Policies, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>
/// Holds the trust policy in force, reloaded when the file changes (debounced). A broken file keeps the last good
/// policy and says why, loudly: error log, status, and the Reloaded event (the audit log listens). No file at all
/// means content trust is off; a file that never loaded means every enforced decision fails closed.
/// </summary>
public sealed partial class TrustPolicyStore : IDisposable
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger<TrustPolicyStore> _logger;
    private readonly Lock _lock = new();
    private readonly Admission.Policy.FolderWatcher? _watcher;
    private TrustPolicyDocument? _current;
    private DateTimeOffset? _loadedAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public TrustPolicyStore(TrustOptions options, TimeProvider time, ILogger<TrustPolicyStore> logger)
    {
        _path = Path.GetFullPath(options.PolicyFile, Environment.CurrentDirectory);
        _time = time;
        _logger = logger;
        Reload();
        _watcher = Admission.Policy.FolderWatcher.Start(Path.GetDirectoryName(_path)!, () => Reload(), TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The policy in force; null when there is no file (or it never loaded: see <see cref="FailedClosed"/>).</summary>
    public TrustPolicyDocument? Current => Volatile.Read(ref _current);

    /// <summary>A file exists but no version of it ever loaded: enforcement cannot be judged, so it must deny.</summary>
    public bool FailedClosed => Current is null && File.Exists(_path);

    public event Action<TrustPolicyDocument?, string?>? Reloaded;

    public TrustPolicyStatus Status
    {
        get
        {
            var c = Current;
            lock (_lock) return new TrustPolicyStatus(_path, File.Exists(_path), c?.Version, _loadedAt, c?.Policies.Select(p => p.Name).ToArray() ?? [], _lastError, _lastErrorAt);
        }
    }

    /// <summary>Load the file now; returns the error, or null when the new policy is in force (or there is no file).</summary>
    public string? Reload()
    {
        string? error = null;
        lock (_lock)
        {
            if (!File.Exists(_path))
            {
                Volatile.Write(ref _current, null);
                _loadedAt = null;
            }
            else
            {
                try
                {
                    var document = TrustPolicyDocument.Load(_path);
                    Volatile.Write(ref _current, document);
                    _loadedAt = _time.GetUtcNow();
                    _lastError = null;
                    Log.Loaded(_logger, _path, document.Version, document.Policies.Count);
                }
                catch (Exception e) when (e is TrustPolicyException or IOException or System.Text.Json.JsonException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    error = e.Message;
                    _lastError = error;
                    _lastErrorAt = _time.GetUtcNow();
                    Log.LoadFailed(_logger, _path, error, _current?.Version ?? "(none)");
                }
            }
        }
        Reloaded?.Invoke(Current, error);
        return error;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "trust policy {Path} loaded: version {Version}, {Count} policies")]
        public static partial void Loaded(ILogger logger, string path, string version, int count);

        [LoggerMessage(LogLevel.Error, "TRUST POLICY NOT LOADED: {Path}: {Error}. The previous policy (version {Previous}) stays in force.")]
        public static partial void LoadFailed(ILogger logger, string path, string error, string previous);
    }
}
