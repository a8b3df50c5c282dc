namespace Gateway.Core.Storage;

/// <summary>
/// The storage driver contract: opaque keys (e.g. "blobs/sha256/ab/abcd…") to immutable byte objects.
/// Implementations: filesystem now, Azure Blob Storage later. Nothing above this interface sees a path.
/// Writes go to a private staging object and become visible under their key only on commit, atomically,
/// so a crash leaves either the old state or the new one.
/// </summary>
public interface IBlobStore
{
    /// <summary>Start writing a new object. Nothing is visible until <see cref="IBlobWriteSession.CommitAsync"/>.</summary>
    Task<IBlobWriteSession> BeginWriteAsync(CancellationToken cancellationToken);

    /// <summary>Open an object for reading: a seekable stream, or null when the key does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Open an existing object for in-place rewriting of a fixed-size region (key rotation re-wraps the header). Null when absent.</summary>
    Task<Stream?> OpenUpdateAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Atomically rename an object (e.g. promote an upload part to a content-addressed blob). Overwrites the target.</summary>
    Task<bool> MoveAsync(string fromKey, string toKey, CancellationToken cancellationToken);

    /// <summary>Delete an object; false if it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every key under a prefix (for GC and purges).</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>An object being written. Dispose without commit discards it.</summary>
public interface IBlobWriteSession : IAsyncDisposable
{
    Stream Stream { get; }

    /// <summary>Flush durably and make the object visible under <paramref name="key"/> (replacing any previous object).</summary>
    Task CommitAsync(string key, CancellationToken cancellationToken);
}
