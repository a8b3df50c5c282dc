using System.Text;
using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

public class EnvelopeRoundTripTests
{
    private readonly DevelopmentKeyProvider _keys = Keys();

    public static TheoryData<int, int> Sizes() => new()
    {
        { 0, SmallChunk },
        { 1, SmallChunk },
        { SmallChunk - 1, SmallChunk },
        { SmallChunk, SmallChunk },
        { SmallChunk + 1, SmallChunk },
        { (3 * SmallChunk) + 17, SmallChunk },
        { 4 * SmallChunk, SmallChunk },
        { 0, EnvelopeOptions.DefaultChunkSize },
        { EnvelopeOptions.DefaultChunkSize - 1, EnvelopeOptions.DefaultChunkSize },
        { EnvelopeOptions.DefaultChunkSize, EnvelopeOptions.DefaultChunkSize },
        { EnvelopeOptions.DefaultChunkSize + 1, EnvelopeOptions.DefaultChunkSize },
        { (5 * EnvelopeOptions.DefaultChunkSize) + 12345, EnvelopeOptions.DefaultChunkSize },
        // Several of the writer's output batches (about 512 KiB each).
        { (9 * EnvelopeOptions.DefaultChunkSize) + 1, EnvelopeOptions.DefaultChunkSize },
        { (2 * 1024 * 1024) + 5, SmallChunk },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task RoundTrips(int size, int chunkSize)
    {
        var plaintext = Plaintext(size);
        var digest = DigestOf(plaintext);
        var envelope = await SealAsync(plaintext, _keys, chunkSize);

        envelope.LongLength.ShouldBe(Envelope.GetEnvelopeLength(size, digest, chunkSize));
        (await ReadAllAsync(envelope, _keys, digest)).ShouldBe(plaintext);

        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, digest, CancellationToken.None);
        reader.Length.ShouldBe(size);
        reader.Digest.ShouldBe(digest);
        reader.ChunkSize.ShouldBe(chunkSize);
        reader.ChunkCount.ShouldBe(Math.Max(1, (size + chunkSize - 1) / chunkSize));
        reader.KeyEncryptionKey.ShouldBe(await _keys.GetCurrentKeyAsync(CancellationToken.None));
        using var stream = reader.OpenRange();
        stream.Length.ShouldBe(size);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        copy.ToArray().ShouldBe(plaintext);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(SmallChunk)]
    [InlineData(SmallChunk + 1)]
    [InlineData(5000)]
    public async Task ResultDoesNotDependOnHowWritesAreSplit(int writeSize)
    {
        var plaintext = Plaintext((4 * SmallChunk) + 3);
        var envelope = await SealAsync(plaintext, _keys, SmallChunk, writeSize);
        (await ReadAllAsync(envelope, _keys, DigestOf(plaintext))).ShouldBe(plaintext);
    }

    [Fact]
    public async Task SynchronousWritesAndReadsWork()
    {
        var plaintext = Plaintext((2 * SmallChunk) + 100);
        var digest = DigestOf(plaintext);
        var destination = new MemoryStream();
        using (var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None))
        {
            writer.Write(plaintext, 0, 10);
            writer.Write(plaintext.AsSpan(10));
            writer.Position.ShouldBe(plaintext.Length);
            await writer.SealAsync(digest, CancellationToken.None);
            writer.IsSealed.ShouldBeTrue();
        }

        using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(destination.ToArray()), _keys, digest, CancellationToken.None);
        using var stream = reader.OpenRange();
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.ToArray().ShouldBe(plaintext);
    }

    [Fact]
    public async Task SynchronousAsynchronousWritesAndFlushesMixAcrossBatches()
    {
        var plaintext = Plaintext((3 * EnvelopeWriter.OutputBatchBytes) + 4321, seed: 77);
        var digest = DigestOf(plaintext);
        var destination = new MemoryStream();
        await using (var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None))
        {
            var third = plaintext.Length / 3;
            writer.Write(plaintext.AsSpan(0, third));
            await writer.WriteAsync(plaintext.AsMemory(third, third));
            await writer.FlushAsync();
            writer.Write(plaintext.AsSpan(2 * third, 1000));
            writer.Flush();
            await writer.WriteAsync(plaintext.AsMemory((2 * third) + 1000));
            await writer.SealAsync(digest, CancellationToken.None);
        }

        destination.Length.ShouldBe(Envelope.GetEnvelopeLength(plaintext.Length, digest, SmallChunk));
        (await ReadAllAsync(destination.ToArray(), _keys, digest)).ShouldBe(plaintext);
    }

    [Fact]
    public async Task WritesToANonSeekableDestination()
    {
        var plaintext = Plaintext(3000);
        var sink = new MemoryStream();
        var forwardOnly = new ForwardOnlyStream(sink);
        await using (var writer = await EnvelopeWriter.CreateAsync(forwardOnly, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None))
        {
            await writer.WriteAsync(plaintext);
            await writer.SealAsync(DigestOf(plaintext), CancellationToken.None);
        }

        (await ReadAllAsync(sink.ToArray(), _keys, DigestOf(plaintext))).ShouldBe(plaintext);
    }

    [Fact]
    public async Task PlaintextNeverAppearsInTheEnvelope()
    {
        var marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-7f3a9c");
        var plaintext = new MemoryStream();
        for (var i = 0; i < 400; i++)
        {
            plaintext.Write(marker);
        }

        var bytes = plaintext.ToArray();
        var envelope = await SealAsync(bytes, _keys, SmallChunk);
        envelope.AsSpan().IndexOf(marker).ShouldBe(-1);
        envelope.AsSpan().IndexOf(marker.AsSpan(0, 8)).ShouldBe(-1);
        (await ReadAllAsync(envelope, _keys, DigestOf(bytes))).ShouldBe(bytes);
    }

    [Fact]
    public async Task SamePlaintextEncryptsDifferentlyEachTime()
    {
        var plaintext = Plaintext(2000);
        var first = await SealAsync(plaintext, _keys);
        var second = await SealAsync(plaintext, _keys);
        first.Length.ShouldBe(second.Length);
        first.AsSpan(Envelope.HeaderSize, 2000).SequenceEqual(second.AsSpan(Envelope.HeaderSize, 2000)).ShouldBeFalse();
    }

    [Fact]
    public async Task ReaderLeavesTheSourceOpenOnlyWhenAsked()
    {
        var plaintext = Plaintext(10);
        var envelope = await SealAsync(plaintext, _keys);
        var kept = new MemoryStream(envelope);
        await (await EnvelopeReader.OpenAsync(kept, _keys, DigestOf(plaintext), leaveOpen: true, CancellationToken.None)).DisposeAsync();
        kept.CanRead.ShouldBeTrue();

        var owned = new MemoryStream(envelope);
        var reader = await EnvelopeReader.OpenAsync(owned, _keys, DigestOf(plaintext), CancellationToken.None);
        var stream = reader.OpenRange(disposeReader: true);
        await stream.DisposeAsync();
        owned.CanRead.ShouldBeFalse();
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
