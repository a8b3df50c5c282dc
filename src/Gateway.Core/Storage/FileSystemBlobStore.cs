using System.Runtime.CompilerServices;

namespace Gateway.Core.Storage;

/// <summary>
/// The filesystem driver: objects are files under a root folder; staging files live in root/_staging and
/// are renamed into place after an fsync, which is atomic on one filesystem.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private readonly string _root;
    private readonly string _staging;

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _staging = Path.Combine(_root, "_staging");
        Directory.CreateDirectory(_staging);
    }

    public Task<IBlobWriteSession> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(_staging, Guid.NewGuid().ToString("N"));
        // No FileStream buffer: the envelope writer already writes in large batches, which a buffer would only copy.
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        return Task.FromResult<IBlobWriteSession>(new Session(this, path, stream));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            // No FileStream buffer: the envelope reader reads whole batches of chunks, which a buffer would only copy.
            // Sequential: blobs are mostly read front to back, so the kernel's read-ahead should stay on.
            Stream s = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(s);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<Stream?> OpenUpdateAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            Stream s = new FileStream(PathOf(key), FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 4096);
            return Task.FromResult<Stream?>(s);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task<bool> MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken)
    {
        var from = PathOf(fromKey);
        if (!File.Exists(from)) return Task.FromResult(false);
        var to = PathOf(toKey);
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(from, to, overwrite: true);
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var dir = PathOf(prefix.TrimEnd('/'));
        if (!Directory.Exists(dir)) yield break;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
        }
        await Task.CompletedTask;
    }

    /// <summary>Map a key to a path inside the root, refusing anything that would escape it.</summary>
    private string PathOf(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/') || key.Contains('\\') || key.StartsWith("_staging", StringComparison.Ordinal))
            throw new ArgumentException($"invalid storage key '{key}'", nameof(key));
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private sealed class Session(FileSystemBlobStore store, string stagingPath, FileStream stream) : IBlobWriteSession
    {
        private bool _committed;

        public Stream Stream => stream;

        public async Task CommitAsync(string key, CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();
            var target = store.PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(stagingPath, target, overwrite: true);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_committed)
            {
                try { File.Delete(stagingPath); } catch (IOException) { /* best effort: the purge removes leftovers */ }
            }
        }
    }
}
