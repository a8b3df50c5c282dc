using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Encryption;

/// <summary>
/// The 1024-byte envelope header. Its first 48 bytes (the context: magic, version, suite, flags,
/// chunk size, blob id) never change; the KEK fields and the wrapped key change on rotation, after
/// which the header MAC is recomputed.
/// </summary>
internal sealed class EnvelopeHeader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _context;
    private readonly byte[] _wrappedKey;

    private EnvelopeHeader(byte[] context, int chunkSize, KeyEncryptionKeyRef kek, byte[] wrappedKey)
    {
        _context = context;
        _wrappedKey = wrappedKey;
        ChunkSize = chunkSize;
        Kek = kek;
    }

    public ReadOnlySpan<byte> Context => _context;

    public int ChunkSize { get; }

    public KeyEncryptionKeyRef Kek { get; }

    public ReadOnlyMemory<byte> WrappedKey => _wrappedKey;

    /// <summary>A new header context with a fresh random blob id.</summary>
    public static byte[] CreateContext(int chunkSize)
    {
        var context = new byte[EnvelopeFormat.ContextSize];
        EnvelopeFormat.Magic.CopyTo(context);
        BinaryPrimitives.WriteUInt16BigEndian(context.AsSpan(EnvelopeFormat.VersionOffset), EnvelopeFormat.Version);
        context[EnvelopeFormat.SuiteOffset] = EnvelopeFormat.CipherSuite;
        context[EnvelopeFormat.FlagsOffset] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(context.AsSpan(EnvelopeFormat.ChunkSizeOffset), (uint)chunkSize);
        RandomNumberGenerator.Fill(context.AsSpan(EnvelopeFormat.BlobIdOffset, EnvelopeFormat.BlobIdSize));
        return context;
    }

    /// <summary>Builds a header for a context and a wrapped key; throws when a field exceeds its fixed slot.</summary>
    public static EnvelopeHeader Create(ReadOnlySpan<byte> context, KeyEncryptionKeyRef kek, ReadOnlySpan<byte> wrappedKey)
    {
        ArgumentNullException.ThrowIfNull(kek);
        CheckField("key id", kek.KeyId, EnvelopeFormat.KeyIdCapacity);
        CheckField("key version", kek.Version, EnvelopeFormat.KeyVersionCapacity);
        if (wrappedKey.IsEmpty || wrappedKey.Length > EnvelopeFormat.WrappedKeyCapacity)
        {
            throw new KeyProviderException($"The key provider returned a wrapped key of {wrappedKey.Length} bytes; the envelope header holds 1 to {EnvelopeFormat.WrappedKeyCapacity}.");
        }

        var chunkSize = (int)BinaryPrimitives.ReadUInt32BigEndian(context[EnvelopeFormat.ChunkSizeOffset..]);
        return new EnvelopeHeader(context.ToArray(), chunkSize, kek, wrappedKey.ToArray());
    }

    /// <summary>
    /// Parses the header's structure. Nothing here is authenticated yet (that needs the data key):
    /// the caller must check <see cref="VerifyMac"/> before trusting any field.
    /// </summary>
    public static EnvelopeHeader Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length != EnvelopeFormat.HeaderSize || !header[..EnvelopeFormat.Magic.Length].SequenceEqual(EnvelopeFormat.Magic))
        {
            throw Tampered("Magic", "the file does not start with the envelope magic: not an encrypted blob, or its header was overwritten");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(header[EnvelopeFormat.VersionOffset..]);
        if (version != EnvelopeFormat.Version)
        {
            throw Tampered("FormatVersion", $"unsupported envelope format version {version} (this build reads {EnvelopeFormat.Version})");
        }

        if (header[EnvelopeFormat.SuiteOffset] != EnvelopeFormat.CipherSuite)
        {
            throw Tampered("CipherSuite", $"unknown cipher suite {header[EnvelopeFormat.SuiteOffset]}");
        }

        if (header[EnvelopeFormat.FlagsOffset] != 0)
        {
            throw Tampered("Flags", "reserved flags are not zero");
        }

        var chunkSize = BinaryPrimitives.ReadUInt32BigEndian(header[EnvelopeFormat.ChunkSizeOffset..]);
        if (chunkSize is < EnvelopeOptions.MinChunkSize or > EnvelopeOptions.MaxChunkSize)
        {
            throw Tampered("ChunkSize", $"chunk size {chunkSize} is outside {EnvelopeOptions.MinChunkSize}..{EnvelopeOptions.MaxChunkSize}");
        }

        var keyId = ReadString(header, "KeyId", EnvelopeFormat.KeyIdLengthOffset, EnvelopeFormat.KeyIdOffset, EnvelopeFormat.KeyIdCapacity);
        var keyVersion = ReadString(header, "KeyVersion", EnvelopeFormat.KeyVersionLengthOffset, EnvelopeFormat.KeyVersionOffset, EnvelopeFormat.KeyVersionCapacity);
        var wrapped = ReadField(header, "WrappedKey", EnvelopeFormat.WrappedKeyLengthOffset, EnvelopeFormat.WrappedKeyOffset, EnvelopeFormat.WrappedKeyCapacity);
        if (header[EnvelopeFormat.ReservedOffset..EnvelopeFormat.HeaderMacOffset].ContainsAnyExcept((byte)0))
        {
            throw Tampered("Reserved", "reserved header bytes are not zero");
        }

        return new EnvelopeHeader(
            header[..EnvelopeFormat.ContextSize].ToArray(),
            (int)chunkSize,
            new KeyEncryptionKeyRef(keyId, keyVersion),
            wrapped.ToArray());
    }

    /// <summary>Serializes the header with its MAC into <paramref name="destination"/> (1024 bytes).</summary>
    public void WriteTo(Span<byte> destination, EnvelopeKeys keys)
    {
        var header = destination[..EnvelopeFormat.HeaderSize];
        header.Clear();
        _context.CopyTo(header);
        WriteField(header, EnvelopeFormat.KeyIdLengthOffset, EnvelopeFormat.KeyIdOffset, Encoding.UTF8.GetBytes(Kek.KeyId));
        WriteField(header, EnvelopeFormat.KeyVersionLengthOffset, EnvelopeFormat.KeyVersionOffset, Encoding.UTF8.GetBytes(Kek.Version));
        WriteField(header, EnvelopeFormat.WrappedKeyLengthOffset, EnvelopeFormat.WrappedKeyOffset, _wrappedKey);
        keys.ComputeHeaderMac(header[..EnvelopeFormat.HeaderMacOffset], header[EnvelopeFormat.HeaderMacOffset..]);
    }

    /// <summary>Checks the stored MAC of <paramref name="header"/> (the bytes this instance was parsed from).</summary>
    public static bool VerifyMac(ReadOnlySpan<byte> header, EnvelopeKeys keys)
    {
        Span<byte> expected = stackalloc byte[EnvelopeFormat.MacSize];
        keys.ComputeHeaderMac(header[..EnvelopeFormat.HeaderMacOffset], expected);
        return CryptographicOperations.FixedTimeEquals(expected, header[EnvelopeFormat.HeaderMacOffset..EnvelopeFormat.HeaderSize]);
    }

    internal static EnvelopeTamperedException Tampered(string field, string detail) =>
        new($"Encrypted blob rejected: header field {field} failed validation: {detail}.", field);

    private static void CheckField(string what, string value, int capacity)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes == 0 || bytes > capacity)
        {
            throw new KeyProviderException($"The {what} '{value}' is {bytes} UTF-8 bytes; the envelope header holds 1 to {capacity}.");
        }
    }

    private static ReadOnlySpan<byte> ReadField(ReadOnlySpan<byte> header, string field, int lengthOffset, int offset, int capacity)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[lengthOffset..]);
        if (length == 0 || length > capacity)
        {
            throw Tampered(field, $"length {length} is outside 1..{capacity}");
        }

        if (header.Slice(offset + length, capacity - length).ContainsAnyExcept((byte)0))
        {
            throw Tampered(field, "padding after the value is not zero");
        }

        return header.Slice(offset, length);
    }

    private static string ReadString(ReadOnlySpan<byte> header, string field, int lengthOffset, int offset, int capacity)
    {
        var bytes = ReadField(header, field, lengthOffset, offset, capacity);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Tampered(field, "value is not valid UTF-8");
        }
    }

    private static void WriteField(Span<byte> header, int lengthOffset, int offset, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(header[lengthOffset..], (ushort)value.Length);
        value.CopyTo(header[offset..]);
    }
}
