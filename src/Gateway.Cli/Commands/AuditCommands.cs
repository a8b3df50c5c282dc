using System.CommandLine;
using Gateway.Core.Audit;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway audit export|verify|purge</c>: take the record out, check it offline, apply retention.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "export and verify the hash-chained audit log");
        audit.Subcommands.Add(Export());
        audit.Subcommands.Add(Verify());
        audit.Subcommands.Add(Purge());
        return audit;
    }

    private static Command Purge()
    {
        var before = new Option<string>("--before") { Description = "delete records older than this time (ISO 8601, e.g. 2026-01-01T00:00:00Z)", Required = true };
        var command = new Command("purge",
            "retention: delete the oldest records (a prefix of the chain) from before a time, leaving a signed purge marker " +
            "so later exports still verify; the purge is itself recorded (audit.purge)")
        {
            before, LocalStorage.DataOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!DateTimeOffset.TryParse(parse.GetValue(before), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var cutoff))
            {
                Console.Error.WriteLine("--before must be an ISO 8601 time, e.g. 2026-01-01T00:00:00Z");
                return 2;
            }
            using var audit = await LocalAudit.OpenAsync(parse.GetValue(LocalStorage.DataOption)!, ct);
            if (audit is null) return 2;
            var marker = await audit.Log.PurgeAsync(cutoff, LocalAudit.Operator, ct);
            Console.WriteLine(marker is null
                ? $"nothing to purge: the oldest record is not from before {cutoff.ToUniversalTime():O}"
                : $"purged {marker.Count} records through sequence {marker.Sequence}; signed purge marker written (key {marker.KeyId})");
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<string>("--out", "-o") { Description = "file to write", Required = true };
        var format = new Option<string>("--format") { Description = "jsonl (verifiable), csv or ocsf", DefaultValueFactory = _ => "jsonl" };
        var command = new Command("export", "export the audit log of a gateway's storage folder, with the chain proof") { output, format, LocalStorage.DataOption };
        command.SetAction(async (parse, ct) =>
        {
            if (!AuditExporter.TryParseFormat(parse.GetValue(format), out var exportFormat))
            {
                Console.Error.WriteLine("--format must be jsonl, csv or ocsf");
                return 2;
            }
            using var audit = await LocalAudit.OpenAsync(parse.GetValue(LocalStorage.DataOption)!, ct);
            if (audit is null) return 2;
            await audit.Log.CheckpointHeadAsync(ct);
            var progress = new ProgressBar(await audit.Store.CountAsync(new AuditQuery(), ct));
            await using var writer = new StreamWriter(parse.GetValue(output)!, append: false, new System.Text.UTF8Encoding(false));
            var count = await AuditExporter.WriteAsync(writer, Reporting(audit.Store.ReadAsync(new AuditQuery(), ct), progress), await audit.Store.GetCheckpointsAsync(0, long.MaxValue, ct),
                audit.Store.GetPurgeMarkerAsync, exportFormat, audit.Key.PublicKeyPem, audit.Key.KeyId, filtered: false, ct);
            progress.Done();
            Console.WriteLine($"exported {count} records to {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }

    /// <summary>Passes the records through, reporting each one as the exporter takes it to write.</summary>
    private static async IAsyncEnumerable<AuditRecord> Reporting(IAsyncEnumerable<AuditRecord> records, ProgressBar progress)
    {
        long done = 0;
        await foreach (var record in records)
        {
            yield return record;
            progress.Report(++done);
        }
    }

    private static Command Verify()
    {
        var file = new Argument<string>("file") { Description = "a JSON Lines export" };
        var publicKey = new Option<string?>("--public-key") { Description = "PEM file of the gateway's audit key to pin (default: the key in the export)" };
        var command = new Command("verify", "check an export offline: names the first bad sequence number") { file, publicKey };
        command.SetAction(parse =>
        {
            var pinned = parse.GetValue(publicKey) is { } path ? File.ReadAllText(path) : null;
            var result = AuditVerifier.Verify(File.ReadLines(parse.GetValue(file)!), pinned);
            Console.WriteLine(result.Valid ? $"OK: {result.Message}" : $"INVALID at sequence {result.FirstBadSequence?.ToString() ?? "?"}: {result.Message}");
            return result.Valid ? 0 : 1;
        });
        return command;
    }
}
