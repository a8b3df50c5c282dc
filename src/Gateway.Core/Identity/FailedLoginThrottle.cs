using System.Collections.Concurrent;

namespace Gateway.Core.Identity;

/// <summary>
/// Counts failed logins per source address and per account in a fixed window; past the limit, logins from that
/// source or for that account are refused (429 with Retry-After) until the window ends. Successful logins do not
/// reset the count, so an attacker cannot interleave a known-good credential to keep guessing.
/// </summary>
public sealed class FailedLoginThrottle(IdentityOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Failures;
    }

    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string? source, string? account)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in Keys(source, account))
        {
            if (!_windows.TryGetValue(key, out var w)) continue;
            lock (w)
            {
                var end = w.Start + options.FailedLoginWindow;
                if (now >= end || w.Failures < options.MaxFailedLogins) continue;
                var left = end - now;
                if (wait is null || left > wait) wait = left;
            }
        }
        return wait;
    }

    public void RecordFailure(string? source, string? account)
    {
        var now = time.GetUtcNow();
        foreach (var key in Keys(source, account))
        {
            var w = _windows.GetOrAdd(key, _ => new Window(now));
            lock (w)
            {
                if (now >= w.Start + options.FailedLoginWindow)
                {
                    w.Start = now;
                    w.Failures = 0;
                }
                w.Failures++;
            }
        }
        if (_windows.Count > 100_000) Prune(now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, w) in _windows)
            if (now >= w.Start + options.FailedLoginWindow) _windows.TryRemove(key, out _);
    }

    private static IEnumerable<string> Keys(string? source, string? account)
    {
        if (!string.IsNullOrEmpty(source)) yield return "ip:" + source;
        if (!string.IsNullOrEmpty(account)) yield return "account:" + account;
    }
}
