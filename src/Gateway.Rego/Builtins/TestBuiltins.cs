using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// test.sleep(duration): pauses evaluation for a Go duration ("10ms", "1.5s") and returns null. Meant for tests
/// (e.g. that time.now_ns stays fixed within a query); the wait ends early, with cancellation, if the query is cancelled.
/// </summary>
internal static class TestBuiltins
{
    public static void Register(BuiltinRegistry registry) => registry.Register("test.sleep", 1, Sleep, nonDeterministic: true);

    private static RegoValue Sleep(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var ns = ExtGoDuration.Parse(BuiltinArgs.String(a, 0));
        // Go's time.Sleep returns at once for zero or negative durations.
        if (ns > 0)
        {
            var timeout = TimeSpan.FromTicks(Math.Max(1, ns / TimeSpan.NanosecondsPerTick));
            ctx.Cancellation.WaitHandle.WaitOne(timeout);
            ctx.Cancellation.ThrowIfCancellationRequested();
        }
        return RegoNull.Instance;
    }
}
