using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Core.Audit;

/// <summary>
/// An event in the chain: its sequence number, the hash of the previous record and its own hash over the
/// canonical form (sequence, previous hash and every event field, in a fixed order, compact JSON, UTF-8).
/// Changing, removing, inserting or reordering any record breaks every hash after it.
/// </summary>
public sealed record AuditRecord(long Sequence, string PreviousHash, AuditEvent Event, string Hash)
{
    /// <summary>The hash a chain starts from.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly JsonSerializerOptions CanonicalOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static AuditRecord Create(long sequence, string previousHash, AuditEvent e) =>
        new(sequence, previousHash, e, ComputeHash(sequence, previousHash, e));

    /// <summary>The canonical bytes the hash covers.</summary>
    public static byte[] Canonical(long sequence, string previousHash, AuditEvent e)
    {
        var body = JsonSerializer.Serialize(e with { Time = e.Time.ToUniversalTime() }, CanonicalOptions);
        return Encoding.UTF8.GetBytes($"{{\"sequence\":{sequence},\"previousHash\":\"{previousHash}\",\"event\":{body}}}");
    }

    public static string ComputeHash(long sequence, string previousHash, AuditEvent e) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(sequence, previousHash, e)));

    public bool HashIsValid() => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Hash), Encoding.ASCII.GetBytes(ComputeHash(Sequence, PreviousHash, Event)));

    public static string SerializeEvent(AuditEvent e) => JsonSerializer.Serialize(e, CanonicalOptions);

    public static AuditEvent DeserializeEvent(string json) =>
        JsonSerializer.Deserialize<AuditEvent>(json, CanonicalOptions) ?? throw new JsonException("empty audit event");
}

/// <summary>A signed statement that the chain's head at <see cref="Sequence"/> was <see cref="HeadHash"/>.</summary>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, DateTimeOffset Time, string KeyId, string Signature)
{
    public static byte[] SignedBytes(long sequence, string headHash, DateTimeOffset time) =>
        Encoding.UTF8.GetBytes($"gateway-audit-checkpoint\n{sequence}\n{headHash}\n{time.ToUniversalTime():O}");
}
