using System.Diagnostics;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>Runs a real client (skopeo, podman) and returns its exit code and output.</summary>
public static class ExternalTool
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(System.IO.Path.Combine(dir, name)));

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // Every test gateway's bootstrap owner is in one containers auth file, so skopeo and podman log in as users do.
        psi.Environment["REGISTRY_AUTH_FILE"] = RegistryAuthFile.Path;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in time");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Run and require success, with the tool's own output in the failure message.</summary>
    public static async Task<string> RunOkAsync(string fileName, params string[] arguments)
    {
        var (code, output) = await RunAsync(fileName, arguments);
        code.ShouldBe(0, $"{fileName} {string.Join(' ', arguments)}\n{output}");
        return output;
    }
}
