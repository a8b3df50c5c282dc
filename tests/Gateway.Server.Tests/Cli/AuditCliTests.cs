using System.Diagnostics;
using Gateway.Core.Audit;
using Gateway.Core.Storage.Sqlite;
using Gateway.Server.Tests.Infrastructure;

namespace Gateway.Server.Tests.Cli;

/// <summary>`gateway audit export` from a storage folder: progress on stderr, the summary alone on stdout.</summary>
public sealed class AuditCliTests
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    [Fact]
    public async Task Export_draws_a_progress_bar_on_stderr_and_prints_only_the_summary_on_stdout()
    {
        var data = TempFolder.Create("audit-cli-export");
        var store = new SqliteAuditStore(Path.Combine(data, "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        using (var key = AuditSigningKey.LoadOrCreate(Path.Combine(data, "audit-signing-key.pem")))
        {
            var log = new AuditLog(store, key, new AuditOptions(), TimeProvider.System);
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            await Task.WhenAll(Enumerable.Range(0, 250).Select(i =>
                log.RecordAsync(new AuditEvent { Time = time.AddSeconds(i), Operation = "pull", Result = "allowed", Repository = "cli/app" }, CancellationToken.None)));
        }
        (await store.CountAsync(new AuditQuery(), CancellationToken.None)).ShouldBe(250);

        var export = Path.Combine(data, "audit.jsonl");
        var (code, stdout, stderr) = await RunAsync("audit", "export", "--out", export, "--data", data);
        code.ShouldBe(0, stderr);
        stdout.ShouldBe($"exported 250 records to {export}{Environment.NewLine}");
        stderr.ShouldContain("[##########          ] 125/250");
        stderr.ShouldEndWith($"\r[####################] 250/250{Environment.NewLine}");
        AuditVerifier.Verify(await File.ReadAllLinesAsync(export)).Records.ShouldBe(250);
    }

    /// <summary>Runs the CLI with stdout and stderr kept apart (ExternalTool joins them).</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Cli);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
