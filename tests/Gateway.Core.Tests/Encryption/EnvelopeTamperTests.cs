using Gateway.Core.Encryption;
using static Gateway.Core.Tests.Encryption.EnvelopeTestData;

namespace Gateway.Core.Tests.Encryption;

/// <summary>Modified chunks, truncation, extension, reordering and swaps between blobs.</summary>
public class EnvelopeTamperTests
{
    private const int Size = (3 * SmallChunk) + 100;
    private readonly DevelopmentKeyProvider _keys = Keys();
    private readonly byte[] _plaintext = Plaintext(Size, seed: 7);

    private string Digest => DigestOf(_plaintext);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 513)]
    [InlineData(3, 99)]
    public async Task FlippedCiphertextBitFailsThatChunk(int chunk, int offsetInChunk)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        envelope[ChunkOffset(chunk) + offsetInChunk] ^= 0x80;
        (await AssertTamperedAsync(envelope, Digest)).ChunkIndex.ShouldBe(chunk);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task FlippedTagBitFailsThatChunk(int chunk)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var tagEnd = chunk == 3 ? ChunkOffset(3) + 100 + 16 : ChunkOffset(chunk + 1);
        envelope[tagEnd - 1] ^= 0x01;
        (await AssertTamperedAsync(envelope, Digest)).ChunkIndex.ShouldBe(chunk);
    }

    [Fact]
    public async Task ReorderedChunksAreDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var stored = StoredChunkSize();
        var first = envelope.AsSpan(ChunkOffset(0), stored).ToArray();
        envelope.AsSpan(ChunkOffset(1), stored).CopyTo(envelope.AsSpan(ChunkOffset(0)));
        first.CopyTo(envelope.AsSpan(ChunkOffset(1)));
        (await AssertTamperedAsync(envelope, Digest)).ChunkIndex.ShouldBe(0);
    }

    [Fact]
    public async Task ChunkFromAnotherBlobIsDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var other = await SealAsync(_plaintext, _keys); // same content, same KEK: only the data key differs
        other.AsSpan(ChunkOffset(1), StoredChunkSize()).CopyTo(envelope.AsSpan(ChunkOffset(1)));
        (await AssertTamperedAsync(envelope, Digest)).ChunkIndex.ShouldBe(1);
    }

    [Fact]
    public async Task WholeFileOpenedUnderAnotherDigestIsRefused()
    {
        var otherPlaintext = Plaintext(Size, seed: 8);
        var envelopeA = await SealAsync(_plaintext, _keys);
        var envelopeB = await SealAsync(otherPlaintext, _keys);

        // The files are swapped in storage: each is opened under the other's digest.
        var ex = await AssertTamperedAsync(envelopeA, DigestOf(otherPlaintext));
        ex.Field.ShouldBe("Digest");
        ex.Message.ShouldContain(Digest);
        (await AssertTamperedAsync(envelopeB, Digest)).Field.ShouldBe("Digest");
    }

    [Fact]
    public async Task SealRewrittenToAnotherDigestIsDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var forged = DigestOf(Plaintext(10, seed: 3));
        var digestAt = envelope.Length - EnvelopeFormat.FooterSize - Digest.Length;
        System.Text.Encoding.ASCII.GetBytes(forged).CopyTo(envelope, digestAt);
        (await AssertTamperedAsync(envelope, forged)).Field.ShouldBe("Seal");
    }

    [Fact]
    public async Task SealOrHeaderTakenFromAnotherBlobIsDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var other = await SealAsync(_plaintext, _keys);
        var trailer = EnvelopeTrailer.Size(Digest.Length);

        var withOtherSeal = (byte[])envelope.Clone();
        other.AsSpan(other.Length - trailer).CopyTo(withOtherSeal.AsSpan(envelope.Length - trailer));
        (await AssertTamperedAsync(withOtherSeal, Digest)).Field.ShouldBe("Seal");

        var withOtherHeader = (byte[])envelope.Clone();
        other.AsSpan(0, Envelope.HeaderSize).CopyTo(withOtherHeader);
        (await AssertTamperedAsync(withOtherHeader, Digest)).Field.ShouldBe("Seal");
    }

    [Fact]
    public async Task DroppedLastChunkIsDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var cut = envelope.Take(ChunkOffset(3)).Concat(envelope.Skip(ChunkOffset(3) + 100 + 16)).ToArray();
        (await AssertTamperedAsync(cut, Digest)).Field.ShouldBe("Length");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public async Task FileCutMidChunkIsDetected(int keep)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        (await AssertTamperedAsync(envelope.AsSpan(0, ChunkOffset(2) + keep).ToArray(), Digest)).Field.ShouldBe("Seal");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2000)]
    public async Task AppendedBytesAreDetected(int extra)
    {
        var envelope = await SealAsync(_plaintext, _keys);
        (await AssertTamperedAsync([.. envelope, .. new byte[extra]], Digest)).Field.ShouldBe("Seal");
    }

    [Fact]
    public async Task InsertedChunkIsDetected()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        var chunk = envelope.AsSpan(ChunkOffset(1), StoredChunkSize()).ToArray();
        var extended = envelope.Take(ChunkOffset(3)).Concat(chunk).Concat(envelope.Skip(ChunkOffset(3))).ToArray();
        (await AssertTamperedAsync(extended, Digest)).Field.ShouldBe("Length");
    }

    [Fact]
    public async Task FinalFlagCatchesTruncationEvenWithAForgedSeal()
    {
        // An attacker who could forge the seal (they cannot: it needs the data key) and dropped the
        // last chunk would still fail: chunk 2 was not encrypted as the final chunk.
        var envelope = await SealAsync(_plaintext, _keys);
        var header = EnvelopeHeader.Parse(envelope.AsSpan(0, Envelope.HeaderSize));
        var dataKey = await _keys.UnwrapKeyAsync(header.Kek, header.WrappedKey, CancellationToken.None);
        using var keys = new EnvelopeKeys(dataKey, envelope.AsSpan(0, EnvelopeFormat.ContextSize));
        var truncatedLength = 3L * SmallChunk;
        var trailer = new byte[EnvelopeTrailer.Size(Digest.Length)];
        EnvelopeTrailer.Write(trailer, System.Text.Encoding.ASCII.GetBytes(Digest), truncatedLength, 3, keys);
        var forged = envelope.Take(ChunkOffset(3)).Concat(trailer).ToArray();

        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(forged), _keys, Digest, CancellationToken.None);
        reader.Length.ShouldBe(truncatedLength);
        (await ReadRangeAsync(forged, _keys, Digest, 0, SmallChunk)).ShouldBe(_plaintext.AsSpan(0, SmallChunk).ToArray());
        (await AssertTamperedAsync(forged, Digest)).ChunkIndex.ShouldBe(2);
    }

    [Fact]
    public async Task UnsealedEnvelopeCannotBeRead()
    {
        // More than one of the writer's output batches, so chunks do reach the destination before it is abandoned.
        var destination = new MemoryStream();
        await using (var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = SmallChunk }, CancellationToken.None))
        {
            await writer.WriteAsync(Plaintext(2 * EnvelopeWriter.OutputBatchBytes));
        }

        destination.Length.ShouldBeGreaterThan(EnvelopeWriter.OutputBatchBytes);
        (await AssertTamperedAsync(destination.ToArray(), Digest)).Field.ShouldBe("Seal");
    }

    [Fact]
    public async Task StreamNeverReturnsBytesOfAChunkThatFailed()
    {
        var envelope = await SealAsync(_plaintext, _keys);
        envelope[ChunkOffset(2) + 10] ^= 0x04;
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, Digest, CancellationToken.None);
        await using var stream = reader.OpenRange();
        var received = new MemoryStream();
        var buffer = new byte[700];
        var ex = await Should.ThrowAsync<EnvelopeTamperedException>(async () =>
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        });
        ex.ChunkIndex.ShouldBe(2);
        received.Length.ShouldBe(2 * SmallChunk);
        received.ToArray().ShouldBe(_plaintext.AsSpan(0, 2 * SmallChunk).ToArray());
    }

    [Fact]
    public async Task EmptyBlobReadVerifiesItsFinalChunk()
    {
        var empty = Array.Empty<byte>();
        var envelope = await SealAsync(empty, _keys);
        envelope[ChunkOffset(0)] ^= 0x01; // the empty chunk's tag
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), _keys, DigestOf(empty), CancellationToken.None);
        reader.Length.ShouldBe(0);
        (await Should.ThrowAsync<EnvelopeTamperedException>(() => reader.CopyToAsync(Stream.Null, CancellationToken.None))).ChunkIndex.ShouldBe(0);
        await using var stream = reader.OpenRange();
        (await Should.ThrowAsync<EnvelopeTamperedException>(async () => (await stream.ReadAsync(new byte[1])).ShouldBe(0))).ChunkIndex.ShouldBe(0);
    }

    /// <summary>Opens and reads the whole envelope; it must fail with <see cref="EnvelopeTamperedException"/>.</summary>
    internal static async Task<EnvelopeTamperedException> AssertTamperedAsync(byte[] envelope, string digest, IKeyProvider keys)
    {
        return await Should.ThrowAsync<EnvelopeTamperedException>(async () =>
        {
            await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope), keys, digest, CancellationToken.None);
            await reader.CopyToAsync(Stream.Null, CancellationToken.None);
        });
    }

    private Task<EnvelopeTamperedException> AssertTamperedAsync(byte[] envelope, string digest) => AssertTamperedAsync(envelope, digest, _keys);
}
