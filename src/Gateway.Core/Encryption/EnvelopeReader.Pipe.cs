using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Core.Encryption;

/// <summary>The copy into a pipe (an HTTP response body): the blob GET path.</summary>
public sealed partial class EnvelopeReader
{
    /// <summary>Plaintext bytes per storage read when copying into a pipe (a whole number of chunks, at least one).</summary>
    private const int PipeBatchBytes = 512 * 1024;

    /// <summary>
    /// Decrypts plaintext [<paramref name="offset"/>, offset + length) into <paramref name="destination"/>.
    /// A chunk the range covers whole is decrypted straight into the pipe's own buffer and committed
    /// (<see cref="PipeWriter.Advance"/>) only after its tag verified, so no copy is made and no
    /// unauthenticated byte can be sent; a chunk cut by the range is decrypted in place and its part copied.
    /// The next batch of ciphertext is read from storage while the current one is decrypted and sent.
    /// </summary>
    /// <remarks>Stops early, without error, when the pipe's reader completes (the client went away).</remarks>
    public async Task CopyRangeToAsync(PipeWriter destination, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!TryChunkSpan(offset, length, out var first, out var last))
        {
            return;
        }

        var end = offset + length;
        var perBatch = Math.Max(1, PipeBatchBytes / ChunkSize);
        var stride = ChunkSize + EnvelopeFormat.TagSize;
        var current = ArrayPool<byte>.Shared.Rent(perBatch * stride);
        var next = ArrayPool<byte>.Shared.Rent(perBatch * stride);
        Task? pending = null;
        var plaintextInBuffers = false;
        try
        {
            pending = ReadBatchAsync(first, (int)Math.Min(perBatch, last - first + 1), current, cancellationToken);
            for (var index = first; index <= last;)
            {
                var n = (int)Math.Min(perBatch, last - index + 1);
                await pending!.ConfigureAwait(false);
                pending = null;
                var following = index + n;
                if (following <= last)
                {
                    pending = ReadBatchAsync(following, (int)Math.Min(perBatch, last - following + 1), next, cancellationToken);
                }

                for (var k = 0; k < n; k++)
                {
                    plaintextInBuffers |= WriteChunk(destination, index + k, current.AsSpan(k * stride, stride), offset, end);
                }

                var flushed = await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }

                (current, next) = (next, current);
                index = following;
            }
        }
        finally
        {
            // A read still in flight writes into one of the buffers: let it finish before they go back to the pool.
            if (pending is not null)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The copy already failed or stopped; this read's outcome no longer matters.
                }
            }

            // Whole chunks never leave plaintext here (they are decrypted into the pipe); a chunk cut by the range
            // is decrypted in place, so then the buffers are cleared before going back to the pool.
            ArrayPool<byte>.Shared.Return(current, clearArray: plaintextInBuffers);
            ArrayPool<byte>.Shared.Return(next, clearArray: plaintextInBuffers);
        }
    }

    /// <summary>Reads the ciphertext (with tags) of <paramref name="count"/> consecutive chunks from <paramref name="index"/> into <paramref name="buffer"/>.</summary>
    private Task ReadBatchAsync(long index, int count, byte[] buffer, CancellationToken cancellationToken)
    {
        var start = index * ChunkSize;
        var plainCount = (int)(Math.Min(Length, (index + count) * (long)ChunkSize) - start);
        return ReadAtAsync(_source, EnvelopeFormat.ChunkOffset(index, ChunkSize), buffer.AsMemory(0, plainCount + (count * EnvelopeFormat.TagSize)), cancellationToken).AsTask();
    }

    /// <summary>
    /// Authenticates chunk <paramref name="index"/> and writes the part of it inside [rangeStart, rangeEnd).
    /// True when it was decrypted in place (plaintext left in <paramref name="slot"/>).
    /// </summary>
    private bool WriteChunk(PipeWriter destination, long index, Span<byte> slot, long rangeStart, long rangeEnd)
    {
        var count = EnvelopeFormat.ChunkPlaintextLength(index, Length, ChunkSize);
        var ciphertextAndTag = slot[..(count + EnvelopeFormat.TagSize)];
        var chunkStart = index * ChunkSize;
        var from = (int)(Math.Max(rangeStart, chunkStart) - chunkStart);
        var to = (int)(Math.Min(rangeEnd, chunkStart + count) - chunkStart);
        if (from == 0 && to == count)
        {
            var target = destination.GetSpan(Math.Max(count, 1))[..count];
            Decrypt(index, ciphertextAndTag, target);
            destination.Advance(count);
            return false;
        }

        var plaintext = slot[..count];
        Decrypt(index, ciphertextAndTag, plaintext);
        if (to > from)
        {
            destination.Write(plaintext[from..to]);
        }

        return true;
    }
}
