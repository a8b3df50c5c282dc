using System.Security.Cryptography;

namespace Gateway.Core.Encryption;

/// <summary>
/// The stored envelope failed an integrity check: a header field, the wrapped data key, the seal
/// (digest binding) or a chunk did not authenticate, or the file's length does not match its seal.
/// Nothing from a failing chunk is ever returned to the caller.
/// </summary>
public sealed class EnvelopeTamperedException : CryptographicException
{
    public EnvelopeTamperedException(string message, string? field = null, long? chunkIndex = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
        ChunkIndex = chunkIndex;
    }

    /// <summary>The header or trailer field that failed (e.g. "HeaderMac", "WrappedKey", "Seal", "Digest", "Length"), or null for a chunk.</summary>
    public string? Field { get; }

    /// <summary>The index of the chunk that failed authentication, or null when a field failed.</summary>
    public long? ChunkIndex { get; }
}
