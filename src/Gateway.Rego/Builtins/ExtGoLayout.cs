using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"): tokenising, formatting and parsing, as package time does.</summary>
internal static class ExtGoLayout
{
    internal enum Std
    {
        None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay, ZeroYearDay,
        Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, Pm, TZ,
        ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ, ISO8601ColonSecondsTZ,
        NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
    }

    internal readonly record struct Chunk(string Prefix, Std Std, int FracDigits, char FracSep, string Suffix);

    public static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["ANSIC"] = "Mon Jan _2 15:04:05 2006",
        ["UnixDate"] = "Mon Jan _2 15:04:05 MST 2006",
        ["RubyDate"] = "Mon Jan 02 15:04:05 -0700 2006",
        ["RFC822"] = "02 Jan 06 15:04 MST",
        ["RFC822Z"] = "02 Jan 06 15:04 -0700",
        ["RFC850"] = "Monday, 02-Jan-06 15:04:05 MST",
        ["RFC1123"] = "Mon, 02 Jan 2006 15:04:05 MST",
        ["RFC1123Z"] = "Mon, 02 Jan 2006 15:04:05 -0700",
        ["RFC3339"] = "2006-01-02T15:04:05Z07:00",
        ["RFC3339Nano"] = "2006-01-02T15:04:05.999999999Z07:00",
    };

    private static readonly Std[] Std0x = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

    private static bool StartsWithLower(string s, int i) => i < s.Length && s[i] is >= 'a' and <= 'z';

    private static bool IsDigitAt(string s, int i) => i < s.Length && s[i] is >= '0' and <= '9';

    private static bool At(string s, int i, string lit) => string.CompareOrdinal(s, i, lit, 0, lit.Length) == 0 && s.Length >= i + lit.Length;

    internal static Chunk NextChunk(string layout)
    {
        for (var i = 0; i < layout.Length; i++)
        {
            var c = layout[i];
            Chunk Make(Std std, int len) => new(layout[..i], std, 0, '.', layout[(i + len)..]);
            switch (c)
            {
                case 'J':
                    if (At(layout, i, "Jan"))
                    {
                        if (At(layout, i, "January")) return Make(Std.LongMonth, 7);
                        if (!StartsWithLower(layout, i + 3)) return Make(Std.Month, 3);
                    }
                    break;
                case 'M':
                    if (At(layout, i, "Mon"))
                    {
                        if (At(layout, i, "Monday")) return Make(Std.LongWeekDay, 6);
                        if (!StartsWithLower(layout, i + 3)) return Make(Std.WeekDay, 3);
                    }
                    if (At(layout, i, "MST")) return Make(Std.TZ, 3);
                    break;
                case '0':
                    if (i + 1 < layout.Length && layout[i + 1] is >= '1' and <= '6') return Make(Std0x[layout[i + 1] - '1'], 2);
                    if (At(layout, i, "002")) return Make(Std.ZeroYearDay, 3);
                    break;
                case '1':
                    if (i + 1 < layout.Length && layout[i + 1] == '5') return Make(Std.Hour, 2);
                    return Make(Std.NumMonth, 1);
                case '2':
                    if (At(layout, i, "2006")) return Make(Std.LongYear, 4);
                    return Make(Std.Day, 1);
                case '_':
                    if (i + 1 < layout.Length && layout[i + 1] == '2')
                    {
                        if (At(layout, i + 1, "2006")) return new Chunk(layout[..(i + 1)], Std.LongYear, 0, '.', layout[(i + 5)..]);
                        return Make(Std.UnderDay, 2);
                    }
                    if (At(layout, i, "__2")) return Make(Std.UnderYearDay, 3);
                    break;
                case '3': return Make(Std.Hour12, 1);
                case '4': return Make(Std.Minute, 1);
                case '5': return Make(Std.Second, 1);
                case 'P':
                    if (i + 1 < layout.Length && layout[i + 1] == 'M') return Make(Std.PM, 2);
                    break;
                case 'p':
                    if (i + 1 < layout.Length && layout[i + 1] == 'm') return Make(Std.Pm, 2);
                    break;
                case '-':
                    if (At(layout, i, "-070000")) return Make(Std.NumSecondsTz, 7);
                    if (At(layout, i, "-07:00:00")) return Make(Std.NumColonSecondsTZ, 9);
                    if (At(layout, i, "-0700")) return Make(Std.NumTZ, 5);
                    if (At(layout, i, "-07:00")) return Make(Std.NumColonTZ, 6);
                    if (At(layout, i, "-07")) return Make(Std.NumShortTZ, 3);
                    break;
                case 'Z':
                    if (At(layout, i, "Z070000")) return Make(Std.ISO8601SecondsTZ, 7);
                    if (At(layout, i, "Z07:00:00")) return Make(Std.ISO8601ColonSecondsTZ, 9);
                    if (At(layout, i, "Z0700")) return Make(Std.ISO8601TZ, 5);
                    if (At(layout, i, "Z07:00")) return Make(Std.ISO8601ColonTZ, 6);
                    if (At(layout, i, "Z07")) return Make(Std.ISO8601ShortTZ, 3);
                    break;
                case '.' or ',':
                    if (i + 1 < layout.Length && layout[i + 1] is '0' or '9')
                    {
                        var ch = layout[i + 1];
                        var j = i + 1;
                        while (j < layout.Length && layout[j] == ch) j++;
                        if (!IsDigitAt(layout, j))
                        {
                            return new Chunk(layout[..i], ch == '0' ? Std.FracSecond0 : Std.FracSecond9, j - (i + 1), c, layout[j..]);
                        }
                    }
                    break;
            }
        }
        return new Chunk(layout, Std.None, 0, '.', string.Empty);
    }

    public static string Format(GoTime t, string layout)
    {
        var sb = new StringBuilder();
        var (year, month, day) = t.Date;
        var (hour, min, sec) = t.Clock;
        while (layout.Length > 0)
        {
            var chunk = NextChunk(layout);
            sb.Append(chunk.Prefix);
            if (chunk.Std == Std.None) break;
            layout = chunk.Suffix;
            switch (chunk.Std)
            {
                case Std.Year: sb.Append(Pad(Math.Abs(year % 100), 2)); break;
                case Std.LongYear: sb.Append(year < 0 ? "-" + Pad(-year, 4) : Pad(year, 4)); break;
                case Std.Month: sb.Append(GoTime.MonthNames[month - 1][..3]); break;
                case Std.LongMonth: sb.Append(GoTime.MonthNames[month - 1]); break;
                case Std.NumMonth: sb.Append(month); break;
                case Std.ZeroMonth: sb.Append(Pad(month, 2)); break;
                case Std.WeekDay: sb.Append(GoTime.DayNames[t.Weekday][..3]); break;
                case Std.LongWeekDay: sb.Append(GoTime.DayNames[t.Weekday]); break;
                case Std.Day: sb.Append(day); break;
                case Std.UnderDay: if (day < 10) sb.Append(' '); sb.Append(day); break;
                case Std.ZeroDay: sb.Append(Pad(day, 2)); break;
                case Std.UnderYearDay:
                    var yd = t.YearDay;
                    if (yd < 100) sb.Append(' ');
                    if (yd < 10) sb.Append(' ');
                    sb.Append(yd);
                    break;
                case Std.ZeroYearDay: sb.Append(Pad(t.YearDay, 3)); break;
                case Std.Hour: sb.Append(Pad(hour, 2)); break;
                case Std.Hour12: sb.Append(hour % 12 == 0 ? 12 : hour % 12); break;
                case Std.ZeroHour12: sb.Append(Pad(hour % 12 == 0 ? 12 : hour % 12, 2)); break;
                case Std.Minute: sb.Append(min); break;
                case Std.ZeroMinute: sb.Append(Pad(min, 2)); break;
                case Std.Second: sb.Append(sec); break;
                case Std.ZeroSecond: sb.Append(Pad(sec, 2)); break;
                case Std.PM: sb.Append(hour >= 12 ? "PM" : "AM"); break;
                case Std.Pm: sb.Append(hour >= 12 ? "pm" : "am"); break;
                case Std.ISO8601TZ or Std.ISO8601ColonTZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonSecondsTZ
                    or Std.NumTZ or Std.NumColonTZ or Std.NumSecondsTz or Std.NumShortTZ or Std.NumColonSecondsTZ:
                    FormatOffset(sb, chunk.Std, t.Offset);
                    break;
                case Std.TZ:
                    if (t.ZoneName is { Length: > 0 } name) { sb.Append(name); break; }
                    var z = t.Offset / 60;
                    sb.Append(z < 0 ? '-' : '+');
                    z = Math.Abs(z);
                    sb.Append(Pad(z / 60, 2)).Append(Pad(z % 60, 2));
                    break;
                case Std.FracSecond0 or Std.FracSecond9:
                    FormatFrac(sb, t.Nanos, chunk.FracDigits, chunk.Std == Std.FracSecond9, chunk.FracSep);
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Pad(long v, int width) => v.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    private static void FormatOffset(StringBuilder sb, Std std, int offset)
    {
        var iso = std is Std.ISO8601TZ or Std.ISO8601ColonTZ or Std.ISO8601SecondsTZ or Std.ISO8601ShortTZ or Std.ISO8601ColonSecondsTZ;
        if (offset == 0 && iso) { sb.Append('Z'); return; }
        var zone = offset / 60;
        var absOffset = Math.Abs(offset);
        sb.Append(zone < 0 ? '-' : '+');
        zone = Math.Abs(zone);
        sb.Append(Pad(zone / 60, 2));
        var colon = std is Std.ISO8601ColonTZ or Std.NumColonTZ or Std.ISO8601ColonSecondsTZ or Std.NumColonSecondsTZ;
        if (std is not (Std.ISO8601ShortTZ or Std.NumShortTZ))
        {
            if (colon) sb.Append(':');
            sb.Append(Pad(zone % 60, 2));
        }
        if (std is Std.ISO8601SecondsTZ or Std.NumSecondsTz or Std.NumColonSecondsTZ or Std.ISO8601ColonSecondsTZ)
        {
            if (colon) sb.Append(':');
            sb.Append(Pad(absOffset % 60, 2));
        }
    }

    private static void FormatFrac(StringBuilder sb, int nanos, int digits, bool trim, char sep)
    {
        var s = nanos.ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(9, digits)];
        if (trim)
        {
            s = s.TrimEnd('0');
            if (s.Length == 0) return;
        }
        sb.Append(sep).Append(s);
    }
}
