using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Encryption;

/// <summary>
/// Opens a sealed envelope for reading. Opening unwraps the data key and checks the header MAC, the
/// seal (digest binding) and the file length; every chunk is then authenticated as it is read, and a
/// read that reaches the end of the blob always authenticates the final chunk. A failure throws
/// <see cref="EnvelopeTamperedException"/>; no unauthenticated byte is ever returned.
/// </summary>
/// <remarks>
/// One read at a time: range streams and copies share the seekable source. Disposing the reader
/// disposes the source unless it was opened with <c>leaveOpen</c>; if opening fails the source is left
/// to the caller.
/// </remarks>
public sealed partial class EnvelopeReader : IDisposable, IAsyncDisposable
{
    /// <summary>Plaintext bytes per read and write when copying a range (a whole number of chunks, at least one).</summary>
    private const int CopyBatchBytes = 256 * 1024;

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly EnvelopeKeys _keys;
    private bool _disposed;

    private EnvelopeReader(Stream source, bool leaveOpen, EnvelopeKeys keys, EnvelopeHeader header, long length, long chunkCount, string digest)
    {
        _source = source;
        _leaveOpen = leaveOpen;
        _keys = keys;
        ChunkSize = header.ChunkSize;
        KeyEncryptionKey = header.Kek;
        Length = length;
        ChunkCount = chunkCount;
        Digest = digest;
    }

    /// <summary>Plaintext length of the blob, as sealed.</summary>
    public long Length { get; }

    /// <summary>The digest the envelope was sealed with (equal to the expected one).</summary>
    public string Digest { get; }

    public int ChunkSize { get; }

    public long ChunkCount { get; }

    /// <summary>The KEK this envelope's data key is wrapped with (rotation finds old versions by it).</summary>
    public KeyEncryptionKeyRef KeyEncryptionKey { get; }

    public static Task<EnvelopeReader> OpenAsync(Stream source, IKeyProvider keys, string expectedDigest, CancellationToken cancellationToken) =>
        OpenAsync(source, keys, expectedDigest, leaveOpen: false, cancellationToken);

    /// <summary>
    /// Opens an envelope from a readable, seekable stream and checks it was sealed for
    /// <paramref name="expectedDigest"/>. Key provider failures other than an integrity failure of the
    /// wrapped key propagate unchanged.
    /// </summary>
    public static async Task<EnvelopeReader> OpenAsync(Stream source, IKeyProvider keys, string expectedDigest, bool leaveOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(expectedDigest);
        if (!source.CanRead || !source.CanSeek)
        {
            throw new ArgumentException("An envelope is read from a readable, seekable stream.", nameof(source));
        }

        var fileLength = source.Length;
        if (fileLength < EnvelopeFormat.HeaderSize + EnvelopeFormat.TagSize + EnvelopeTrailer.Size(1))
        {
            throw new EnvelopeTamperedException($"Encrypted blob rejected: Length check failed: {fileLength} bytes is too short for a sealed envelope.", "Length");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(EnvelopeFormat.HeaderSize + EnvelopeTrailer.Size(EnvelopeFormat.MaxDigestBytes));
        byte[]? dataKey = null;
        EnvelopeKeys? envelopeKeys = null;
        try
        {
            var headerBytes = buffer.AsMemory(0, EnvelopeFormat.HeaderSize);
            await ReadAtAsync(source, 0, headerBytes, cancellationToken).ConfigureAwait(false);
            var header = EnvelopeHeader.Parse(headerBytes.Span);

            var footer = buffer.AsMemory(EnvelopeFormat.HeaderSize, EnvelopeFormat.FooterSize);
            await ReadAtAsync(source, fileLength - EnvelopeFormat.FooterSize, footer, cancellationToken).ConfigureAwait(false);
            var (length, chunkCount, digestLength) = EnvelopeTrailer.ParseFooter(footer.Span, fileLength, header.ChunkSize);
            var digest = buffer.AsMemory(EnvelopeFormat.HeaderSize + EnvelopeFormat.FooterSize, digestLength);
            await ReadAtAsync(source, fileLength - EnvelopeTrailer.Size(digestLength), digest, cancellationToken).ConfigureAwait(false);

            dataKey = await UnwrapAsync(keys, header, cancellationToken).ConfigureAwait(false);
            envelopeKeys = new EnvelopeKeys(dataKey, header.Context);
            if (!EnvelopeHeader.VerifyMac(headerBytes.Span, envelopeKeys))
            {
                throw EnvelopeHeader.Tampered("HeaderMac", "the header MAC does not match: a header field was modified");
            }

            if (!EnvelopeTrailer.VerifySeal(footer.Span, digest.Span, length, chunkCount, envelopeKeys))
            {
                throw new EnvelopeTamperedException("Encrypted blob rejected: Seal check failed: the seal MAC does not match: the digest, length or seal was modified, or the seal belongs to another blob.", "Seal");
            }

            var sealedDigest = DecodeDigest(digest.Span);
            if (!string.Equals(sealedDigest, expectedDigest, StringComparison.Ordinal))
            {
                throw new EnvelopeTamperedException($"Encrypted blob rejected: Digest check failed: the envelope is sealed for '{sealedDigest}' but was opened as '{expectedDigest}' (stored under the wrong name, or swapped).", "Digest");
            }

            var reader = new EnvelopeReader(source, leaveOpen, envelopeKeys, header, length, chunkCount, sealedDigest);
            envelopeKeys = null;
            return reader;
        }
        finally
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }

            envelopeKeys?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A read-only, seekable stream over plaintext [<paramref name="offset"/>, offset + length). Only the
    /// chunks it touches are read and decrypted. With <paramref name="disposeReader"/> disposing the
    /// stream disposes this reader too (handy when handing the stream to an HTTP response).
    /// </summary>
    public Stream OpenRange(long offset = 0, long? length = null, bool disposeReader = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = CheckRange(offset, length);
        return new EnvelopeRangeStream(this, offset, offset + count, disposeReader);
    }

    /// <summary>
    /// Checks the range and gives the chunks a copy of plaintext [<paramref name="offset"/>, offset + length) reads.
    /// False when there is nothing to read: an empty range, except one at the very end, where the last chunk is still
    /// read.
    /// </summary>
    private bool TryChunkSpan(long offset, long length, out long first, out long last)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRange(offset, length);
        var end = offset + length;
        first = last = 0;
        if (length == 0 && end != Length)
        {
            return false;
        }

        var lastChunk = ChunkCount - 1;
        last = end == Length ? lastChunk : (end - 1) / ChunkSize;
        first = Math.Min(offset / ChunkSize, lastChunk);
        return true;
    }

    /// <summary>Decrypts plaintext [<paramref name="offset"/>, offset + length) into <paramref name="destination"/>, chunk by chunk.</summary>
    public async Task CopyRangeToAsync(Stream destination, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!TryChunkSpan(offset, length, out var first, out var last))
        {
            return;
        }

        var end = offset + length;
        // Chunks are contiguous on disk and in plaintext, so several are read with one read and written
        // with one write: a quarter of the syscalls and async hops of chunk-at-a-time for 64 KiB chunks.
        var perBatch = Math.Max(1, CopyBatchBytes / ChunkSize);
        var stride = ChunkSize + EnvelopeFormat.TagSize;
        var ciphertext = ArrayPool<byte>.Shared.Rent(perBatch * stride);
        var plaintext = ArrayPool<byte>.Shared.Rent(perBatch * ChunkSize);
        try
        {
            for (var index = first; index <= last;)
            {
                var n = (int)Math.Min(perBatch, last - index + 1);
                var batchStart = index * ChunkSize;
                var plainCount = (int)(Math.Min(Length, (index + n) * (long)ChunkSize) - batchStart);
                await ReadAtAsync(_source, EnvelopeFormat.ChunkOffset(index, ChunkSize), ciphertext.AsMemory(0, plainCount + (n * EnvelopeFormat.TagSize)), cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < n; k++)
                {
                    var chunk = index + k;
                    var count = EnvelopeFormat.ChunkPlaintextLength(chunk, Length, ChunkSize);
                    Decrypt(chunk, ciphertext.AsSpan(k * stride, count + EnvelopeFormat.TagSize), plaintext.AsSpan(k * ChunkSize, count));
                }
                var from = (int)(Math.Max(offset, batchStart) - batchStart);
                var to = (int)(Math.Min(end, batchStart + plainCount) - batchStart);
                if (to > from)
                {
                    await destination.WriteAsync(plaintext.AsMemory(from, to - from), cancellationToken).ConfigureAwait(false);
                }
                index += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ciphertext);
            ArrayPool<byte>.Shared.Return(plaintext, clearArray: true);
        }
    }

    /// <summary>Decrypts the whole blob into <paramref name="destination"/>.</summary>
    public Task CopyToAsync(Stream destination, CancellationToken cancellationToken) =>
        CopyRangeToAsync(destination, 0, Length, cancellationToken);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _keys.Dispose();
        if (!_leaveOpen)
        {
            _source.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _keys.Dispose();
        if (!_leaveOpen)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads and authenticates chunk <paramref name="index"/>; returns its plaintext length.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<int> ReadChunkAsync(long index, byte[] ciphertext, byte[] plaintext, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = EnvelopeFormat.ChunkPlaintextLength(index, Length, ChunkSize);
        await ReadAtAsync(_source, EnvelopeFormat.ChunkOffset(index, ChunkSize), ciphertext.AsMemory(0, count + EnvelopeFormat.TagSize), cancellationToken).ConfigureAwait(false);
        Decrypt(index, count, ciphertext, plaintext);
        return count;
    }

    internal int ReadChunk(long index, byte[] ciphertext, byte[] plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var count = EnvelopeFormat.ChunkPlaintextLength(index, Length, ChunkSize);
        _source.Position = EnvelopeFormat.ChunkOffset(index, ChunkSize);
        try
        {
            _source.ReadExactly(ciphertext, 0, count + EnvelopeFormat.TagSize);
        }
        catch (EndOfStreamException ex)
        {
            throw TruncatedSinceOpen(ex);
        }

        Decrypt(index, count, ciphertext, plaintext);
        return count;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ReadAtAsync(Stream source, long position, Memory<byte> destination, CancellationToken cancellationToken)
    {
        source.Position = position;
        try
        {
            await source.ReadExactlyAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw TruncatedSinceOpen(ex);
        }
    }

    private static EnvelopeTamperedException TruncatedSinceOpen(Exception inner) =>
        new("Encrypted blob rejected: Length check failed: the envelope ended early (truncated while open).", "Length", innerException: inner);

    private static async Task<byte[]> UnwrapAsync(IKeyProvider keys, EnvelopeHeader header, CancellationToken cancellationToken)
    {
        byte[] dataKey;
        try
        {
            dataKey = await keys.UnwrapKeyAsync(header.Kek, header.WrappedKey, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptographicException ex)
        {
            throw new EnvelopeTamperedException(
                $"Encrypted blob rejected: header field WrappedKey failed validation: the data key does not unwrap under key-encryption key '{header.Kek}' (the wrapped key or KEK reference was modified, or the key under that name is not the one it was wrapped with).",
                "WrappedKey",
                innerException: ex);
        }

        if (dataKey.Length != EnvelopeFormat.DataKeySize)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw EnvelopeHeader.Tampered("WrappedKey", $"the unwrapped data key is {dataKey.Length} bytes, not {EnvelopeFormat.DataKeySize}");
        }

        return dataKey;
    }

    private static string DecodeDigest(ReadOnlySpan<byte> digest)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(digest);
        }
        catch (DecoderFallbackException)
        {
            throw new EnvelopeTamperedException("Encrypted blob rejected: Digest check failed: the sealed digest is not valid UTF-8.", "Digest");
        }
    }

    private void Decrypt(long index, int count, byte[] ciphertext, byte[] plaintext) =>
        Decrypt(index, ciphertext.AsSpan(0, count + EnvelopeFormat.TagSize), plaintext.AsSpan(0, count));

    private void Decrypt(long index, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        if (!_keys.TryDecryptChunk(index, index == ChunkCount - 1, ciphertextAndTag, plaintext))
        {
            throw new EnvelopeTamperedException(
                $"Encrypted blob rejected: chunk {index} of {ChunkCount} failed authentication: it was modified, moved, cut, or belongs to another blob.",
                chunkIndex: index);
        }
    }

    private long CheckRange(long offset, long? length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Length);
        var count = length ?? (Length - offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(length));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Length - offset, nameof(length));
        return count;
    }
}
