using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gateway.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Gateway.Server.Tests.Audit;

/// <summary>
/// The gateway as a separate process, killed (SIGKILL) in the middle of a burst of pushes: after a restart, every
/// committed manifest has exactly one "push.commit succeeded" record and no such record names a manifest that is
/// not there — the record is written in the commit's own transaction — and the chain still verifies.
/// </summary>
public sealed class AuditCrashTests
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "Gateway.Server.dll");
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "gateway.dll");

    [Fact]
    public async Task Killed_mid_push_no_record_claims_a_push_that_did_not_commit()
    {
        var data = TempFolder.Create("crash-data");
        var port = FreePort();
        using (var server = StartServer(data, port))
        {
            using var client = await ConnectAsync(port);
            var images = Enumerable.Range(0, 40).Select(i => TestImages.Image($"crash-{i}")).ToList();
            using var cts = new CancellationTokenSource();
            var pushes = images.Select((image, i) => Task.Run(async () =>
            {
                try
                {
                    foreach (var blob in image.Blobs) await client.PushBlobAsync("crash/app", blob.Content);
                    await client.PutManifestAsync("crash/app", $"v{i}", image.Manifest, image.MediaType);
                }
                catch (HttpRequestException) { } // the server died under us: expected
                catch (TaskCanceledException) { }
            })).ToList();
            // Let some pushes commit, then kill the process without any chance to clean up.
            await WaitForCommitsAsync(data, atLeast: 5);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await Task.WhenAll(pushes);
        }

        var committed = await ScalarListAsync(data, "SELECT digest FROM manifests WHERE repository = 'crash/app'");
        var claimed = (await ScalarListAsync(data, "SELECT event FROM audit_records WHERE operation = 'push.commit'"))
            .Select(e => JsonDocument.Parse(e).RootElement).Where(e => e.GetProperty("result").GetString() == "succeeded")
            .Select(e => e.GetProperty("digest").GetString()!).ToList();
        committed.Count.ShouldBeGreaterThanOrEqualTo(5);
        claimed.Order().ShouldBe(committed.Order()); // one record per committed manifest, none for the rest

        // Restart on the same data: the log continues and the export verifies offline.
        using (var server = StartServer(data, port))
        {
            using var client = await ConnectAsync(port);
            var export = Path.Combine(TempFolder.Create("crash-export"), "audit.jsonl");
            await File.WriteAllTextAsync(export, await client.GetStringAsync("/gateway/v1/audit"));
            var verify = await ExternalTool.RunOkAsync("dotnet", Cli, "audit", "verify", export);
            verify.ShouldStartWith("OK");
            server.Kill(entireProcessTree: true);
        }
    }

    private static Process StartServer(string data, int port)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            ServerDll, "--urls", $"http://127.0.0.1:{port}", "--environment", "Development",
            $"--Gateway:Storage:Path={data}", $"--Gateway:Keys:DevelopmentPath={TestGateway.KeysPath}",
            $"--Gateway:Policy:Path={TestGateway.RepositoryPolicies}", $"--Gateway:Bootstrap:AdminPassword={TestGateway.AdminPassword}",
            "--Logging:LogLevel:Default=Warning",
        }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpClient> ConnectAsync(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = TestGateway.BasicAuthentication(TestGateway.AdminUser, TestGateway.AdminPassword);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var r = await client.GetAsync("/v2/");
                if (r.StatusCode == HttpStatusCode.OK) return client;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("the gateway process did not start");
    }

    private static async Task WaitForCommitsAsync(string data, int atLeast)
    {
        for (var i = 0; i < 600; i++)
        {
            if (File.Exists(Path.Combine(data, "metadata.db")) && (await ScalarListAsync(data, "SELECT digest FROM manifests WHERE repository = 'crash/app'")).Count >= atLeast) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("no push committed");
    }

    private static async Task<List<string>> ScalarListAsync(string data, string sql)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "metadata.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
