using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Core.Encryption;

/// <summary>Envelope-wide operations: sizes, key inspection and KEK rotation (re-wrapping).</summary>
public static class Envelope
{
    /// <summary>Bytes of the fixed header at the start of every envelope; rotation rewrites only these.</summary>
    public const int HeaderSize = EnvelopeFormat.HeaderSize;

    /// <summary>Stored size of a blob of <paramref name="plaintextLength"/> bytes sealed with <paramref name="digest"/>.</summary>
    public static long GetEnvelopeLength(long plaintextLength, string digest, int chunkSize = EnvelopeOptions.DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        ArgumentException.ThrowIfNullOrEmpty(digest);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, EnvelopeOptions.MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, EnvelopeOptions.MaxChunkSize);
        return EnvelopeFormat.EnvelopeLength(plaintextLength, chunkSize, Encoding.UTF8.GetByteCount(digest));
    }

    /// <summary>
    /// The KEK named in an envelope's header, read without unwrapping anything: unauthenticated, for
    /// finding envelopes that still need rotation. Reads from the stream's current position.
    /// </summary>
    public static async Task<KeyEncryptionKeyRef> ReadKeyReferenceAsync(Stream envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var header = ArrayPool<byte>.Shared.Rent(HeaderSize);
        try
        {
            await ReadHeaderAsync(envelope, header, cancellationToken).ConfigureAwait(false);
            return EnvelopeHeader.Parse(header.AsSpan(0, HeaderSize)).Kek;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <summary>Re-wraps the data key of an envelope under <paramref name="newKek"/> of the same provider. See the other overload.</summary>
    public static Task<bool> RewrapAsync(Stream envelope, IKeyProvider keys, KeyEncryptionKeyRef newKek, CancellationToken cancellationToken) =>
        RewrapAsync(envelope, keys, keys, newKek, cancellationToken);

    /// <summary>
    /// KEK rotation: rewrites, in place, only the header of a read/write seekable envelope (wrapped
    /// key, KEK id and version, header MAC). Chunks and seal are untouched. Returns false when the
    /// envelope was already wrapped with <paramref name="newKek"/>. The new wrapping is unwrapped
    /// and compared before anything is written, so a faulty provider cannot make a blob unreadable.
    /// </summary>
    /// <exception cref="EnvelopeTamperedException">The existing header does not authenticate.</exception>
    public static async Task<bool> RewrapAsync(Stream envelope, IKeyProvider unwrapWith, IKeyProvider wrapWith, KeyEncryptionKeyRef newKek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.CanRead || !envelope.CanWrite || !envelope.CanSeek)
        {
            throw new ArgumentException("Re-wrapping in place needs a readable, writable, seekable stream.", nameof(envelope));
        }

        var header = ArrayPool<byte>.Shared.Rent(HeaderSize);
        try
        {
            envelope.Position = 0;
            await ReadHeaderAsync(envelope, header, cancellationToken).ConfigureAwait(false);
            var rewritten = await RewrapHeaderAsync(header.AsMemory(0, HeaderSize), unwrapWith, wrapWith, newKek, cancellationToken).ConfigureAwait(false);
            if (rewritten is null)
            {
                return false;
            }

            envelope.Position = 0;
            await envelope.WriteAsync(rewritten, cancellationToken).ConfigureAwait(false);
            await envelope.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }
    }

    /// <summary>
    /// The header-only form of rotation, for stores that cannot patch a file in place: given the
    /// first <see cref="HeaderSize"/> bytes of an envelope, returns the replacement header, or null
    /// when it is already wrapped with <paramref name="newKek"/>.
    /// </summary>
    public static async Task<byte[]?> RewrapHeaderAsync(ReadOnlyMemory<byte> header, IKeyProvider unwrapWith, IKeyProvider wrapWith, KeyEncryptionKeyRef newKek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unwrapWith);
        ArgumentNullException.ThrowIfNull(wrapWith);
        ArgumentNullException.ThrowIfNull(newKek);
        if (header.Length != HeaderSize)
        {
            throw new ArgumentException($"An envelope header is {HeaderSize} bytes.", nameof(header));
        }

        var parsed = EnvelopeHeader.Parse(header.Span);
        if (parsed.Kek == newKek)
        {
            return null;
        }

        byte[]? dataKey = null;
        byte[]? check = null;
        try
        {
            try
            {
                dataKey = await unwrapWith.UnwrapKeyAsync(parsed.Kek, parsed.WrappedKey, cancellationToken).ConfigureAwait(false);
            }
            catch (CryptographicException ex)
            {
                throw new EnvelopeTamperedException($"Encrypted blob not re-wrapped: header field WrappedKey failed validation under key-encryption key '{parsed.Kek}'.", "WrappedKey", innerException: ex);
            }

            if (dataKey.Length != EnvelopeFormat.DataKeySize)
            {
                throw EnvelopeHeader.Tampered("WrappedKey", $"the unwrapped data key is {dataKey.Length} bytes, not {EnvelopeFormat.DataKeySize}");
            }

            using var keys = new EnvelopeKeys(dataKey, parsed.Context);
            if (!EnvelopeHeader.VerifyMac(header.Span, keys))
            {
                throw EnvelopeHeader.Tampered("HeaderMac", "the header MAC does not match: a header field was modified");
            }

            var wrapped = await wrapWith.WrapKeyAsync(newKek, dataKey, cancellationToken).ConfigureAwait(false);
            var rewrapped = EnvelopeHeader.Create(parsed.Context, newKek, wrapped);
            check = await wrapWith.UnwrapKeyAsync(newKek, wrapped, cancellationToken).ConfigureAwait(false);
            if (!CryptographicOperations.FixedTimeEquals(check, dataKey))
            {
                throw new KeyProviderException($"Key provider '{wrapWith.Name}' wrapped the data key under '{newKek}' but does not unwrap it back; the envelope was left unchanged.");
            }

            var result = new byte[HeaderSize];
            rewrapped.WriteTo(result, keys);
            return result;
        }
        finally
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey);
            }

            if (check is not null)
            {
                CryptographicOperations.ZeroMemory(check);
            }
        }
    }

    private static async Task ReadHeaderAsync(Stream envelope, byte[] header, CancellationToken cancellationToken)
    {
        try
        {
            await envelope.ReadExactlyAsync(header.AsMemory(0, HeaderSize), cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException ex)
        {
            throw new EnvelopeTamperedException("Encrypted blob rejected: Length check failed: the file is shorter than an envelope header.", "Length", innerException: ex);
        }
    }
}
