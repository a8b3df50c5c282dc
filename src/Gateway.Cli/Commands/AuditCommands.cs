using System.CommandLine;
using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway audit export|verify</c>: take the record out, and check it offline.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "export and verify the hash-chained audit log");
        audit.Subcommands.Add(Export());
        audit.Subcommands.Add(Verify());
        return audit;
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
            var data = parse.GetValue(LocalStorage.DataOption)!;
            var database = Path.Combine(data, "metadata.db");
            if (!File.Exists(database))
            {
                Console.Error.WriteLine($"no gateway storage at {Path.GetFullPath(data)}");
                return 2;
            }
            var store = new SqliteAuditStore(database);
            await store.InitializeAsync(ct);
            using var key = AuditSigningKey.LoadOrCreate(Path.Combine(data, "audit-signing-key.pem"));
            var log = new AuditLog(store, key, new AuditOptions(), TimeProvider.System);
            await log.CheckpointHeadAsync(ct);
            await using var writer = new StreamWriter(parse.GetValue(output)!, append: false, new System.Text.UTF8Encoding(false));
            var count = await AuditExporter.WriteAsync(writer, store.ReadAsync(new AuditQuery(), ct), await store.GetCheckpointsAsync(0, long.MaxValue, ct),
                exportFormat, key.PublicKeyPem, key.KeyId, filtered: false, ct);
            Console.WriteLine($"exported {count} records to {parse.GetValue(output)}");
            return 0;
        });
        return command;
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
