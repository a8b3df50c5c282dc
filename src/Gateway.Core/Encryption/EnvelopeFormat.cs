namespace Gateway.Core.Encryption;

/// <summary>
/// Sizes and offsets of the envelope format, version 1. README.md beside this file is the
/// byte-by-byte description; keep both in step.
/// </summary>
internal static class EnvelopeFormat
{
    public const ushort Version = 1;

    /// <summary>AES-256-GCM chunks, HKDF-SHA256 key derivation, HMAC-SHA256 header MAC and seal.</summary>
    public const byte CipherSuite = 1;

    public const int HeaderSize = 1024;
    public const int ContextSize = 48;
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int AadSize = ContextSize + 8 + 1;
    public const int DataKeySize = 32;
    public const int BlobIdSize = 32;
    public const int MacSize = 32;
    public const int FooterSize = 64;
    public const int MaxDigestBytes = 1024;

    // Header offsets.
    public const int MagicOffset = 0;
    public const int VersionOffset = 8;
    public const int SuiteOffset = 10;
    public const int FlagsOffset = 11;
    public const int ChunkSizeOffset = 12;
    public const int BlobIdOffset = 16;
    public const int KeyIdLengthOffset = 48;
    public const int KeyIdOffset = 50;
    public const int KeyIdCapacity = 256;
    public const int KeyVersionLengthOffset = 306;
    public const int KeyVersionOffset = 308;
    public const int KeyVersionCapacity = 64;
    public const int WrappedKeyLengthOffset = 372;
    public const int WrappedKeyOffset = 374;
    public const int WrappedKeyCapacity = 512;
    public const int ReservedOffset = 886;
    public const int HeaderMacOffset = HeaderSize - MacSize;

    // Footer offsets, relative to the footer's start (the last FooterSize bytes of the envelope).
    public const int FooterPlaintextLengthOffset = 0;
    public const int FooterChunkCountOffset = 8;
    public const int FooterDigestLengthOffset = 16;
    public const int FooterReservedOffset = 18;
    public const int FooterMacOffset = 24;
    public const int FooterMagicOffset = 56;

    /// <summary>"GWENV\r\n\x1A": the CR-LF and ^Z catch text-mode mangling, as PNG's signature does.</summary>
    public static ReadOnlySpan<byte> Magic => "GWENV\r\n\x1A"u8;

    /// <summary>Ends every sealed envelope; an unsealed (abandoned) one lacks it.</summary>
    public static ReadOnlySpan<byte> SealMagic => "GWSEAL\r\n"u8;

    /// <summary>Chunks in a blob: an empty blob still has one (empty, final) chunk so it carries a tag.</summary>
    public static long ChunkCount(long plaintextLength, int chunkSize) =>
        plaintextLength == 0 ? 1 : ((plaintextLength - 1) / chunkSize) + 1;

    public static long ChunkOffset(long index, int chunkSize) => HeaderSize + (index * ((long)chunkSize + TagSize));

    public static int ChunkPlaintextLength(long index, long plaintextLength, int chunkSize) =>
        (int)Math.Min(chunkSize, plaintextLength - (index * chunkSize));

    public static long EnvelopeLength(long plaintextLength, int chunkSize, int digestBytes) =>
        HeaderSize + plaintextLength + (ChunkCount(plaintextLength, chunkSize) * TagSize) + digestBytes + FooterSize;
}
