using BenchmarkDotNet.Running;
using Gateway.Benchmarks.Load;

namespace Gateway.Benchmarks;

/// <summary>
/// <c>micro [BenchmarkDotNet args]</c> runs the microbenchmarks; <c>load &lt;command&gt; …</c> is the HTTP
/// load tool scripts/bench.sh drives against the gateway and its peer.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "load") return await LoadTool.RunAsync(args[1..]);
        var rest = args.Length > 0 && args[0] == "micro" ? args[1..] : args;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest);
        return 0;
    }
}
