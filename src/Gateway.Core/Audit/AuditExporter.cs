using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Core.Audit;

public enum AuditExportFormat
{
    /// <summary>JSON Lines with the chain proof (header with the public key, records, signed checkpoints): verifiable offline.</summary>
    Jsonl,
    /// <summary>Flat CSV for spreadsheets (RFC 4180 quoting, formula injection neutralised).</summary>
    Csv,
    /// <summary>OCSF 1.1 API Activity (class 6003) events, one JSON object per line, for SIEMs.</summary>
    Ocsf,
}

/// <summary>Streams audit records to a writer in one of the export formats.</summary>
public static class AuditExporter
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] CsvColumns =
        ["sequence", "time", "operation", "result", "identity", "identity_type", "tenant", "caller_address", "user_agent", "repository", "tag", "digest", "media_type", "size", "reason", "correlation_id", "hash"];

    /// <param name="purgeMarker">
    /// Looks up the purge marker through a sequence (<see cref="IAuditStore.GetPurgeMarkerAsync"/>). A JSON Lines
    /// export whose first record is not record 1 carries the marker of the purge that made it first, looked up
    /// only once that record is read, so a purge running meanwhile cannot leave the export without its marker.
    /// </param>
    public static async Task<long> WriteAsync(TextWriter writer, IAsyncEnumerable<AuditRecord> records, IReadOnlyList<AuditCheckpoint> checkpoints,
        Func<long, CancellationToken, Task<AuditPurgeMarker?>>? purgeMarker, AuditExportFormat format, string publicKeyPem, string keyId, bool filtered,
        CancellationToken cancellationToken)
    {
        long count = 0;
        if (format == AuditExportFormat.Jsonl)
        {
            await writer.WriteLineAsync(new JsonObject { ["type"] = "gateway-audit-export", ["version"] = 1, ["keyId"] = keyId, ["publicKey"] = publicKeyPem, ["filtered"] = filtered }.ToJsonString(Compact));
        }
        else if (format == AuditExportFormat.Csv)
        {
            await writer.WriteLineAsync(string.Join(',', CsvColumns));
        }
        long first = -1, last = -1;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (first < 0)
            {
                first = record.Sequence;
                if (format == AuditExportFormat.Jsonl && first > 1 && purgeMarker is not null && await purgeMarker(first - 1, cancellationToken) is { } marker)
                    await writer.WriteLineAsync(Purge(marker));
            }
            last = record.Sequence;
            count++;
            await writer.WriteLineAsync(format switch
            {
                AuditExportFormat.Jsonl => Jsonl(record),
                AuditExportFormat.Csv => Csv(record),
                _ => Ocsf(record),
            });
        }
        if (format == AuditExportFormat.Jsonl)
        {
            foreach (var c in checkpoints.Where(c => c.Sequence >= first && c.Sequence <= last))
            {
                await writer.WriteLineAsync(new JsonObject
                {
                    ["type"] = "checkpoint", ["sequence"] = c.Sequence, ["headHash"] = c.HeadHash, ["time"] = c.Time.ToString("O"), ["keyId"] = c.KeyId, ["signature"] = c.Signature,
                }.ToJsonString(Compact));
            }
        }
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static string Purge(AuditPurgeMarker m) => new JsonObject
    {
        ["type"] = "purge", ["sequence"] = m.Sequence, ["hash"] = m.Hash, ["count"] = m.Count, ["time"] = m.Time.ToString("O"), ["keyId"] = m.KeyId, ["signature"] = m.Signature,
    }.ToJsonString(Compact);

    private static string Jsonl(AuditRecord r) =>
        $"{{\"type\":\"record\",\"sequence\":{r.Sequence},\"previousHash\":\"{r.PreviousHash}\",\"hash\":\"{r.Hash}\",\"event\":{AuditRecord.SerializeEvent(r.Event)}}}";

    private static string Csv(AuditRecord r)
    {
        var e = r.Event;
        string?[] values =
        [
            r.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Time.ToUniversalTime().ToString("O"), e.Operation, e.Result, e.Identity, e.IdentityType, e.Tenant,
            e.CallerAddress, e.UserAgent, e.Repository, e.Tag, e.Digest, e.MediaType, e.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Reason, e.CorrelationId, r.Hash,
        ];
        return string.Join(',', values.Select(CsvField));
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ (a spreadsheet formula) is prefixed with a quote so a hostile value stays text.</summary>
    internal static string CsvField(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Ocsf(AuditRecord r) => r.Event.Operation is "login" or "token" ? OcsfAuthentication(r) : OcsfApiActivity(r);

    /// <summary>Logins and token issues as OCSF 1.1 Authentication (class 3002, activity 1 Logon).</summary>
    private static string OcsfAuthentication(AuditRecord r)
    {
        var e = r.Event;
        var success = e.Result is "succeeded";
        var o = new JsonObject
        {
            ["class_uid"] = 3002,
            ["class_name"] = "Authentication",
            ["category_uid"] = 3,
            ["category_name"] = "Identity & Access Management",
            ["activity_id"] = 1,
            ["activity_name"] = "Logon",
            ["type_uid"] = 300201,
            ["severity_id"] = success ? 1 : 3,
            ["status"] = success ? "Success" : "Failure",
            ["status_id"] = success ? 1 : 2,
            ["status_detail"] = e.Reason,
            ["time"] = e.Time.ToUnixTimeMilliseconds(),
            ["message"] = $"{e.Operation} {e.Identity} {e.Result}",
            ["user"] = new JsonObject { ["name"] = e.Identity, ["type"] = e.IdentityType, ["org"] = e.Tenant is null ? null : new JsonObject { ["uid"] = e.Tenant } },
            ["service"] = new JsonObject { ["name"] = "gateway-registry" },
            ["logon_type"] = "Network",
            ["logon_type_id"] = 3,
            ["is_remote"] = true,
            ["src_endpoint"] = new JsonObject { ["ip"] = e.CallerAddress },
            ["http_request"] = new JsonObject { ["user_agent"] = e.UserAgent },
            ["metadata"] = Metadata(r),
        };
        return o.ToJsonString(Compact);
    }

    private static JsonObject Metadata(AuditRecord r) => new()
    {
        ["version"] = "1.1.0",
        ["uid"] = r.Hash,
        ["sequence"] = r.Sequence,
        ["product"] = new JsonObject { ["name"] = "Gateway", ["vendor_name"] = "Gateway" },
    };

    private static string OcsfApiActivity(AuditRecord r)
    {
        var e = r.Event;
        var activity = e.Operation switch { "push" => 1, "pull" => 2, "tag" => 3, "delete" => 4, _ => 99 };
        var success = e.Result is "allowed" or "succeeded";
        var o = new JsonObject
        {
            ["class_uid"] = 6003,
            ["class_name"] = "API Activity",
            ["category_uid"] = 6,
            ["category_name"] = "Application Activity",
            ["activity_id"] = activity,
            ["type_uid"] = 6003 * 100 + activity,
            ["severity_id"] = success ? 1 : 3,
            ["status"] = success ? "Success" : "Failure",
            ["status_id"] = success ? 1 : 2,
            ["status_detail"] = e.Reason,
            ["time"] = e.Time.ToUnixTimeMilliseconds(),
            ["message"] = $"{e.Operation} {e.Repository}{(e.Tag is null ? "" : ":" + e.Tag)} {e.Result}",
            ["api"] = new JsonObject { ["operation"] = e.Operation, ["service"] = new JsonObject { ["name"] = "gateway-registry" }, ["request"] = new JsonObject { ["uid"] = e.CorrelationId } },
            ["actor"] = new JsonObject { ["user"] = new JsonObject { ["name"] = e.Identity, ["type"] = e.IdentityType, ["org"] = e.Tenant is null ? null : new JsonObject { ["uid"] = e.Tenant } } },
            ["src_endpoint"] = new JsonObject { ["ip"] = e.CallerAddress },
            ["http_request"] = new JsonObject { ["user_agent"] = e.UserAgent },
            ["resources"] = new JsonArray(new JsonObject { ["type"] = "container_image", ["name"] = e.Repository, ["uid"] = e.Digest, ["labels"] = e.Tag is null ? null : new JsonArray(e.Tag) }),
            ["metadata"] = Metadata(r),
        };
        return o.ToJsonString(Compact);
    }

    public static bool TryParseFormat(string? text, out AuditExportFormat format) =>
        Enum.TryParse(string.IsNullOrEmpty(text) ? "jsonl" : text, ignoreCase: true, out format) && Enum.IsDefined(format);
}
