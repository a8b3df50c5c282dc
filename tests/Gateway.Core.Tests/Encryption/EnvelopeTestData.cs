using System.Security.Cryptography;
using Gateway.Core.Encryption;

namespace Gateway.Core.Tests.Encryption;

/// <summary>Builders shared by the envelope tests.</summary>
internal static class EnvelopeTestData
{
    public const int SmallChunk = EnvelopeOptions.MinChunkSize;

    /// <summary>A development provider over fresh random keys for the given versions (current = last).</summary>
    public static DevelopmentKeyProvider Keys(params string[] versions)
    {
        if (versions.Length == 0)
        {
            versions = ["1"];
        }

        return new DevelopmentKeyProvider(
            DevelopmentKeyProvider.DefaultKeyId,
            versions.ToDictionary(v => v, _ => RandomNumberGenerator.GetBytes(32)),
            versions[^1]);
    }

    public static byte[] Plaintext(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string DigestOf(ReadOnlySpan<byte> plaintext) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(plaintext));

    /// <summary>Encrypts <paramref name="plaintext"/>, writing it in pieces of <paramref name="writeSize"/> bytes.</summary>
    public static async Task<byte[]> SealAsync(byte[] plaintext, IKeyProvider keys, int chunkSize = SmallChunk, int writeSize = 997, string? digest = null)
    {
        using var destination = new MemoryStream();
        await using (var writer = await EnvelopeWriter.CreateAsync(destination, keys, new EnvelopeOptions { ChunkSize = chunkSize }, CancellationToken.None))
        {
            for (var at = 0; at < plaintext.Length; at += writeSize)
            {
                await writer.WriteAsync(plaintext.AsMemory(at, Math.Min(writeSize, plaintext.Length - at)));
            }

            writer.BytesWritten.ShouldBe(plaintext.Length);
            await writer.SealAsync(digest ?? DigestOf(plaintext), CancellationToken.None);
        }

        return destination.ToArray();
    }

    public static async Task<byte[]> ReadAllAsync(byte[] envelope, IKeyProvider keys, string digest)
    {
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope, writable: false), keys, digest, CancellationToken.None);
        var output = new MemoryStream();
        await reader.CopyToAsync(output, CancellationToken.None);
        return output.ToArray();
    }

    public static async Task<byte[]> ReadRangeAsync(byte[] envelope, IKeyProvider keys, string digest, long offset, long length)
    {
        await using var reader = await EnvelopeReader.OpenAsync(new MemoryStream(envelope, writable: false), keys, digest, CancellationToken.None);
        var output = new MemoryStream();
        await reader.CopyRangeToAsync(output, offset, length, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Offset of chunk <paramref name="index"/> in an envelope.</summary>
    public static int ChunkOffset(long index, int chunkSize = SmallChunk) => (int)EnvelopeFormat.ChunkOffset(index, chunkSize);

    public static int StoredChunkSize(int chunkSize = SmallChunk) => chunkSize + EnvelopeFormat.TagSize;
}
