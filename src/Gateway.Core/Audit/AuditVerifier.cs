using System.Text.Json;

namespace Gateway.Core.Audit;

/// <summary>What verifying an export found: the first bad sequence number and why, or success.</summary>
public sealed record AuditVerification(bool Valid, long Records, long Checkpoints, long? FirstBadSequence, string Message, long? PurgedThrough = null);

/// <summary>
/// Offline verification of a JSON Lines export: every record's hash over its canonical form, every link to
/// the previous record, consecutive sequence numbers, and every checkpoint's signature (with the export's
/// key, or a pinned one) over a head hash that matches the record at that sequence. An export that starts after
/// a retention purge carries the purge marker: its signature must verify with the same key, and the first record
/// must be the one right after it and name its hash as the previous hash. Without a marker a full export must
/// start at record 1 from the genesis hash, so deleting the oldest records is caught too.
/// </summary>
public static class AuditVerifier
{
    public static AuditVerification Verify(IEnumerable<string> lines, string? pinnedPublicKeyPem = null)
    {
        string? exportKey = null;
        var filtered = false;
        AuditRecord? previous = null;
        AuditPurgeMarker? purge = null;
        var hashes = new Dictionary<long, string>();
        long records = 0, checkpoints = 0;
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement e;
            try
            {
                using var doc = JsonDocument.Parse(line);
                e = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Bad(records, checkpoints, previous is null ? null : previous.Sequence + 1, $"line {lineNumber} is not JSON");
            }
            switch (e.TryGetProperty("type", out var type) ? type.GetString() : null)
            {
                case "gateway-audit-export":
                    exportKey = e.GetProperty("publicKey").GetString();
                    filtered = e.TryGetProperty("filtered", out var f) && f.GetBoolean();
                    break;
                case "record":
                    AuditRecord record;
                    try
                    {
                        record = new AuditRecord(e.GetProperty("sequence").GetInt64(), e.GetProperty("previousHash").GetString()!,
                            AuditRecord.DeserializeEvent(e.GetProperty("event").GetRawText()), e.GetProperty("hash").GetString()!);
                    }
                    catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                    {
                        return Bad(records, checkpoints, previous is null ? null : previous.Sequence + 1, $"line {lineNumber} is not a well-formed record: {ex.Message}");
                    }
                    if (!record.HashIsValid())
                        return Bad(records, checkpoints, record.Sequence, $"record {record.Sequence} does not match its hash: it was modified");
                    if (previous is null && !filtered && CheckStart(record, purge) is { } startError)
                        return Bad(records, checkpoints, startError.Sequence, startError.Message);
                    if (previous is not null && !filtered)
                    {
                        if (record.Sequence != previous.Sequence + 1)
                            return Bad(records, checkpoints, previous.Sequence + 1,
                                record.Sequence > previous.Sequence ? $"record {previous.Sequence + 1} is missing (next is {record.Sequence})" : $"record {record.Sequence} is out of order after {previous.Sequence}");
                        if (record.PreviousHash != previous.Hash)
                            return Bad(records, checkpoints, record.Sequence, $"record {record.Sequence} does not chain to record {previous.Sequence}: a record was inserted, removed or replaced");
                    }
                    else if (previous is null && record.Sequence == 1 && record.PreviousHash != AuditRecord.GenesisHash)
                    {
                        return Bad(records, checkpoints, 1, "record 1 does not start from the genesis hash");
                    }
                    hashes[record.Sequence] = record.Hash;
                    previous = record;
                    records++;
                    break;
                case "purge":
                    AuditPurgeMarker marker;
                    try
                    {
                        marker = new AuditPurgeMarker(e.GetProperty("sequence").GetInt64(), e.GetProperty("hash").GetString()!, e.GetProperty("count").GetInt64(),
                            DateTimeOffset.Parse(e.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("keyId").GetString()!, e.GetProperty("signature").GetString()!);
                    }
                    catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
                    {
                        return Bad(records, checkpoints, null, $"line {lineNumber} is not a well-formed purge marker: {ex.Message}");
                    }
                    if (previous is not null || purge is not null)
                        return Bad(records, checkpoints, marker.Sequence, $"a purge marker at {marker.Sequence} appears after the export's start: only one, before the first record, is expected");
                    var purgeKey = pinnedPublicKeyPem ?? exportKey;
                    if (purgeKey is null) return Bad(records, checkpoints, marker.Sequence, "a purge marker appears but no public key is known");
                    if (!AuditSigningKey.Verify(purgeKey, marker))
                        return Bad(records, checkpoints, marker.Sequence, $"the purge marker at {marker.Sequence} has an invalid signature (or another key signed it): it was forged or altered");
                    purge = marker;
                    break;
                case "checkpoint":
                    var checkpoint = new AuditCheckpoint(e.GetProperty("sequence").GetInt64(), e.GetProperty("headHash").GetString()!,
                        DateTimeOffset.Parse(e.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("keyId").GetString()!, e.GetProperty("signature").GetString()!);
                    var key = pinnedPublicKeyPem ?? exportKey;
                    if (key is null) return Bad(records, checkpoints, checkpoint.Sequence, "a checkpoint appears but no public key is known");
                    if (!AuditSigningKey.Verify(key, checkpoint))
                        return Bad(records, checkpoints, checkpoint.Sequence, $"the checkpoint at {checkpoint.Sequence} has an invalid signature (or another key signed it)");
                    if (hashes.TryGetValue(checkpoint.Sequence, out var h) && h != checkpoint.HeadHash)
                        return Bad(records, checkpoints, checkpoint.Sequence, $"the signed head at {checkpoint.Sequence} does not match the record: the chain was rewritten");
                    checkpoints++;
                    break;
                default:
                    return Bad(records, checkpoints, null, $"line {lineNumber} has an unknown type");
            }
        }
        if (records > 0 && checkpoints == 0)
            return new AuditVerification(false, records, 0, null, "the chain is consistent but no signed checkpoint covers it, so it could have been rewritten whole");
        var purged = purge is null ? "" : $" from the signed purge marker at {purge.Sequence}";
        return new AuditVerification(true, records, checkpoints, null, filtered
            ? $"{records} records individually intact (filtered export: links between records not checked); {checkpoints} checkpoints verified"
            : $"{records} records chain correctly{purged}; {checkpoints} signed checkpoints verified", purge?.Sequence);
    }

    /// <summary>The first record of a full export: right after the purge marker and chained to its hash, or record 1 from genesis.</summary>
    private static (long Sequence, string Message)? CheckStart(AuditRecord first, AuditPurgeMarker? purge)
    {
        if (purge is null)
        {
            return first.Sequence == 1 ? null
                : (1, $"the export starts at record {first.Sequence} but no signed purge marker accounts for records 1 to {first.Sequence - 1}: they were removed");
        }
        if (first.Sequence != purge.Sequence + 1)
            return (purge.Sequence + 1, $"the purge marker ends at {purge.Sequence} but the first record is {first.Sequence}: a record is missing or the marker belongs elsewhere");
        if (first.PreviousHash != purge.Hash)
            return (first.Sequence, $"record {first.Sequence} does not chain to the signed purge marker at {purge.Sequence}: the marker's hash does not match");
        return null;
    }

    private static AuditVerification Bad(long records, long checkpoints, long? sequence, string message) => new(false, records, checkpoints, sequence, message);
}
