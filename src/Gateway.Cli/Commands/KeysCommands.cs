using System.CommandLine;
using Gateway.Core.Audit;
using Gateway.Core.Encryption;
using Gateway.Core.Signing.Cosign;
using Gateway.Core.Storage;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway keys generate|rotate</c>: cosign-compatible key files, and KEK rotation of the blob store.</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var keys = new Command("keys", "signing key files and key-encryption-key rotation");
        keys.Subcommands.Add(Generate());
        keys.Subcommands.Add(Rotate());
        return keys;
    }

    private static Command Generate()
    {
        var format = new Option<string>("--format") { Description = "cosign (cosign.key: encrypted sigstore private key, cosign.pub)", DefaultValueFactory = _ => "cosign" };
        var output = new Option<string>("--out") { Description = "folder to write cosign.key and cosign.pub into", Required = true };
        var command = new Command("generate", "generate a signing key pair; the private key is encrypted with COSIGN_PASSWORD (scrypt + NaCl secretbox)") { format, output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(format) != "cosign")
            {
                Console.Error.WriteLine("--format must be cosign");
                return 2;
            }
            var password = Environment.GetEnvironmentVariable("COSIGN_PASSWORD");
            if (password is null)
            {
                Console.Error.WriteLine("set COSIGN_PASSWORD (it may be empty) to encrypt the private key");
                return 2;
            }
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var keyPath = Path.Combine(folder, "cosign.key");
            if (File.Exists(keyPath))
            {
                Console.Error.WriteLine($"{keyPath} exists; refusing to overwrite a private key");
                return 1;
            }
            var (privatePem, publicPem) = CosignKeyFile.Generate(password);
            KeyFiles.WriteSecret(keyPath, privatePem);
            File.WriteAllText(Path.Combine(folder, "cosign.pub"), publicPem);
            Console.WriteLine($"Private key written to {keyPath}\nPublic key written to {Path.Combine(folder, "cosign.pub")}");
            return 0;
        });
        return command;
    }

    private static Command Rotate()
    {
        var newVersion = new Option<bool>("--new-version") { Description = "add a new development KEK version first (kek-<n+1>.key) and rotate to it", DefaultValueFactory = _ => true };
        var maxBlobs = new Option<int?>("--max-blobs") { Description = "re-wrap at most this many blobs in this run (rotate in batches; run again to continue)" };
        var command = new Command("rotate",
            "move blob encryption to the current KEK version: re-wraps every data key in place (the data is not rewritten). " +
            "Safe while the gateway runs; resumable: a second run skips what is already done")
        {
            newVersion, maxBlobs, LocalStorage.DataOption, LocalStorage.KeysOption,
        };
        command.SetAction(async (parse, ct) =>
        {
            // The rotation is recorded in the storage folder's audit log; without one there is nothing to rotate.
            using var audit = await LocalAudit.OpenAsync(parse.GetValue(LocalStorage.DataOption)!, ct);
            if (audit is null) return 2;
            var keysFolder = parse.GetValue(LocalStorage.KeysOption)!;
            var rewrapped = 0;
            var already = 0;
            var total = 0;
            string target = "(not resolved)";
            try
            {
                if (parse.GetValue(newVersion))
                {
                    var provider = DevelopmentKeyProvider.Load(keysFolder);
                    var next = provider.Versions.Select(v => int.TryParse(v, out var n) ? n : 0).Max() + 1;
                    File.WriteAllText(Path.Combine(keysFolder, $"kek-{next}.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
                    Console.WriteLine($"added KEK version {next}");
                }
                var keys = DevelopmentKeyProvider.Load(keysFolder);
                var current = await keys.GetCurrentKeyAsync(ct);
                target = $"{current.KeyId}/{current.Version}";
                var store = new FileSystemBlobStore(Path.Combine(parse.GetValue(LocalStorage.DataOption)!, "blobs"));
                var blobKeys = new List<string>();
                foreach (var prefix in new[] { "blobs", "uploads" })
                    await foreach (var key in store.ListAsync(prefix, ct)) blobKeys.Add(key);
                blobKeys.Sort(StringComparer.Ordinal);
                total = blobKeys.Count;
                var limit = parse.GetValue(maxBlobs) ?? int.MaxValue;
                var progress = new ProgressBar(blobKeys.Count);
                foreach (var key in blobKeys)
                {
                    if (rewrapped >= limit) break;
                    await using (var stream = await store.OpenUpdateAsync(key, ct))
                    {
                        // A blob deleted meanwhile (gc) is simply gone; nothing to rotate.
                        if (stream is not null && await Envelope.RewrapAsync(stream, keys, current, ct)) rewrapped++;
                        else already++;
                    }
                    progress.Report(rewrapped + already);
                }
                progress.Done();
            }
            catch (Exception e)
            {
                // Blobs re-wrapped before the failure stay re-wrapped: the record says how far it got.
                var result = e is OperationCanceledException ? "partial" : "failed";
                await audit.Log.RecordAsync(RotationEvent(result, $"{Summary(target, rewrapped, already, total - rewrapped - already)}; {e.Message}"), CancellationToken.None);
                throw;
            }
            var left = total - rewrapped - already;
            await audit.Log.RecordAsync(RotationEvent(left == 0 ? "succeeded" : "partial", Summary(target, rewrapped, already, left)), ct);
            Console.WriteLine($"{Summary(target, rewrapped, already, left)}{(left > 0 ? " (run again to continue)" : "")}");
            return 0;
        });
        return command;
    }

    private static string Summary(string target, int rewrapped, int already, int left) =>
        $"KEK {target}: {rewrapped} re-wrapped, {already} already current, {left} left";

    private static AuditEvent RotationEvent(string result, string reason) => new()
    {
        Time = DateTimeOffset.UtcNow,
        Operation = "key.rotate",
        Result = result,
        Identity = LocalAudit.Operator.Identity,
        IdentityType = LocalAudit.Operator.IdentityType,
        Reason = reason,
    };
}
