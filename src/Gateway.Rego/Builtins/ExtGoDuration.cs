namespace Gateway.Rego.Builtins;

/// <summary>Go's time.ParseDuration ("1h30m", "-1.5us"), with its error wording.</summary>
internal static class ExtGoDuration
{
    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = 1,
        ["us"] = 1_000,
        ["\u00b5s"] = 1_000,
        ["\u03bcs"] = 1_000,
        ["ms"] = 1_000_000,
        ["s"] = 1_000_000_000,
        ["m"] = 60_000_000_000,
        ["h"] = 3_600_000_000_000,
    };

    public static long Parse(string orig)
    {
        var s = orig;
        ulong d = 0;
        var neg = false;
        BuiltinException Invalid() => new($"time: invalid duration {ExtUrl.Quote(orig)}");
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return 0;
        if (s.Length == 0) throw Invalid();
        const ulong limit = 1UL << 63;
        while (s.Length > 0)
        {
            ulong v = 0, f = 0;
            var scale = 1.0;
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) throw Invalid();
            var pl = s.Length;
            var i = 0;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                if (v > limit / 10) throw Invalid();
                v = v * 10 + (ulong)(s[i] - '0');
                if (v > limit) throw Invalid();
            }
            s = s[i..];
            var pre = pl != s.Length;
            var post = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                pl = s.Length;
                var overflow = false;
                i = 0;
                for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
                {
                    if (overflow) continue;
                    if (f > (long.MaxValue - 9) / 10) { overflow = true; continue; }
                    f = f * 10 + (ulong)(s[i] - '0');
                    scale *= 10;
                }
                s = s[i..];
                post = pl != s.Length;
            }
            if (!pre && !post) throw Invalid();
            i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
            if (i == 0) throw new BuiltinException($"time: missing unit in duration {ExtUrl.Quote(orig)}");
            var u = s[..i];
            s = s[i..];
            if (!Units.TryGetValue(u, out var unit)) throw new BuiltinException($"time: unknown unit {ExtUrl.Quote(u)} in duration {ExtUrl.Quote(orig)}");
            if (v > limit / unit) throw Invalid();
            v *= unit;
            if (f > 0)
            {
                v += (ulong)(f * (unit / scale));
                if (v > limit) throw Invalid();
            }
            d += v;
            if (d > limit) throw Invalid();
        }
        if (neg) return d == limit ? long.MinValue : -(long)d;
        if (d > long.MaxValue) throw Invalid();
        return (long)d;
    }
}
