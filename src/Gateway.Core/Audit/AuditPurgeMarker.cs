using System.Text;

namespace Gateway.Core.Audit;

/// <summary>
/// A signed statement that the records up to and including <see cref="Sequence"/> were deleted by retention,
/// the last of them having hash <see cref="Hash"/>. The first remaining record names that hash as its previous
/// hash, so an export that starts after a purge still chains from something the key vouches for.
/// </summary>
public sealed record AuditPurgeMarker(long Sequence, string Hash, long Count, DateTimeOffset Time, string KeyId, string Signature)
{
    /// <summary>
    /// The bytes the signature covers. The domain prefix differs from a checkpoint's, so a checkpoint signature
    /// (over the same sequence and hash) can never be passed off as a purge marker.
    /// </summary>
    public static byte[] SignedBytes(long sequence, string hash, long count, DateTimeOffset time) =>
        Encoding.UTF8.GetBytes($"gateway-audit-purge\n{sequence}\n{hash}\n{count}\n{time.ToUniversalTime():O}");
}
