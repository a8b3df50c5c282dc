using System.Numerics;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>time.* builtins with Go's layouts, zone handling and int64-nanosecond range, as OPA's topdown/time.go.</summary>
internal static class TimeBuiltins
{
    private const string OperandShape = "either number (ns) or [number (ns), string (tz)]";

    public static void Register(BuiltinRegistry r)
    {
        r.Register("time.now_ns", 0, (ctx, _) => RegoNumber.Of(NowNanos(ctx)), nonDeterministic: true);
        r.Register("time.parse_ns", 2, (_, a) =>
        {
            var layout = String(a, 0);
            var value = String(a, 1);
            if (ExtGoLayout.Named.TryGetValue(layout, out var named)) layout = named;
            return SafeNanos(ExtGoLayoutParse.Parse(layout, value));
        });
        r.Register("time.parse_rfc3339_ns", 1, (_, a) =>
        {
            var text = String(a, 0);
            return SafeNanos(ExtGoRfc3339.TryParse(text, out var t) ? t : ExtGoLayoutParse.Parse(ExtGoLayout.Named["RFC3339"], text));
        });
        r.Register("time.parse_duration_ns", 1, (_, a) => RegoNumber.Of(ExtGoDuration.Parse(String(a, 0))));
        r.Register("time.date", 1, (_, a) =>
        {
            var (t, _) = TzTime(a[0]);
            var (y, m, d) = t.Date;
            return new RegoArray([RegoNumber.Of(y), RegoNumber.Of(m), RegoNumber.Of(d)]);
        });
        r.Register("time.clock", 1, (_, a) =>
        {
            var (t, _) = TzTime(a[0]);
            var (h, m, s) = t.Clock;
            return new RegoArray([RegoNumber.Of(h), RegoNumber.Of(m), RegoNumber.Of(s)]);
        });
        r.Register("time.weekday", 1, (_, a) => new RegoString(GoTime.DayNames[TzTime(a[0]).Time.Weekday]));
        r.Register("time.format", 1, (_, a) =>
        {
            var (t, layout) = TzTime(a[0]);
            if (layout.Length == 0) layout = ExtGoLayout.Named["RFC3339Nano"];
            else if (ExtGoLayout.Named.TryGetValue(layout, out var named)) layout = named;
            return new RegoString(ExtGoLayout.Format(t, layout));
        });
        r.Register("time.add_date", 4, (_, a) =>
        {
            var (t, _) = TzTime(a[0]);
            var years = GoInt(a, 1);
            var months = GoInt(a, 2);
            var days = GoInt(a, 3);
            var (y, mo, d) = t.Date;
            var (h, mi, s) = t.Clock;
            var zone = ZoneOf(a[0]);
            return SafeNanos(GoTime.FromCivil(y + years, mo + months, d + days, h, mi, s, t.Nanos, zone));
        });
        r.Register("time.diff", 2, (_, a) => Diff(a[0], a[1]));
    }

    internal static long NowNanos(BuiltinContext ctx) => (ctx.QueryStart.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static long GoInt(ReadOnlySpan<RegoValue> a, int index)
    {
        var n = Number(a, index);
        return n.TryGetInt64(out var v) ? v : throw new BuiltinTypeException($"operand {index + 1} must be integer number but got floating-point number");
    }

    private static RegoNumber SafeNanos(GoTime t)
    {
        var ns = t.UnixNanos;
        if (ns < long.MinValue || ns > long.MaxValue) throw new BuiltinException("time outside of valid range");
        return RegoNumber.Of((long)ns);
    }

    private static GoZone ZoneOf(RegoValue v) =>
        v is RegoArray { Count: > 1 } arr && arr[1] is RegoString tz ? GoZone.Load(tz.Value) : GoZone.Utc;

    /// <summary>OPA's tzTime: a number of nanoseconds, or [ns, tz] / [ns, tz, layout].</summary>
    internal static (GoTime Time, string Layout) TzTime(RegoValue v)
    {
        RegoValue nVal;
        var zone = GoZone.Utc;
        var layout = string.Empty;
        switch (v)
        {
            case RegoArray arr:
                if (arr.Count == 0) throw BuiltinArgs.TypeError(1, v, OperandShape);
                nVal = arr[0] as RegoNumber ?? throw BuiltinArgs.TypeError(1, arr[0], "number");
                if (arr.Count > 1)
                {
                    var tz = arr[1] as RegoString ?? throw BuiltinArgs.TypeError(1, arr[1], "string");
                    zone = GoZone.Load(tz.Value);
                }
                if (arr.Count > 2) layout = (arr[2] as RegoString ?? throw BuiltinArgs.TypeError(1, arr[2], "string")).Value;
                break;
            case RegoNumber:
                nVal = v;
                break;
            default:
                throw BuiltinArgs.TypeError(1, v, OperandShape);
        }
        var n = (RegoNumber)nVal;
        if (!n.TryGetInt64(out var ns)) throw new BuiltinException("timestamp too big");
        var secs = GoTime.FloorDiv(ns, 1_000_000_000);
        return (zone.At(secs, (int)(ns - secs * 1_000_000_000)), layout);
    }

    private static RegoArray Diff(RegoValue a, RegoValue b)
    {
        var (t1, _) = TzTime(a);
        var (t2, _) = TzTime(b);
        var z1 = ZoneOf(a);
        t2 = z1.At(t2.UnixSeconds, t2.Nanos);
        if (t1.UnixNanos > t2.UnixNanos) (t1, t2) = (t2, t1);
        var (y1, m1, d1) = t1.Date;
        var (y2, m2, d2) = t2.Date;
        var (h1, mi1, s1) = t1.Clock;
        var (h2, mi2, s2) = t2.Clock;
        var year = y2 - y1;
        var month = m2 - m1;
        var day = d2 - d1;
        var hour = h2 - h1;
        var min = mi2 - mi1;
        var sec = s2 - s1;
        if (sec < 0) { sec += 60; min--; }
        if (min < 0) { min += 60; hour--; }
        if (hour < 0) { hour += 24; day--; }
        if (day < 0)
        {
            // Days in t1's month, via Go's Date(y1, M1, 32) normalisation.
            var (_, _, dd) = GoTime.CivilFromDays(GoTime.DaysFromCivil(y1, m1, 1) + 31);
            day += 32 - dd;
            month--;
        }
        if (month < 0) { month += 12; year--; }
        return new RegoArray([RegoNumber.Of(year), RegoNumber.Of(month), RegoNumber.Of(day), RegoNumber.Of(hour), RegoNumber.Of(min), RegoNumber.Of(sec)]);
    }
}
