using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

public class EnvelopeWriterTests
{
    private readonly DevelopmentKeyProvider _keys = Keys();

    [Theory]
    [InlineData(EnvelopeOptions.MinChunkSize - 1)]
    [InlineData(EnvelopeOptions.MaxChunkSize + 1)]
    public async Task ChunkSizeOutOfBoundsIsRejected(int chunkSize)
    {
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => EnvelopeWriter.CreateAsync(new MemoryStream(), _keys, new EnvelopeOptions { ChunkSize = chunkSize }, CancellationToken.None));
    }

    [Fact]
    public async Task ChunkSizeIsRecordedInTheHeader()
    {
        var plaintext = Plaintext(5000);
        var envelope = await SealAsync(plaintext, _keys, chunkSize: 3000);
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(plaintext), CancellationToken.None);
        reader.ChunkSize.ShouldBe(3000);
        reader.ChunkCount.ShouldBe(2);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task ProviderFailureWritesNothing(bool failCurrent, bool failWrap)
    {
        var destination = new MemoryStream();
        var failing = new FailingKeyProvider(_keys) { FailCurrent = failCurrent, FailWrap = failWrap };
        await Should.ThrowAsync<HttpRequestException>(() => EnvelopeWriter.CreateAsync(destination, failing, EnvelopeOptions.Default, CancellationToken.None));
        destination.Length.ShouldBe(0);
    }

    [Fact]
    public async Task WritingAfterSealOrSealingTwiceFails()
    {
        await using var writer = await EnvelopeWriter.CreateAsync(new MemoryStream(), _keys, EnvelopeOptions.Default, CancellationToken.None);
        await writer.WriteAsync(new byte[10]);
        await writer.SealAsync("sha256:aa", CancellationToken.None);
        writer.CanWrite.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(async () => await writer.WriteAsync(new byte[1]));
        await Should.ThrowAsync<InvalidOperationException>(() => writer.SealAsync("sha256:aa", CancellationToken.None));
    }

    [Fact]
    public async Task FailedDestinationWriteFaultsTheWriter()
    {
        var destination = new FailAfterStream(Envelope.HeaderSize + 10);
        await using var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None);
        // Chunks are written a batch at a time, so the failure shows once a batch is full.
        await Should.ThrowAsync<IOException>(async () => await writer.WriteAsync(new byte[3 * EnvelopeWriter.OutputBatchBytes]));
        await Should.ThrowAsync<InvalidOperationException>(() => writer.SealAsync("sha256:aa", CancellationToken.None));
    }

    [Fact]
    public async Task DestinationWriteThatFailsLaterFaultsTheWriter()
    {
        // A write that fails asynchronously (the next batch is being encrypted meanwhile) still faults the writer.
        var destination = new FailAfterStream(Envelope.HeaderSize + 10, asynchronously: true);
        await using var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None);
        await writer.WriteAsync(new byte[EnvelopeWriter.OutputBatchBytes / 2]);
        await Should.ThrowAsync<IOException>(async () =>
        {
            await writer.WriteAsync(new byte[3 * EnvelopeWriter.OutputBatchBytes]);
            await writer.SealAsync("sha256:aa", CancellationToken.None);
        });
        writer.IsSealed.ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => writer.SealAsync("sha256:aa", CancellationToken.None));
    }

    [Fact]
    public async Task SmallEnvelopeFailsAtSealWhenItsOnlyWriteFails()
    {
        var destination = new FailAfterStream(Envelope.HeaderSize + 10);
        await using var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None);
        await writer.WriteAsync(new byte[3 * SmallChunk]);
        await Should.ThrowAsync<IOException>(() => writer.SealAsync("sha256:aa", CancellationToken.None));
        writer.IsSealed.ShouldBeFalse();
    }

    [Fact]
    public async Task EmptyOrOverlongDigestIsRejected()
    {
        await using var writer = await EnvelopeWriter.CreateAsync(new MemoryStream(), _keys, EnvelopeOptions.Default, CancellationToken.None);
        await Should.ThrowAsync<ArgumentException>(() => writer.SealAsync(string.Empty, CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => writer.SealAsync(new string('a', 1025), CancellationToken.None));
        await writer.SealAsync(new string('a', 1024), CancellationToken.None);
        writer.IsSealed.ShouldBeTrue();
    }

    [Fact]
    public async Task EveryEnvelopeGetsItsOwnWrappedDataKey()
    {
        var counting = new FailingKeyProvider(_keys);
        var first = await SealAsync(Plaintext(10), counting);
        var second = await SealAsync(Plaintext(10), counting);
        counting.WrapCalls.ShouldBe(2);
        first.AsSpan(EnvelopeFormat.WrappedKeyOffset, 40).SequenceEqual(second.AsSpan(EnvelopeFormat.WrappedKeyOffset, 40)).ShouldBeFalse();
        first.AsSpan(EnvelopeFormat.BlobIdOffset, 32).SequenceEqual(second.AsSpan(EnvelopeFormat.BlobIdOffset, 32)).ShouldBeFalse();
    }

    private sealed class FailAfterStream(int limit, bool asynchronously = false) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > limit)
            {
                throw new IOException("disk full");
            }

            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (asynchronously)
            {
                return new ValueTask(Task.Run(() => Write(buffer.Span), cancellationToken));
            }

            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
