namespace Gateway.Core.Encryption;

/// <summary>
/// The development key folder as a running gateway sees it: re-read when it changes, so a KEK version added by
/// <c>gateway keys rotate</c> becomes current for new blobs and unwraps re-wrapped ones without a restart. An unwrap
/// naming an unknown version re-reads the folder once before failing (a rotation may have just added it).
/// </summary>
public sealed class ReloadingDevelopmentKeyProvider : IKeyProvider
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private readonly string _directory;
    private readonly string? _currentVersion;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private volatile DevelopmentKeyProvider _inner;
    private DateTime _folderWrite;
    private DateTimeOffset _nextCheck;

    public ReloadingDevelopmentKeyProvider(string directory, string? currentVersion, TimeProvider time)
    {
        _directory = Path.GetFullPath(directory);
        _currentVersion = currentVersion;
        _time = time;
        _inner = DevelopmentKeyProvider.Load(_directory, _currentVersion);
        _folderWrite = Directory.GetLastWriteTimeUtc(_directory);
        _nextCheck = time.GetUtcNow() + CheckEvery;
    }

    public string Name => _inner.Name;
    public bool IsDevelopmentKey => true;
    public IReadOnlyList<string> Versions => _inner.Versions;

    public Task<KeyEncryptionKeyRef> GetCurrentKeyAsync(CancellationToken cancellationToken)
    {
        ReloadIfChanged(force: false);
        return _inner.GetCurrentKeyAsync(cancellationToken);
    }

    public Task<byte[]> WrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        WithReloadAsync(kek, p => p.WrapKeyAsync(kek, dataKey, cancellationToken));

    public Task<byte[]> UnwrapKeyAsync(KeyEncryptionKeyRef kek, ReadOnlyMemory<byte> wrapped, CancellationToken cancellationToken) =>
        WithReloadAsync(kek, p => p.UnwrapKeyAsync(kek, wrapped, cancellationToken));

    private async Task<byte[]> WithReloadAsync(KeyEncryptionKeyRef kek, Func<DevelopmentKeyProvider, Task<byte[]>> operation)
    {
        var provider = _inner;
        if (!provider.Versions.Contains(kek.Version) && kek.KeyId == provider.KeyId)
        {
            ReloadIfChanged(force: true);
            provider = _inner;
        }
        return await operation(provider);
    }

    private void ReloadIfChanged(bool force)
    {
        var now = _time.GetUtcNow();
        if (!force && now < _nextCheck) return;
        lock (_lock)
        {
            _nextCheck = now + CheckEvery;
            var write = Directory.GetLastWriteTimeUtc(_directory);
            if (!force && write == _folderWrite) return;
            _inner = DevelopmentKeyProvider.Load(_directory, _currentVersion);
            _folderWrite = write;
        }
    }
}
