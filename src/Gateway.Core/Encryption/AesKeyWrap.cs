using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gateway.Core.Encryption;

/// <summary>
/// AES Key Wrap, RFC 3394 (Key Vault's "A256KW"), built on single-block AES-ECB because .NET has no
/// RFC 3394 primitive. Inputs are whole 64-bit blocks, at least two of them; data keys are 32 bytes.
/// </summary>
internal static class AesKeyWrap
{
    private const int BlockBytes = 8;

    /// <summary>RFC 3394 §2.2.3.1 default initial value.</summary>
    private const ulong DefaultIv = 0xA6A6A6A6A6A6A6A6UL;

    public static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> plaintext)
    {
        CheckKek(kek);
        if (plaintext.Length < 2 * BlockBytes || plaintext.Length % BlockBytes != 0)
        {
            throw new ArgumentException("AES key wrap needs a multiple of 8 bytes, at least 16.", nameof(plaintext));
        }

        var n = plaintext.Length / BlockBytes;
        var output = new byte[plaintext.Length + BlockBytes];
        plaintext.CopyTo(output.AsSpan(BlockBytes));
        var a = DefaultIv;
        Span<byte> block = stackalloc byte[16];
        using var aes = CreateAes(kek);
        try
        {
            // RFC 3394 §2.2.1, index-based form: R[i] lives at output[8*i .. 8*i+8].
            for (var j = 0; j < 6; j++)
            {
                for (var i = 1; i <= n; i++)
                {
                    var r = output.AsSpan(i * BlockBytes, BlockBytes);
                    BinaryPrimitives.WriteUInt64BigEndian(block, a);
                    r.CopyTo(block[BlockBytes..]);
                    aes.EncryptEcb(block, block, PaddingMode.None);
                    a = BinaryPrimitives.ReadUInt64BigEndian(block) ^ (ulong)((n * j) + i);
                    block[BlockBytes..].CopyTo(r);
                }
            }

            BinaryPrimitives.WriteUInt64BigEndian(output, a);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>Unwraps; throws <see cref="CryptographicException"/> when the integrity check fails.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped)
    {
        CheckKek(kek);
        if (wrapped.Length < 3 * BlockBytes || wrapped.Length % BlockBytes != 0)
        {
            throw new CryptographicException("Wrapped key has an invalid length for AES key wrap.");
        }

        var n = (wrapped.Length / BlockBytes) - 1;
        var output = new byte[n * BlockBytes];
        wrapped[BlockBytes..].CopyTo(output);
        var a = BinaryPrimitives.ReadUInt64BigEndian(wrapped);
        Span<byte> block = stackalloc byte[16];
        using var aes = CreateAes(kek);
        try
        {
            // RFC 3394 §2.2.2; R[i] lives at output[8*(i-1) .. 8*i].
            for (var j = 5; j >= 0; j--)
            {
                for (var i = n; i >= 1; i--)
                {
                    var r = output.AsSpan((i - 1) * BlockBytes, BlockBytes);
                    BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)((n * j) + i));
                    r.CopyTo(block[BlockBytes..]);
                    aes.DecryptEcb(block, block, PaddingMode.None);
                    a = BinaryPrimitives.ReadUInt64BigEndian(block);
                    block[BlockBytes..].CopyTo(r);
                }
            }

            Span<byte> expected = stackalloc byte[BlockBytes];
            Span<byte> actual = stackalloc byte[BlockBytes];
            BinaryPrimitives.WriteUInt64BigEndian(expected, DefaultIv);
            BinaryPrimitives.WriteUInt64BigEndian(actual, a);
            if (!CryptographicOperations.FixedTimeEquals(expected, actual))
            {
                CryptographicOperations.ZeroMemory(output);
                throw new CryptographicException("AES key unwrap integrity check failed: the wrapped key was modified or wrapped with another key.");
            }

            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    private static void CheckKek(ReadOnlySpan<byte> kek)
    {
        if (kek.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES key-encryption key is 16, 24 or 32 bytes.", nameof(kek));
        }
    }

    private static Aes CreateAes(ReadOnlySpan<byte> kek)
    {
        var aes = Aes.Create();
        aes.SetKey(kek);
        return aes;
    }
}
