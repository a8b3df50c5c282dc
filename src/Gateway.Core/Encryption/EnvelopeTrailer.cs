using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Core.Encryption;

/// <summary>
/// The seal written after the last chunk: the digest, then a fixed 64-byte footer holding the
/// plaintext length, chunk count, digest length, the seal MAC and the seal magic. Written once, when
/// the digest has been verified; an envelope without it is an abandoned upload and never readable.
/// </summary>
internal static class EnvelopeTrailer
{
    public static int Size(int digestBytes) => digestBytes + EnvelopeFormat.FooterSize;

    /// <summary>Writes digest and footer into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> digest, long plaintextLength, long chunkCount, EnvelopeKeys keys)
    {
        var size = Size(digest.Length);
        var trailer = destination[..size];
        trailer.Clear();
        digest.CopyTo(trailer);
        var footer = trailer[digest.Length..];
        BinaryPrimitives.WriteUInt64BigEndian(footer[EnvelopeFormat.FooterPlaintextLengthOffset..], (ulong)plaintextLength);
        BinaryPrimitives.WriteUInt64BigEndian(footer[EnvelopeFormat.FooterChunkCountOffset..], (ulong)chunkCount);
        BinaryPrimitives.WriteUInt16BigEndian(footer[EnvelopeFormat.FooterDigestLengthOffset..], (ushort)digest.Length);
        keys.ComputeSealMac(plaintextLength, chunkCount, digest, footer.Slice(EnvelopeFormat.FooterMacOffset, EnvelopeFormat.MacSize));
        EnvelopeFormat.SealMagic.CopyTo(footer[EnvelopeFormat.FooterMagicOffset..]);
        return size;
    }

    /// <summary>
    /// Parses the footer and checks it against the file's length and the header's chunk size. Not yet
    /// authenticated: <see cref="VerifySeal"/> must pass before the values are trusted.
    /// </summary>
    public static (long PlaintextLength, long ChunkCount, int DigestLength) ParseFooter(ReadOnlySpan<byte> footer, long envelopeLength, int chunkSize)
    {
        if (!footer[EnvelopeFormat.FooterMagicOffset..].SequenceEqual(EnvelopeFormat.SealMagic))
        {
            throw Tampered("Seal", "the envelope does not end with a seal: it was truncated, extended, or never sealed");
        }

        if (footer[EnvelopeFormat.FooterReservedOffset..EnvelopeFormat.FooterMacOffset].ContainsAnyExcept((byte)0))
        {
            throw Tampered("Seal", "reserved seal bytes are not zero");
        }

        var digestLength = BinaryPrimitives.ReadUInt16BigEndian(footer[EnvelopeFormat.FooterDigestLengthOffset..]);
        if (digestLength is 0 or > EnvelopeFormat.MaxDigestBytes)
        {
            throw Tampered("Seal", $"digest length {digestLength} is outside 1..{EnvelopeFormat.MaxDigestBytes}");
        }

        var plaintextLength = BinaryPrimitives.ReadUInt64BigEndian(footer[EnvelopeFormat.FooterPlaintextLengthOffset..]);
        var chunkCount = BinaryPrimitives.ReadUInt64BigEndian(footer[EnvelopeFormat.FooterChunkCountOffset..]);

        // Bound the values by the file's own length before any arithmetic on them can overflow.
        if (plaintextLength >= (ulong)envelopeLength
            || chunkCount != (ulong)EnvelopeFormat.ChunkCount((long)plaintextLength, chunkSize)
            || EnvelopeFormat.EnvelopeLength((long)plaintextLength, chunkSize, digestLength) != envelopeLength)
        {
            throw Tampered("Length", $"the file is {envelopeLength} bytes but its seal describes {plaintextLength} plaintext bytes in {chunkCount} chunks: chunks were removed, added or cut");
        }

        return ((long)plaintextLength, (long)chunkCount, digestLength);
    }

    public static bool VerifySeal(ReadOnlySpan<byte> footer, ReadOnlySpan<byte> digest, long plaintextLength, long chunkCount, EnvelopeKeys keys)
    {
        Span<byte> expected = stackalloc byte[EnvelopeFormat.MacSize];
        keys.ComputeSealMac(plaintextLength, chunkCount, digest, expected);
        return CryptographicOperations.FixedTimeEquals(expected, footer.Slice(EnvelopeFormat.FooterMacOffset, EnvelopeFormat.MacSize));
    }

    private static EnvelopeTamperedException Tampered(string field, string detail) =>
        new($"Encrypted blob rejected: {field} check failed: {detail}.", field);
}
