using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

public class EnvelopeRangeTests
{
    private const int Size = (3 * SmallChunk) + 200;
    private readonly DevelopmentKeyProvider _keys = Keys();
    private readonly byte[] _plaintext = Plaintext(Size, seed: 42);

    public static TheoryData<long, long> Ranges()
    {
        var data = new TheoryData<long, long>();
        long[] points = [0, 1, SmallChunk - 1, SmallChunk, SmallChunk + 1, (2 * SmallChunk) - 1, 2 * SmallChunk, 3 * SmallChunk, Size - 1, Size];
        foreach (var start in points)
        {
            foreach (var end in points)
            {
                if (end >= start)
                {
                    data.Add(start, end - start);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task CopyRangeReturnsExactlyTheRange(long offset, long length)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var range = await ReadRangeAsync(envelope, _keys, DigestOf(_plaintext), offset, length);
        range.ShouldBe(_plaintext.AsSpan((int)offset, (int)length).ToArray());
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task OpenRangeStreamReturnsExactlyTheRange(long offset, long length)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(_plaintext), CancellationToken.None);
        await using var stream = reader.OpenRange(offset, length);
        stream.Length.ShouldBe(length);
        var copy = new MemoryStream();
        var buffer = new byte[333];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        copy.ToArray().ShouldBe(_plaintext.AsSpan((int)offset, (int)length).ToArray());
    }

    [Fact]
    public async Task RangeReadsDecryptOnlyTheChunksTheyNeed()
    {
        var envelope = await SealAsync(_plaintext, _keys);

        // Destroy chunks 0 and 2: a range inside chunk 1 must still be served, one touching chunk 2 must fail.
        envelope[ChunkOffset(0) + 5] ^= 0x01;
        envelope[ChunkOffset(2) + 5] ^= 0x01;
        var digest = DigestOf(_plaintext);
        (await ReadRangeAsync(envelope, _keys, digest, SmallChunk, SmallChunk)).ShouldBe(_plaintext.AsSpan(SmallChunk, SmallChunk).ToArray());
        (await Should.ThrowAsync<EnvelopeTamperedException>(() => ReadRangeAsync(envelope, _keys, digest, SmallChunk, SmallChunk + 1))).ChunkIndex.ShouldBe(2);
    }

    [Fact]
    public async Task StreamSeeksWithinTheRange()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(_plaintext), CancellationToken.None);
        await using var stream = reader.OpenRange(100, 2 * SmallChunk);
        stream.CanSeek.ShouldBeTrue();
        var buffer = new byte[50];

        stream.Seek(SmallChunk, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer);
        buffer.ShouldBe(_plaintext.AsSpan(100 + SmallChunk, 50).ToArray());

        stream.Position = 10;
        await stream.ReadExactlyAsync(buffer);
        buffer.ShouldBe(_plaintext.AsSpan(110, 50).ToArray());

        stream.Seek(-20, SeekOrigin.End);
        (await stream.ReadAsync(buffer)).ShouldBe(20);
        buffer.AsSpan(0, 20).ToArray().ShouldBe(_plaintext.AsSpan(100 + (2 * SmallChunk) - 20, 20).ToArray());
        (await stream.ReadAsync(buffer)).ShouldBe(0);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(Size + 1, 0)]
    [InlineData(0, Size + 1)]
    [InlineData(Size, 1)]
    [InlineData(10, -1)]
    public async Task OutOfRangeArgumentsAreRejected(long offset, long length)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(_plaintext), CancellationToken.None);
        Should.Throw<ArgumentOutOfRangeException>(() => reader.OpenRange(offset, length));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => reader.CopyRangeToAsync(Stream.Null, offset, length, CancellationToken.None));
    }
}
