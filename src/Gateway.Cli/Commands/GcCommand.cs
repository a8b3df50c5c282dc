using System.CommandLine;
using Gateway.Core.Registry;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway gc [--dry-run] [--grace 01:00:00]</c>: mark-and-sweep of blobs no manifest references.</summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be deleted, delete nothing" };
        var grace = new Option<TimeSpan>("--grace") { Description = "keep blobs younger than this (a push may be about to reference them)", DefaultValueFactory = _ => TimeSpan.FromHours(1) };
        var command = new Command("gc", "delete blobs that no manifest references (safe while the server runs)")
        {
            dryRun, grace, LocalStorage.DataOption, LocalStorage.KeysOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (metadata, content) = await LocalStorage.OpenAsync(parse.GetValue(LocalStorage.DataOption)!, parse.GetValue(LocalStorage.KeysOption)!, ct);
            var options = new RegistryOptions { GcGracePeriod = parse.GetValue(grace) };
            var uploads = new UploadService(metadata, content, options, TimeProvider.System);
            var report = await new GarbageCollector(metadata, content, uploads, options, TimeProvider.System).RunAsync(parse.GetValue(dryRun), ct);
            foreach (var blob in report.Blobs) Console.WriteLine($"{(report.DryRun ? "would delete" : "deleted")} {blob.Digest} ({blob.Size} bytes)");
            Console.WriteLine($"{report.Blobs.Count} blobs, {report.Bytes} bytes {(report.DryRun ? "would be freed" : "freed")}; {report.PurgedUploads} stale uploads purged");
            return 0;
        });
        return command;
    }
}
