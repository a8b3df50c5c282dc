using Gateway.Core.Audit;
using Gateway.Server.Oci;

namespace Gateway.Server.Management;

/// <summary>
/// GET /gateway/v1/audit?since&amp;until&amp;repository&amp;actor&amp;action&amp;format=jsonl|csv|ocsf — streamed.
/// An unfiltered JSON Lines export first signs the current head, so the export carries its own proof.
/// </summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gateway/v1/audit", ExportAsync);
        return app;
    }

    private static async Task ExportAsync(HttpContext context, AuditLog log, string? since, string? until, string? repository, string? actor, string? action, string? format)
    {
        if (!AuditExporter.TryParseFormat(format, out var exportFormat))
        {
            await OciResults.WriteErrorAsync(context, 400, "UNSUPPORTED", $"format must be jsonl, csv or ocsf, not '{format}'");
            return;
        }
        DateTimeOffset? sinceTime = null, untilTime = null;
        if ((since is not null && !TryParseTime(since, out sinceTime)) || (until is not null && !TryParseTime(until, out untilTime)))
        {
            await OciResults.WriteErrorAsync(context, 400, "UNSUPPORTED", "since and until must be RFC 3339 times, e.g. 2026-11-01T00:00:00Z");
            return;
        }
        var filtered = sinceTime is not null || untilTime is not null || repository is not null || actor is not null || action is not null;
        if (exportFormat == AuditExportFormat.Jsonl && !filtered) await log.CheckpointHeadAsync(context.RequestAborted);
        var checkpoints = await log.Store.GetCheckpointsAsync(0, long.MaxValue, context.RequestAborted);
        context.Response.ContentType = exportFormat switch
        {
            AuditExportFormat.Csv => "text/csv; charset=utf-8",
            _ => "application/x-ndjson; charset=utf-8",
        };
        var records = log.Store.ReadAsync(new AuditQuery(sinceTime, untilTime, repository, actor, action), context.RequestAborted);
        await using var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await AuditExporter.WriteAsync(writer, records, checkpoints, log.Store.GetPurgeMarkerAsync, exportFormat, log.Key.PublicKeyPem, log.Key.KeyId, filtered, context.RequestAborted);
    }

    private static bool TryParseTime(string text, out DateTimeOffset? time)
    {
        var ok = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t);
        time = ok ? t : null;
        return ok;
    }
}
