using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// NaCl crypto_secretbox (XSalsa20-Poly1305), as sigstore uses for encrypted keys. One XSalsa20 key stream:
/// its first 32 bytes are the one-time Poly1305 key, the rest encrypts the message; the box is tag(16) || ciphertext.
/// </summary>
internal static class SecretBox
{
    public const int KeySize = 32;
    public const int NonceSize = 24;
    private const int TagSize = 16;

    public static byte[] Seal(byte[] key, byte[] nonce, byte[] message)
    {
        var (stream, macKey) = Start(key, nonce);
        var box = new byte[TagSize + message.Length];
        stream.ProcessBytes(message, 0, message.Length, box, TagSize);
        Tag(macKey, box.AsSpan(TagSize)).CopyTo(box, 0);
        return box;
    }

    /// <returns>The message, or null when the box was not sealed with this key and nonce (or was altered).</returns>
    public static byte[]? Open(byte[] key, byte[] nonce, byte[] box)
    {
        if (box.Length < TagSize) return null;
        var (stream, macKey) = Start(key, nonce);
        var expected = Tag(macKey, box.AsSpan(TagSize));
        if (!CryptographicOperations.FixedTimeEquals(expected, box.AsSpan(0, TagSize))) return null;
        var message = new byte[box.Length - TagSize];
        stream.ProcessBytes(box, TagSize, message.Length, message, 0);
        return message;
    }

    private static (XSalsa20Engine Stream, byte[] MacKey) Start(byte[] key, byte[] nonce)
    {
        if (key.Length != KeySize) throw new ArgumentException($"secretbox key must be {KeySize} bytes", nameof(key));
        if (nonce.Length != NonceSize) throw new ArgumentException($"secretbox nonce must be {NonceSize} bytes", nameof(nonce));
        var stream = new XSalsa20Engine();
        stream.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var macKey = new byte[32];
        stream.ProcessBytes(new byte[32], 0, 32, macKey, 0);
        return (stream, macKey);
    }

    private static byte[] Tag(byte[] macKey, ReadOnlySpan<byte> ciphertext)
    {
        var mac = new Poly1305();
        mac.Init(new KeyParameter(macKey));
        mac.BlockUpdate(ciphertext);
        var tag = new byte[TagSize];
        mac.DoFinal(tag, 0);
        return tag;
    }
}
