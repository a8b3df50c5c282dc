using Gateway.Rego;
using Microsoft.Extensions.Logging;

namespace Gateway.Core.Admission.Policy;

/// <summary>What /gateway/v1/policies reports.</summary>
public sealed record PolicyStatus(int Version, string? Hash, DateTimeOffset? LoadedAt, IReadOnlyList<string> Files, string? LastError, DateTimeOffset? LastErrorAt);

/// <summary>
/// Holds the policy set in force. Compiles the folder at start and again whenever a file changes (debounced);
/// a folder that fails to compile leaves the previous set in force and is reported (log, status, reload
/// listeners — the audit log). With no set compiled at all, admission denies: fail closed.
/// </summary>
public sealed partial class PolicyStore : IDisposable
{
    private readonly string _path;
    private readonly PolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyStore> _logger;
    private readonly Lock _lock = new();
    private readonly FolderWatcher? _watcher;
    private PolicySet? _current;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private int _version;

    public PolicyStore(PolicyOptions options, TimeProvider time, ILogger<PolicyStore> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _path = System.IO.Path.GetFullPath(options.Path, Environment.CurrentDirectory);
        Reload();
        _watcher = FolderWatcher.Start(_path, () => Reload(), TimeSpan.FromMilliseconds(300));
    }

    public PolicySet? Current => Volatile.Read(ref _current);

    /// <summary>Raised after every reload attempt: (new set or null, error or null).</summary>
    public event Action<PolicySet?, string?>? Reloaded;

    public PolicyStatus Status
    {
        get
        {
            var c = Current;
            lock (_lock) return new PolicyStatus(c?.Version ?? 0, c?.Hash, c?.LoadedAt, c?.Files ?? [], _lastError, _lastErrorAt);
        }
    }

    /// <summary>Compile the folder now. Returns the error message, or null when the new set is in force.</summary>
    public string? Reload()
    {
        lock (_lock)
        {
            try
            {
                if (!Directory.Exists(_path)) throw new DirectoryNotFoundException($"policy folder {_path} does not exist");
                var files = Directory.EnumerateFiles(_path, "*", SearchOption.AllDirectories).Where(IsPolicyFile).ToList();
                var hash = PolicySet.ContentHash(files);
                if (_current is not null && _current.Hash == hash) return null;
                var set = PolicySet.Compile(_path, _options.Query, _version + 1, _time.GetUtcNow());
                _version = set.Version;
                Volatile.Write(ref _current, set);
                _lastError = null;
                _lastErrorAt = null;
                Log.Loaded(_logger, set.Version, set.Files.Count, _path);
            }
            catch (Exception e) when (e is RegoException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException or Rego.Builtins.BuiltinException)
            {
                _lastError = e.Message;
                _lastErrorAt = _time.GetUtcNow();
                Log.Failed(_logger, _path, _current?.Version ?? 0, e.Message);
            }
        }
        Reloaded?.Invoke(_current, _lastError);
        return _lastError;
    }

    private static bool IsPolicyFile(string file) =>
        System.IO.Path.GetExtension(file).ToLowerInvariant() is ".rego" or ".json" or ".yaml" or ".yml";

    public void Dispose()
    {
        _watcher?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Admission policy version {Version} in force: {Count} files from {Path}")]
        public static partial void Loaded(ILogger logger, int version, int count, string path);

        [LoggerMessage(Level = LogLevel.Error, Message = "Admission policy in {Path} failed to compile; version {Version} stays in force: {Error}")]
        public static partial void Failed(ILogger logger, string path, int version, string error);
    }
}
