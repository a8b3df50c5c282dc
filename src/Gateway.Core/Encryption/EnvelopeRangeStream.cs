using System.Buffers;
using System.Runtime.CompilerServices;

namespace Gateway.Core.Encryption;

/// <summary>
/// Read-only, seekable view of plaintext [start, end) of an envelope. Decrypts one chunk at a time
/// into a pooled buffer and hands out bytes only from a chunk that authenticated. Reaching the end of
/// the blob always authenticates the final chunk, so a whole-blob read proves it was not truncated.
/// </summary>
internal sealed class EnvelopeRangeStream : Stream
{
    private readonly EnvelopeReader _reader;
    private readonly long _start;
    private readonly long _end;
    private readonly bool _disposeReader;
    private byte[]? _ciphertext;
    private byte[]? _plaintext;
    private long _position;
    private long _cachedChunk = -1;
    private int _cachedLength;
    private bool _finalVerified;
    private bool _disposed;

    public EnvelopeRangeStream(EnvelopeReader reader, long start, long end, bool disposeReader)
    {
        _reader = reader;
        _start = start;
        _end = end;
        _position = start;
        _disposeReader = disposeReader;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => _end - _start;

    public override long Position
    {
        get => _position - _start;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = _start + value;
        }
    }

    private bool ReachesEndOfBlob => _end == _reader.Length;

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return Position;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_position >= _end)
        {
            if (ReachesEndOfBlob && !_finalVerified)
            {
                await LoadAsync(_reader.ChunkCount - 1, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }

        var index = _position / _reader.ChunkSize;
        if (index != _cachedChunk)
        {
            await LoadAsync(index, cancellationToken).ConfigureAwait(false);
        }

        return CopyOut(buffer.Span);
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_position >= _end)
        {
            if (ReachesEndOfBlob && !_finalVerified)
            {
                Load(_reader.ChunkCount - 1);
            }

            return 0;
        }

        var index = _position / _reader.ChunkSize;
        if (index != _cachedChunk)
        {
            Load(index);
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ReturnBuffers();
            if (_disposeReader)
            {
                _reader.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            ReturnBuffers();
            if (_disposeReader)
            {
                await _reader.DisposeAsync().ConfigureAwait(false);
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int CopyOut(Span<byte> destination)
    {
        var chunkStart = _cachedChunk * _reader.ChunkSize;
        var inChunk = (int)(_position - chunkStart);
        var count = (int)Math.Min(Math.Min(destination.Length, _cachedLength - inChunk), _end - _position);
        _plaintext.AsSpan(inChunk, count).CopyTo(destination);
        _position += count;
        return count;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask LoadAsync(long index, CancellationToken cancellationToken)
    {
        EnsureBuffers();
        _cachedChunk = -1;
        _cachedLength = await _reader.ReadChunkAsync(index, _ciphertext!, _plaintext!, cancellationToken).ConfigureAwait(false);
        Loaded(index);
    }

    private void Load(long index)
    {
        EnsureBuffers();
        _cachedChunk = -1;
        _cachedLength = _reader.ReadChunk(index, _ciphertext!, _plaintext!);
        Loaded(index);
    }

    private void Loaded(long index)
    {
        _cachedChunk = index;
        if (index == _reader.ChunkCount - 1)
        {
            _finalVerified = true;
        }
    }

    private void EnsureBuffers()
    {
        _ciphertext ??= ArrayPool<byte>.Shared.Rent(_reader.ChunkSize + EnvelopeFormat.TagSize);
        _plaintext ??= ArrayPool<byte>.Shared.Rent(_reader.ChunkSize);
    }

    private void ReturnBuffers()
    {
        if (_ciphertext is { } ciphertext)
        {
            _ciphertext = null;
            ArrayPool<byte>.Shared.Return(ciphertext);
        }

        if (_plaintext is { } plaintext)
        {
            _plaintext = null;
            ArrayPool<byte>.Shared.Return(plaintext, clearArray: true);
        }
    }
}
