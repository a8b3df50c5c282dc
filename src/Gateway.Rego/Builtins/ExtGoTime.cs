using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// A Go <c>time.Time</c> reduced to what the builtins need: an instant (Unix seconds + nanoseconds) seen in a zone
/// with a fixed offset at that instant. Civil fields come from proleptic Gregorian arithmetic, so the whole
/// int64-nanosecond range (1677–2262) and Go's overflow normalisation work without DateTime limits.
/// </summary>
internal readonly record struct GoTime(long UnixSeconds, int Nanos, int Offset, string? ZoneName)
{
    public static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    public static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private long LocalSeconds => UnixSeconds + Offset;

    public (long Year, int Month, int Day) Date
    {
        get
        {
            var days = FloorDiv(LocalSeconds, 86400);
            return CivilFromDays(days);
        }
    }

    public (int Hour, int Minute, int Second) Clock
    {
        get
        {
            var secs = (int)(LocalSeconds - FloorDiv(LocalSeconds, 86400) * 86400);
            return (secs / 3600, secs / 60 % 60, secs % 60);
        }
    }

    public int Weekday => (int)(((FloorDiv(LocalSeconds, 86400) + 4) % 7 + 7) % 7);

    public int YearDay
    {
        get
        {
            var (y, _, _) = Date;
            return (int)(FloorDiv(LocalSeconds, 86400) - DaysFromCivil(y, 1, 1)) + 1;
        }
    }

    public static long FloorDiv(long a, long b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    // Howard Hinnant's days_from_civil / civil_from_days.
    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = FloorDiv(y, 400);
        var yoe = y - era * 400;
        var doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    public static (long Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = (int)(doy - (153 * mp + 2) / 5 + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (y + (m <= 2 ? 1 : 0), m, d);
    }

    public static int DaysIn(int month, long year) => month switch
    {
        2 => (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Go's time.Date: every field may overflow and is normalised; the zone offset is looked up for the result.</summary>
    public static GoTime FromCivil(long year, long month, long day, long hour, long minute, long second, long nanos, GoZone zone)
    {
        var m = month - 1;
        year += FloorDiv(m, 12);
        m -= FloorDiv(m, 12) * 12;
        second += FloorDiv(nanos, 1_000_000_000);
        nanos -= FloorDiv(nanos, 1_000_000_000) * 1_000_000_000;
        var days = DaysFromCivil(year, (int)m + 1, 1) + (day - 1);
        var unix = days * 86400 + hour * 3600 + minute * 60 + second;
        var offset = zone.OffsetAt(unix);
        if (offset != 0)
        {
            var utc = unix - offset;
            var offset2 = zone.OffsetAt(utc);
            if (offset2 != offset) offset = offset2;
            unix -= offset;
        }
        return zone.At(unix, (int)nanos);
    }

    /// <summary>Nanoseconds since the epoch; may lie outside int64, which callers check (Int128, not BigInteger: no allocation).</summary>
    public Int128 UnixNanos => (Int128)UnixSeconds * 1_000_000_000 + Nanos;
}

/// <summary>A time zone: UTC, a fixed offset, or a TimeZoneInfo (IANA names via the system tz database).</summary>
internal sealed class GoZone
{
    public static readonly GoZone Utc = new("UTC", null, 0);
    private readonly TimeZoneInfo? _tz;
    private readonly int _fixed;

    private GoZone(string name, TimeZoneInfo? tz, int fixedOffset)
    {
        Name = name;
        _tz = tz;
        _fixed = fixedOffset;
    }

    public string Name { get; }

    public static GoZone Fixed(string name, int offset) => new(name, null, offset);

    public static GoZone Load(string name)
    {
        switch (name)
        {
            case "" or "UTC": return Utc;
            case "Local": return new GoZone("Local", TimeZoneInfo.Local, 0);
        }
        try
        {
            return new GoZone(name, TimeZoneInfo.FindSystemTimeZoneById(name), 0);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new BuiltinException($"unknown time zone {name}");
        }
    }

    public int OffsetAt(long unixSeconds)
    {
        if (_tz is null) return _fixed;
        var clamped = Math.Clamp(unixSeconds, -62135596800L, 253402300799L);
        return (int)_tz.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(clamped)).TotalSeconds;
    }

    public GoTime At(long unixSeconds, int nanos)
    {
        var offset = OffsetAt(unixSeconds);
        // Zone abbreviations ("PST") are not exposed by TimeZoneInfo; Go prints a numeric zone when it has no name.
        string? name = _tz is null ? Name : (offset == 0 && _tz.Id is "UTC" or "Etc/UTC" ? "UTC" : null);
        return new GoTime(unixSeconds, nanos, offset, name);
    }
}
