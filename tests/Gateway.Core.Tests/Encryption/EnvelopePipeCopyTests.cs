using System.IO.Pipelines;
using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

/// <summary>The copy into a <see cref="PipeWriter"/> (the blob GET path): ranges, batches, tampering, a reader that leaves.</summary>
public class EnvelopePipeCopyTests
{
    private const int Size = (3 * SmallChunk) + 200;
    private readonly DevelopmentKeyProvider _keys = Keys();
    private readonly byte[] _plaintext = Plaintext(Size, seed: 11);

    [Theory]
    [MemberData(nameof(EnvelopeRangeTests.Ranges), MemberType = typeof(EnvelopeRangeTests))]
    public async Task CopyToPipeReturnsExactlyTheRange(long offset, long length)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        (await CopyToPipeAsync(envelope, DigestOf(_plaintext), offset, length)).ShouldBe(_plaintext.AsSpan((int)offset, (int)length).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData((64 * 1024) - 1)]
    [InlineData(64 * 1024)]
    [InlineData((3 * 1024 * 1024) + 12345)]
    public async Task WholeBlobsOfDefaultChunksSpanningSeveralBatchesRoundTrip(int size)
    {
        // 64 KiB chunks, several 512 KiB batches: the read of one batch overlaps the decryption of the previous.
        var plaintext = Plaintext(size, seed: size);
        var envelope = await SealAsync(plaintext, _keys, chunkSize: EnvelopeOptions.DefaultChunkSize, writeSize: 100_000);
        (await CopyToPipeAsync(envelope, DigestOf(plaintext), 0, size)).ShouldBe(plaintext);
    }

    [Fact]
    public async Task RangeAcrossBatchesOfDefaultChunks()
    {
        var plaintext = Plaintext((2 * 1024 * 1024) + 7, seed: 3);
        var envelope = await SealAsync(plaintext, _keys, chunkSize: EnvelopeOptions.DefaultChunkSize, writeSize: 65_000);
        const int offset = (512 * 1024) - 10, length = (600 * 1024) + 3;
        (await CopyToPipeAsync(envelope, DigestOf(plaintext), offset, length)).ShouldBe(plaintext.AsSpan(offset, length).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(20)]
    public async Task TamperedChunkStopsTheCopyAndNoneOfItsBytesReachThePipe(int tamperedChunk)
    {
        // 21 chunks of 64 KiB + a bit: chunk 8 opens the second batch, chunk 20 is the final one.
        var plaintext = Plaintext((20 * EnvelopeOptions.DefaultChunkSize) + 999, seed: 5);
        var envelope = await SealAsync(plaintext, _keys, chunkSize: EnvelopeOptions.DefaultChunkSize, writeSize: 70_000);
        envelope[ChunkOffset(tamperedChunk, EnvelopeOptions.DefaultChunkSize) + 17] ^= 0x10;
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await using (var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(plaintext), CancellationToken.None))
        {
            var ex = await Should.ThrowAsync<EnvelopeTamperedException>(() => reader.CopyRangeToAsync(pipe.Writer, 0, plaintext.Length, CancellationToken.None));
            ex.ChunkIndex.ShouldBe(tamperedChunk);
        }

        // Whatever was committed before the failure, even if never flushed, is authenticated plaintext only.
        await pipe.Writer.FlushAsync();
        await pipe.Writer.CompleteAsync();
        var received = await ReadAllAsync(pipe.Reader);
        received.Length.ShouldBeLessThanOrEqualTo(tamperedChunk * EnvelopeOptions.DefaultChunkSize);
        received.ShouldBe(plaintext.AsSpan(0, received.Length).ToArray());
    }

    [Fact]
    public async Task EmptyBlobCopyVerifiesItsFinalChunk()
    {
        var empty = Array.Empty<byte>();
        var envelope = await SealAsync(empty, _keys);
        (await CopyToPipeAsync(envelope, DigestOf(empty), 0, 0)).ShouldBeEmpty();
        envelope[ChunkOffset(0)] ^= 0x01;
        (await Should.ThrowAsync<EnvelopeTamperedException>(() => CopyToPipeAsync(envelope, DigestOf(empty), 0, 0))).ChunkIndex.ShouldBe(0);
    }

    [Fact]
    public async Task CopyStopsQuietlyWhenThePipeReaderIsGone()
    {
        var plaintext = Plaintext(2 * 1024 * 1024, seed: 9);
        var envelope = await SealAsync(plaintext, _keys, chunkSize: EnvelopeOptions.DefaultChunkSize, writeSize: 1 << 20);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await pipe.Reader.CompleteAsync();
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(plaintext), CancellationToken.None);
        await reader.CopyRangeToAsync(pipe.Writer, 0, plaintext.Length, CancellationToken.None);
        // The source can still be used: no read was left in flight on it.
        (await ReadRangeAsync(envelope, _keys, DigestOf(plaintext), 0, 10)).ShouldBe(plaintext.AsSpan(0, 10).ToArray());
    }

    private async Task<byte[]> CopyToPipeAsync(byte[] envelope, string digest, long offset, long length)
    {
        var output = new MemoryStream();
        var writer = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        await using (var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope, writable: false), _keys, digest, CancellationToken.None))
        {
            await reader.CopyRangeToAsync(writer, offset, length, CancellationToken.None);
        }

        await writer.CompleteAsync();
        return output.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        var output = new MemoryStream();
        await reader.CopyToAsync(output);
        await reader.CompleteAsync();
        return output.ToArray();
    }
}
