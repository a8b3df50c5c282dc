using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Core.Encryption;

/// <summary>
/// The keys one envelope uses, derived from its data key with HKDF-SHA256 (salt = the header's
/// immutable context, so they are bound to the blob id and chunk size): the AES-256-GCM chunk key,
/// the header MAC key and the seal MAC key. Separate keys keep the three uses from ever being confused.
/// </summary>
internal sealed class EnvelopeKeys : IDisposable
{
    private readonly AesGcm _chunkCipher;
    private readonly byte[] _headerMacKey = new byte[EnvelopeFormat.MacSize];
    private readonly byte[] _sealMacKey = new byte[EnvelopeFormat.MacSize];
    private readonly byte[] _context;
    private bool _disposed;

    public EnvelopeKeys(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> context)
    {
        if (dataKey.Length != EnvelopeFormat.DataKeySize || context.Length != EnvelopeFormat.ContextSize)
        {
            throw new ArgumentException("Data key or header context has the wrong size.");
        }

        _context = context.ToArray();
        Span<byte> chunkKey = stackalloc byte[EnvelopeFormat.DataKeySize];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, chunkKey, context, "gateway envelope v1 chunk key"u8);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _headerMacKey, context, "gateway envelope v1 header mac"u8);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _sealMacKey, context, "gateway envelope v1 seal mac"u8);
            _chunkCipher = new AesGcm(chunkKey, EnvelopeFormat.TagSize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(chunkKey);
        }
    }

    public ReadOnlySpan<byte> Context => _context;

    /// <summary>Encrypts one chunk into <paramref name="destination"/> as ciphertext followed by its 16-byte tag.</summary>
    public void EncryptChunk(long index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[EnvelopeFormat.NonceSize];
        Span<byte> aad = stackalloc byte[EnvelopeFormat.AadSize];
        WriteNonceAndAad(index, final, nonce, aad);
        _chunkCipher.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, EnvelopeFormat.TagSize), aad);
    }

    /// <summary>
    /// Decrypts one chunk (ciphertext followed by tag). False when it does not authenticate; the
    /// plaintext buffer is then cleared, so no unauthenticated byte can leak out.
    /// </summary>
    public bool TryDecryptChunk(long index, bool final, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> nonce = stackalloc byte[EnvelopeFormat.NonceSize];
        Span<byte> aad = stackalloc byte[EnvelopeFormat.AadSize];
        WriteNonceAndAad(index, final, nonce, aad);
        var length = ciphertextAndTag.Length - EnvelopeFormat.TagSize;
        try
        {
            _chunkCipher.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    /// <summary>HMAC-SHA256 over the header's first 992 bytes (everything but the MAC itself).</summary>
    public void ComputeHeaderMac(ReadOnlySpan<byte> headerWithoutMac, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        HMACSHA256.HashData(_headerMacKey, headerWithoutMac, mac);
    }

    /// <summary>HMAC-SHA256 over context ‖ plaintext length ‖ chunk count ‖ digest length ‖ digest: binds the digest to this blob.</summary>
    public void ComputeSealMac(long plaintextLength, long chunkCount, ReadOnlySpan<byte> digest, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> input = stackalloc byte[EnvelopeFormat.ContextSize + 18 + EnvelopeFormat.MaxDigestBytes];
        _context.CopyTo(input);
        var at = EnvelopeFormat.ContextSize;
        BinaryPrimitives.WriteUInt64BigEndian(input[at..], (ulong)plaintextLength);
        BinaryPrimitives.WriteUInt64BigEndian(input[(at + 8)..], (ulong)chunkCount);
        BinaryPrimitives.WriteUInt16BigEndian(input[(at + 16)..], (ushort)digest.Length);
        digest.CopyTo(input[(at + 18)..]);
        HMACSHA256.HashData(_sealMacKey, input[..(at + 18 + digest.Length)], mac);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _chunkCipher.Dispose();
        CryptographicOperations.ZeroMemory(_headerMacKey);
        CryptographicOperations.ZeroMemory(_sealMacKey);
    }

    /// <summary>
    /// Nonce = chunk index (u64 BE) ‖ 00 00 00 ‖ final flag; AAD = context ‖ index (u64 BE) ‖ final flag.
    /// The key is unique per blob, so a nonce never repeats under a key; index and flag sit in both so a
    /// moved or re-flagged chunk fails its tag.
    /// </summary>
    private void WriteNonceAndAad(long index, bool final, Span<byte> nonce, Span<byte> aad)
    {
        var flag = final ? (byte)1 : (byte)0;
        nonce.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce, (ulong)index);
        nonce[^1] = flag;
        _context.CopyTo(aad);
        BinaryPrimitives.WriteUInt64BigEndian(aad[EnvelopeFormat.ContextSize..], (ulong)index);
        aad[^1] = flag;
    }
}
