using System.Buffers;
using Gateway.Core.Encryption;
using Gateway.Core.Oci;

namespace Gateway.Core.Storage;

/// <summary>
/// Content-addressed, encrypted blob content over a storage driver. Every object is written through the
/// envelope format, sealed with the digest of its own plaintext, which is computed while the bytes stream
/// in; nothing is visible under a blob key until the digest has been checked and the object committed.
/// </summary>
public sealed class ContentStore(IBlobStore store, IKeyProvider keys, EnvelopeOptions envelopeOptions)
{
    /// <summary>
    /// Plaintext read from the source per step: several chunks, so the envelope writer encrypts all but the
    /// last straight from this buffer and hands storage one large write per batch.
    /// </summary>
    private const int CopyBufferSize = 512 * 1024;

    public IBlobStore Driver => store;

    public static string BlobKey(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex[..2]}/{digest.Hex}";

    /// <summary>A part's key names its offset and content, so two racing PATCHes never overwrite each other's part.</summary>
    public static string UploadPartKey(Guid upload, long offset, Digest partDigest) => $"uploads/{upload:N}/{offset}-{partDigest.Hex}";

    public static string UploadPrefix(Guid upload) => $"uploads/{upload:N}/";

    /// <summary>
    /// Encrypt <paramref name="source"/> into a new staging object, hashing the plaintext with
    /// <paramref name="algorithm"/>, and seal it with the resulting digest. The caller commits the
    /// returned staged object under a key, or disposes it to discard. At most <paramref name="maxBytes"/> are accepted.
    /// </summary>
    public async Task<StagedContent> StageAsync(Stream source, string algorithm, long maxBytes, CancellationToken cancellationToken)
    {
        var session = await store.BeginWriteAsync(cancellationToken);
        try
        {
            using var hasher = Digest.CreateHasher(algorithm);
            await using var writer = await EnvelopeWriter.CreateAsync(session.Stream, keys, envelopeOptions, cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            long total = 0;
            try
            {
                int read;
                while ((read = await source.ReadAtLeastAsync(buffer.AsMemory(0, CopyBufferSize), CopyBufferSize, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes) throw new ContentTooLargeException(maxBytes);
                    hasher.AppendData(buffer, 0, read);
                    await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true); // it held plaintext
            }
            var digest = Digest.FromHash(algorithm, hasher.GetHashAndReset());
            await writer.SealAsync(digest.ToString(), cancellationToken);
            return new StagedContent(session, digest, total);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stage the concatenation of stored objects (upload parts), decrypting each and re-encrypting into one new envelope.</summary>
    public async Task<StagedContent> StageConcatenationAsync(IReadOnlyList<(string Key, Digest Digest)> parts, string algorithm, CancellationToken cancellationToken)
    {
        await using var concatenated = new ConcatenatedEnvelopeStream(this, parts, cancellationToken);
        return await StageAsync(concatenated, algorithm, long.MaxValue, cancellationToken);
    }

    /// <summary>Open a stored object for reading plaintext; null when absent. Throws if the envelope fails authentication.</summary>
    public async Task<EnvelopeReader?> OpenAsync(string key, Digest digest, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream is null) return null;
        try
        {
            return await EnvelopeReader.OpenAsync(stream, keys, digest.ToString(), cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public Task<EnvelopeReader?> OpenBlobAsync(Digest digest, CancellationToken cancellationToken) => OpenAsync(BlobKey(digest), digest, cancellationToken);

    /// <summary>Store small content whose digest is already known and checked (manifests), under its blob key.</summary>
    public async Task PutBytesAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (await store.ExistsAsync(BlobKey(digest), cancellationToken)) return;
        await using var staged = await StageAsync(new MemoryStream(content.ToArray(), writable: false), digest.Algorithm, content.Length, cancellationToken);
        if (staged.Digest != digest) throw new InvalidOperationException($"content does not hash to {digest}");
        await staged.CommitAsync(BlobKey(digest), cancellationToken);
    }

    /// <summary>Read small content (manifests) whole; null when absent.</summary>
    public async Task<byte[]?> ReadBytesAsync(Digest digest, CancellationToken cancellationToken)
    {
        await using var reader = await OpenBlobAsync(digest, cancellationToken);
        if (reader is null) return null;
        var buffer = new MemoryStream((int)Math.Min(reader.Length, int.MaxValue));
        await reader.CopyRangeToAsync(buffer, 0, reader.Length, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>A read-only stream over several envelopes in order, for concatenating upload parts.</summary>
    private sealed class ConcatenatedEnvelopeStream(ContentStore owner, IReadOnlyList<(string Key, Digest Digest)> parts, CancellationToken cancellationToken) : Stream
    {
        private int _next;
        private Stream? _current;
        private EnvelopeReader? _reader;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            while (true)
            {
                if (_current is null)
                {
                    if (_next >= parts.Count) return 0;
                    var (key, digest) = parts[_next++];
                    _reader = await owner.OpenAsync(key, digest, cancellationToken)
                        ?? throw new InvalidOperationException($"upload part {key} is missing from storage");
                    _current = _reader.OpenRange(0, _reader.Length);
                }
                var n = await _current.ReadAsync(buffer, ct);
                if (n > 0) return n;
                await _current.DisposeAsync();
                await _reader!.DisposeAsync();
                _current = null;
                _reader = null;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (_current is not null) await _current.DisposeAsync();
            if (_reader is not null) await _reader.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

/// <summary>Encrypted content written to a staging object, with the digest of its plaintext; commit or dispose.</summary>
public sealed class StagedContent(IBlobWriteSession session, Digest digest, long size) : IAsyncDisposable
{
    public Digest Digest => digest;
    public long Size => size;

    public Task CommitAsync(string key, CancellationToken cancellationToken) => session.CommitAsync(key, cancellationToken);

    public ValueTask DisposeAsync() => session.DisposeAsync();
}

public sealed class ContentTooLargeException(long limit) : Exception($"content exceeds the limit of {limit} bytes")
{
    public long Limit => limit;
}
