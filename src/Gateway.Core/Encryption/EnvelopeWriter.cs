using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Encryption;

/// <summary>
/// Encrypts a blob into an envelope while it streams in. Holds at most one chunk of plaintext: a full
/// chunk is only emitted once more data arrives, because until then it might be the final one.
/// <see cref="SealAsync"/> emits the final chunk and the seal that binds the (by then verified) digest.
/// An envelope that is never sealed cannot be read; the storage layer deletes it.
/// </summary>
/// <remarks>
/// Encrypted chunks are collected into batches of about <see cref="OutputBatchBytes"/> and each batch is
/// written while the next one is being encrypted (two batch buffers), so the storage write overlaps the
/// encryption and there is one write per batch, not per chunk. At most one destination write is in
/// flight; a failed write faults the writer at the next batch or at <see cref="SealAsync"/>.
/// The writer never disposes the destination stream: its owner does.
/// </remarks>
public sealed class EnvelopeWriter : Stream
{
    /// <summary>Ciphertext bytes per destination write (whole chunks, at least one).</summary>
    internal const int OutputBatchBytes = 512 * 1024;

    private readonly Stream _destination;
    private readonly EnvelopeKeys _keys;
    private readonly int _chunkSize;
    private readonly int _outputCapacity;
    private byte[]? _plaintext;
    private byte[]? _output;
    private byte[]? _spare;
    private int _outputFill;
    private Task? _pendingWrite;
    private int _buffered;
    private long _chunkIndex;
    private long _bytesWritten;
    private State _state;

    private EnvelopeWriter(Stream destination, EnvelopeKeys keys, int chunkSize, KeyEncryptionKeyRef kek)
    {
        _destination = destination;
        _keys = keys;
        _chunkSize = chunkSize;
        KeyEncryptionKey = kek;
        var stride = chunkSize + EnvelopeFormat.TagSize;
        _outputCapacity = Math.Max(1, OutputBatchBytes / stride) * stride;
        _plaintext = ArrayPool<byte>.Shared.Rent(chunkSize);
        _output = ArrayPool<byte>.Shared.Rent(_outputCapacity);
        _spare = ArrayPool<byte>.Shared.Rent(_outputCapacity);
    }

    private enum State
    {
        Open,
        Sealed,
        Faulted,
        Disposed,
    }

    /// <summary>Plaintext bytes accepted so far.</summary>
    public long BytesWritten => _bytesWritten;

    /// <summary>The KEK this envelope's data key is wrapped with.</summary>
    public KeyEncryptionKeyRef KeyEncryptionKey { get; }

    public bool IsSealed => _state == State.Sealed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _state == State.Open;

    public override long Length => throw new NotSupportedException();

    /// <summary>Plaintext bytes accepted so far; cannot be set.</summary>
    public override long Position
    {
        get => _bytesWritten;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Draws a fresh data key, wraps it with the provider's current KEK and writes the envelope header.
    /// Key provider failures propagate: no plaintext is ever written without a wrapped key.
    /// </summary>
    public static async Task<EnvelopeWriter> CreateAsync(Stream destination, IKeyProvider keys, EnvelopeOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(keys);
        options ??= EnvelopeOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, EnvelopeOptions.MinChunkSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ChunkSize, EnvelopeOptions.MaxChunkSize, nameof(options));
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        var context = EnvelopeHeader.CreateContext(options.ChunkSize);
        var dataKey = RandomNumberGenerator.GetBytes(EnvelopeFormat.DataKeySize);
        EnvelopeKeys? envelopeKeys = null;
        var headerBytes = ArrayPool<byte>.Shared.Rent(EnvelopeFormat.HeaderSize);
        try
        {
            var kek = await keys.GetCurrentKeyAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new KeyProviderException($"Key provider '{keys.Name}' returned no current key.");
            var wrapped = await keys.WrapKeyAsync(kek, dataKey, cancellationToken).ConfigureAwait(false);
            var header = EnvelopeHeader.Create(context, kek, wrapped);
            envelopeKeys = new EnvelopeKeys(dataKey, context);
            header.WriteTo(headerBytes, envelopeKeys);
            await destination.WriteAsync(headerBytes.AsMemory(0, EnvelopeFormat.HeaderSize), cancellationToken).ConfigureAwait(false);
            var writer = new EnvelopeWriter(destination, envelopeKeys, options.ChunkSize, kek);
            envelopeKeys = null;
            return writer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            ArrayPool<byte>.Shared.Return(headerBytes);
            envelopeKeys?.Dispose();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        try
        {
            while (!buffer.IsEmpty)
            {
                if (_buffered == _chunkSize)
                {
                    // More data follows, so the buffered chunk is not the final one.
                    await ReserveChunkAsync(cancellationToken).ConfigureAwait(false);
                    EncryptChunk(_plaintext.AsSpan(0, _chunkSize), final: false);
                    _buffered = 0;
                }
                else if (_buffered == 0 && buffer.Length > _chunkSize)
                {
                    // A whole non-final chunk straight from the caller's buffer: skips one copy.
                    await ReserveChunkAsync(cancellationToken).ConfigureAwait(false);
                    EncryptChunk(buffer.Span[.._chunkSize], final: false);
                    buffer = buffer[_chunkSize..];
                    _bytesWritten += _chunkSize;
                }
                else
                {
                    buffer = buffer[Buffer(buffer.Span)..];
                }
            }
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureOpen();
        try
        {
            while (!buffer.IsEmpty)
            {
                if (_buffered == _chunkSize)
                {
                    ReserveChunk();
                    EncryptChunk(_plaintext.AsSpan(0, _chunkSize), final: false);
                    _buffered = 0;
                }
                else if (_buffered == 0 && buffer.Length > _chunkSize)
                {
                    ReserveChunk();
                    EncryptChunk(buffer[.._chunkSize], final: false);
                    buffer = buffer[_chunkSize..];
                    _bytesWritten += _chunkSize;
                }
                else
                {
                    buffer = buffer[Buffer(buffer)..];
                }
            }
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>
    /// Writes the final chunk and the seal binding <paramref name="digest"/> (e.g. "sha256:…"), then
    /// flushes the destination. Call only after the digest was verified against the plaintext.
    /// </summary>
    public async Task SealAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var digestBytes = Encoding.UTF8.GetBytes(digest);
        if (digestBytes.Length > EnvelopeFormat.MaxDigestBytes)
        {
            throw new ArgumentException($"A digest is at most {EnvelopeFormat.MaxDigestBytes} UTF-8 bytes.", nameof(digest));
        }

        EnsureOpen();
        var trailer = ArrayPool<byte>.Shared.Rent(EnvelopeTrailer.Size(digestBytes.Length));
        try
        {
            await ReserveChunkAsync(cancellationToken).ConfigureAwait(false);
            EncryptChunk(_plaintext.AsSpan(0, _buffered), final: true);
            _buffered = 0;
            await WriteBatchAsync(cancellationToken).ConfigureAwait(false);
            await AwaitPendingWriteAsync().ConfigureAwait(false);
            var trailerLength = EnvelopeTrailer.Write(trailer, digestBytes, _bytesWritten, _chunkIndex, _keys);
            await _destination.WriteAsync(trailer.AsMemory(0, trailerLength), cancellationToken).ConfigureAwait(false);
            await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _state = State.Sealed;
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(trailer);
        }

        ReleaseResources();
    }

    /// <summary>Writes the encrypted chunks collected so far and flushes the destination; a partial chunk stays buffered (chunks are fixed-size).</summary>
    public override void Flush()
    {
        if (_state == State.Sealed)
        {
            return; // sealing wrote and flushed everything
        }

        EnsureOpen();
        try
        {
            WaitForPendingWrite();
            if (_outputFill > 0)
            {
                _destination.Write(_output.AsSpan(0, _outputFill));
                _outputFill = 0;
            }

            _destination.Flush();
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_state == State.Sealed)
        {
            return;
        }

        EnsureOpen();
        try
        {
            await WriteBatchAsync(cancellationToken).ConfigureAwait(false);
            await AwaitPendingWriteAsync().ConfigureAwait(false);
            await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _state = State.Faulted;
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_state is State.Open or State.Faulted)
            {
                _state = State.Disposed;
            }

            // A write in flight still reads a batch buffer: it must finish before the buffer goes back to the pool.
            try
            {
                WaitForPendingWrite();
            }
            catch (Exception)
            {
                // Disposing an unsealed (abandoned) envelope: the write's failure no longer matters.
            }

            ReleaseResources();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await AwaitPendingWriteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // As in Dispose: the envelope is being abandoned.
        }

        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    private void EnsureOpen()
    {
        switch (_state)
        {
            case State.Sealed:
                throw new InvalidOperationException("The envelope is already sealed.");
            case State.Faulted:
                throw new InvalidOperationException("An earlier write to this envelope failed; it is incomplete and must be discarded.");
            case State.Disposed:
                throw new ObjectDisposedException(nameof(EnvelopeWriter));
        }
    }

    /// <summary>Copies as much as fits into the chunk buffer; returns the bytes taken.</summary>
    private int Buffer(ReadOnlySpan<byte> source)
    {
        var take = Math.Min(_chunkSize - _buffered, source.Length);
        source[..take].CopyTo(_plaintext.AsSpan(_buffered));
        _buffered += take;
        _bytesWritten += take;
        return take;
    }

    /// <summary>Encrypts one chunk into the current batch, which <see cref="ReserveChunkAsync"/> made room in.</summary>
    private void EncryptChunk(ReadOnlySpan<byte> plaintext, bool final)
    {
        _keys.EncryptChunk(_chunkIndex, final, plaintext, _output.AsSpan(_outputFill, plaintext.Length + EnvelopeFormat.TagSize));
        _outputFill += plaintext.Length + EnvelopeFormat.TagSize;
        _chunkIndex++;
    }

    /// <summary>Makes room for one more chunk in the current batch, starting the write of a full batch.</summary>
    private ValueTask ReserveChunkAsync(CancellationToken cancellationToken) =>
        _outputFill + _chunkSize + EnvelopeFormat.TagSize <= _outputCapacity ? ValueTask.CompletedTask : WriteBatchAsync(cancellationToken);

    private void ReserveChunk()
    {
        if (_outputFill + _chunkSize + EnvelopeFormat.TagSize <= _outputCapacity)
        {
            return;
        }

        WaitForPendingWrite();
        _destination.Write(_output.AsSpan(0, _outputFill));
        _outputFill = 0;
    }

    /// <summary>
    /// Starts writing the current batch (after the previous write has finished) and swaps in the spare buffer,
    /// so the caller encrypts the next batch while this one is written.
    /// </summary>
    private async ValueTask WriteBatchAsync(CancellationToken cancellationToken)
    {
        if (_outputFill == 0)
        {
            return;
        }

        await AwaitPendingWriteAsync().ConfigureAwait(false);
        _pendingWrite = _destination.WriteAsync(_output.AsMemory(0, _outputFill), cancellationToken).AsTask();
        (_output, _spare) = (_spare, _output);
        _outputFill = 0;
    }

    private async ValueTask AwaitPendingWriteAsync()
    {
        if (_pendingWrite is { } pending)
        {
            _pendingWrite = null;
            await pending.ConfigureAwait(false);
        }
    }

    private void WaitForPendingWrite()
    {
        if (_pendingWrite is { } pending)
        {
            _pendingWrite = null;
            pending.GetAwaiter().GetResult();
        }
    }

    private void ReleaseResources()
    {
        _keys.Dispose();
        if (_plaintext is { } plaintext)
        {
            _plaintext = null;
            ArrayPool<byte>.Shared.Return(plaintext, clearArray: true);
        }

        if (_output is { } output)
        {
            _output = null;
            ArrayPool<byte>.Shared.Return(output);
        }

        if (_spare is { } spare)
        {
            _spare = null;
            ArrayPool<byte>.Shared.Return(spare);
        }
    }
}
