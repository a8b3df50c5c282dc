namespace Gateway.Rego.Builtins;

/// <summary>Go's time.Parse over reference layouts, including its quirks (fractions after seconds, 2-digit years, error text).</summary>
internal static class ExtGoLayoutParse
{
    private sealed class BadException : Exception;

    private static readonly string[] ShortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static GoTime Parse(string layout, string value)
    {
        var alayout = layout;
        var avalue = value;
        string? rangeErr = null;
        bool amSet = false, pmSet = false;
        long year = 0;
        int month = -1, day = -1, yday = -1, hour = 0, min = 0, sec = 0, nsec = 0;
        GoZone? z = null;
        var zoneOffset = -1;
        string zoneName = string.Empty;
        ExtGoLayout.Std std;

        while (true)
        {
            var chunk = ExtGoLayout.NextChunk(layout);
            var stdstr = layout[chunk.Prefix.Length..(layout.Length - chunk.Suffix.Length)];
            if (!Skip(ref value, chunk.Prefix)) throw Error(alayout, avalue, chunk.Prefix, value, null);
            if (chunk.Std == ExtGoLayout.Std.None)
            {
                if (value.Length != 0) throw Error(alayout, avalue, string.Empty, value, ": extra text: " + ExtUrl.Quote(value));
                break;
            }
            layout = chunk.Suffix;
            var hold = value;
            std = chunk.Std;
            var bad = false;
            try
            {
                switch (std)
                {
                    case ExtGoLayout.Std.Year:
                        if (value.Length < 2) throw new BadException();
                        year = Atoi(value[..2]);
                        value = value[2..];
                        year += year >= 69 ? 1900 : 2000;
                        break;
                    case ExtGoLayout.Std.LongYear:
                        if (value.Length < 4 || !IsDigit(value, 0)) throw new BadException();
                        year = Atoi(value[..4]);
                        value = value[4..];
                        break;
                    case ExtGoLayout.Std.Month:
                        month = Lookup(GoTime.MonthNames.Select(m => m[..3]).ToArray(), ref value) + 1;
                        break;
                    case ExtGoLayout.Std.LongMonth:
                        month = Lookup(GoTime.MonthNames, ref value) + 1;
                        break;
                    case ExtGoLayout.Std.NumMonth or ExtGoLayout.Std.ZeroMonth:
                        month = GetNum(ref value, std == ExtGoLayout.Std.ZeroMonth);
                        if (month is <= 0 or > 12) rangeErr = "month";
                        break;
                    case ExtGoLayout.Std.WeekDay:
                        Lookup(ShortDays, ref value);
                        break;
                    case ExtGoLayout.Std.LongWeekDay:
                        Lookup(GoTime.DayNames, ref value);
                        break;
                    case ExtGoLayout.Std.Day or ExtGoLayout.Std.UnderDay or ExtGoLayout.Std.ZeroDay:
                        if (std == ExtGoLayout.Std.UnderDay && value.Length > 0 && value[0] == ' ') value = value[1..];
                        day = GetNum(ref value, std == ExtGoLayout.Std.ZeroDay);
                        break;
                    case ExtGoLayout.Std.UnderYearDay or ExtGoLayout.Std.ZeroYearDay:
                        for (var i = 0; i < 2; i++)
                        {
                            if (std == ExtGoLayout.Std.UnderYearDay && value.Length > 0 && value[0] == ' ') value = value[1..];
                        }
                        yday = GetNum3(ref value, std == ExtGoLayout.Std.ZeroYearDay);
                        break;
                    case ExtGoLayout.Std.Hour:
                        hour = GetNum(ref value, false);
                        if (hour is < 0 or >= 24) rangeErr = "hour";
                        break;
                    case ExtGoLayout.Std.Hour12 or ExtGoLayout.Std.ZeroHour12:
                        hour = GetNum(ref value, std == ExtGoLayout.Std.ZeroHour12);
                        if (hour is < 0 or > 12) rangeErr = "hour";
                        break;
                    case ExtGoLayout.Std.Minute or ExtGoLayout.Std.ZeroMinute:
                        min = GetNum(ref value, std == ExtGoLayout.Std.ZeroMinute);
                        if (min is < 0 or >= 60) rangeErr = "minute";
                        break;
                    case ExtGoLayout.Std.Second or ExtGoLayout.Std.ZeroSecond:
                        sec = GetNum(ref value, std == ExtGoLayout.Std.ZeroSecond);
                        if (sec is < 0 or >= 60) { rangeErr = "second"; break; }
                        if (value.Length >= 2 && value[0] is '.' or ',' && IsDigit(value, 1))
                        {
                            var next = ExtGoLayout.NextChunk(layout).Std;
                            if (next is ExtGoLayout.Std.FracSecond0 or ExtGoLayout.Std.FracSecond9) break;
                            var n = 2;
                            while (n < value.Length && IsDigit(value, n)) n++;
                            nsec = ParseNanos(value, n, ref rangeErr);
                            value = value[n..];
                        }
                        break;
                    case ExtGoLayout.Std.PM or ExtGoLayout.Std.Pm:
                        if (value.Length < 2) throw new BadException();
                        var p = value[..2];
                        value = value[2..];
                        var upper = std == ExtGoLayout.Std.PM;
                        if (p == (upper ? "PM" : "pm")) pmSet = true;
                        else if (p == (upper ? "AM" : "am")) amSet = true;
                        else throw new BadException();
                        break;
                    case ExtGoLayout.Std.ISO8601TZ or ExtGoLayout.Std.ISO8601ShortTZ or ExtGoLayout.Std.ISO8601ColonTZ
                        or ExtGoLayout.Std.ISO8601SecondsTZ or ExtGoLayout.Std.ISO8601ColonSecondsTZ
                        or ExtGoLayout.Std.NumTZ or ExtGoLayout.Std.NumShortTZ or ExtGoLayout.Std.NumColonTZ
                        or ExtGoLayout.Std.NumSecondsTz or ExtGoLayout.Std.NumColonSecondsTZ:
                        if (std is ExtGoLayout.Std.ISO8601TZ or ExtGoLayout.Std.ISO8601ShortTZ or ExtGoLayout.Std.ISO8601ColonTZ
                                or ExtGoLayout.Std.ISO8601SecondsTZ or ExtGoLayout.Std.ISO8601ColonSecondsTZ
                            && value.Length >= 1 && value[0] == 'Z')
                        {
                            value = value[1..];
                            z = GoZone.Utc;
                            break;
                        }
                        zoneOffset = ParseOffset(std, ref value, ref rangeErr);
                        break;
                    case ExtGoLayout.Std.TZ:
                        if (value.StartsWith("UTC", StringComparison.Ordinal))
                        {
                            z = GoZone.Utc;
                            value = value[3..];
                            break;
                        }
                        var len = ParseTimeZone(value);
                        if (len <= 0) throw new BadException();
                        zoneName = value[..len];
                        value = value[len..];
                        break;
                    case ExtGoLayout.Std.FracSecond0:
                        var ndigit = 1 + chunk.FracDigits;
                        if (value.Length < ndigit) throw new BadException();
                        nsec = ParseNanos(value, ndigit, ref rangeErr);
                        value = value[ndigit..];
                        break;
                    case ExtGoLayout.Std.FracSecond9:
                        if (value.Length < 2 || value[0] is not ('.' or ',') || !IsDigit(value, 1)) break;
                        var k = 0;
                        while (k + 1 < value.Length && IsDigit(value, k + 1)) k++;
                        nsec = ParseNanos(value, 1 + k, ref rangeErr);
                        value = value[(1 + k)..];
                        break;
                }
            }
            catch (BadException)
            {
                bad = true;
            }
            if (rangeErr is not null) throw Error(alayout, avalue, stdstr, value, ": " + rangeErr + " out of range");
            if (bad) throw Error(alayout, avalue, stdstr, hold, null);
        }

        if (pmSet && hour < 12) hour += 12;
        else if (amSet && hour == 12) hour = 0;

        if (yday >= 0)
        {
            int d = 0, m = 0;
            var leap = GoTime.DaysIn(2, year) == 29;
            if (leap)
            {
                if (yday == 31 + 29) { m = 2; d = 29; }
                else if (yday > 31 + 29) yday--;
            }
            if (yday is < 1 or > 365) throw Error(alayout, avalue, string.Empty, value, ": day-of-year out of range");
            if (m == 0)
            {
                int[] daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
                m = (yday - 1) / 31 + 1;
                if (daysBefore[m] < yday) m++;
                d = yday - daysBefore[m - 1];
            }
            if (month >= 0 && month != m) throw Error(alayout, avalue, string.Empty, value, ": day-of-year does not match month");
            month = m;
            if (day >= 0 && day != d) throw Error(alayout, avalue, string.Empty, value, ": day-of-year does not match day");
            day = d;
        }
        else
        {
            if (month < 0) month = 1;
            if (day < 0) day = 1;
        }
        if (day < 1 || day > GoTime.DaysIn(month, year)) throw Error(alayout, avalue, string.Empty, value, ": day out of range");

        if (z is not null) return GoTime.FromCivil(year, month, day, hour, min, sec, nsec, z);
        if (zoneOffset != -1)
        {
            var t = GoTime.FromCivil(year, month, day, hour, min, sec, nsec, GoZone.Utc);
            return new GoTime(t.UnixSeconds - zoneOffset, t.Nanos, zoneOffset, zoneName.Length > 0 ? zoneName : null);
        }
        if (zoneName.Length > 0)
        {
            var offset = 0;
            if (zoneName.Length > 3 && zoneName.StartsWith("GMT", StringComparison.Ordinal)) offset = (int)Atoi(zoneName[3..]) * 3600;
            var t = GoTime.FromCivil(year, month, day, hour, min, sec, nsec, GoZone.Utc);
            return new GoTime(t.UnixSeconds - offset, t.Nanos, offset, zoneName);
        }
        return GoTime.FromCivil(year, month, day, hour, min, sec, nsec, GoZone.Utc);
    }

    private static BuiltinException Error(string layout, string value, string layoutElem, string valueElem, string? message) =>
        new(message is null
            ? $"parsing time {ExtUrl.Quote(value)} as {ExtUrl.Quote(layout)}: cannot parse {ExtUrl.Quote(valueElem)} as {ExtUrl.Quote(layoutElem)}"
            : $"parsing time {ExtUrl.Quote(value)}{message}");

    private static bool Skip(ref string value, string prefix)
    {
        while (prefix.Length > 0)
        {
            if (prefix[0] == ' ')
            {
                if (value.Length > 0 && value[0] != ' ') return false;
                prefix = prefix.TrimStart(' ');
                value = value.TrimStart(' ');
                continue;
            }
            if (value.Length == 0 || value[0] != prefix[0]) return false;
            prefix = prefix[1..];
            value = value[1..];
        }
        return true;
    }

    private static bool IsDigit(string s, int i) => i < s.Length && s[i] is >= '0' and <= '9';

    private static int GetNum(ref string s, bool fixedWidth)
    {
        if (!IsDigit(s, 0)) throw new BadException();
        if (!IsDigit(s, 1))
        {
            if (fixedWidth) throw new BadException();
            var v = s[0] - '0';
            s = s[1..];
            return v;
        }
        var r = (s[0] - '0') * 10 + (s[1] - '0');
        s = s[2..];
        return r;
    }

    private static int GetNum3(ref string s, bool fixedWidth)
    {
        var n = 0;
        var i = 0;
        for (; i < 3 && IsDigit(s, i); i++) n = n * 10 + (s[i] - '0');
        if (i == 0 || (fixedWidth && i != 3)) throw new BadException();
        s = s[i..];
        return n;
    }

    private static long Atoi(string s)
    {
        var neg = false;
        if (s.Length > 0 && s[0] is '-' or '+') { neg = s[0] == '-'; s = s[1..]; }
        if (s.Length == 0 || !s.All(char.IsAsciiDigit)) throw new BadException();
        var v = long.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return neg ? -v : v;
    }

    private static int Lookup(string[] table, ref string value)
    {
        for (var i = 0; i < table.Length; i++)
        {
            var t = table[i];
            if (value.Length >= t.Length && string.Equals(value[..t.Length], t, StringComparison.OrdinalIgnoreCase))
            {
                value = value[t.Length..];
                return i;
            }
        }
        throw new BadException();
    }

    private static int ParseNanos(string value, int nbytes, ref string? rangeErr)
    {
        if (value[0] is not ('.' or ',')) throw new BadException();
        if (nbytes > 10) nbytes = 10;
        var digits = value[1..nbytes];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) throw new BadException();
        var ns = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 10 - nbytes; i++) ns *= 10;
        return ns;
    }

    private static int ParseOffset(ExtGoLayout.Std std, ref string value, ref string? rangeErr)
    {
        string sign, hh, mm, ss;
        switch (std)
        {
            case ExtGoLayout.Std.ISO8601ColonTZ or ExtGoLayout.Std.NumColonTZ:
                if (value.Length < 6 || value[3] != ':') throw new BadException();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[4..6], "00");
                value = value[6..];
                break;
            case ExtGoLayout.Std.NumShortTZ or ExtGoLayout.Std.ISO8601ShortTZ:
                if (value.Length < 3) throw new BadException();
                (sign, hh, mm, ss) = (value[..1], value[1..3], "00", "00");
                value = value[3..];
                break;
            case ExtGoLayout.Std.ISO8601ColonSecondsTZ or ExtGoLayout.Std.NumColonSecondsTZ:
                if (value.Length < 9 || value[3] != ':' || value[6] != ':') throw new BadException();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[4..6], value[7..9]);
                value = value[9..];
                break;
            case ExtGoLayout.Std.ISO8601SecondsTZ or ExtGoLayout.Std.NumSecondsTz:
                if (value.Length < 7) throw new BadException();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[3..5], value[5..7]);
                value = value[7..];
                break;
            default:
                if (value.Length < 5) throw new BadException();
                (sign, hh, mm, ss) = (value[..1], value[1..3], value[3..5], "00");
                value = value[5..];
                break;
        }
        var h = GetNum(ref hh, true);
        var m = GetNum(ref mm, true);
        var s = GetNum(ref ss, true);
        if (h > 24) rangeErr = "time zone offset hour";
        if (m > 60) rangeErr = "time zone offset minute";
        if (s > 60) rangeErr = "time zone offset second";
        var offset = (h * 60 + m) * 60 + s;
        return sign switch
        {
            "+" => offset,
            "-" => -offset,
            _ => throw new BadException(),
        };
    }

    private static int ParseTimeZone(string value)
    {
        if (value.Length < 3) return 0;
        if (value.Length >= 4 && value[..4] is "ChST" or "MeST") return 4;
        if (value.StartsWith("GMT", StringComparison.Ordinal))
        {
            var i = 3;
            if (i < value.Length && value[i] is '+' or '-')
            {
                var j = i + 1;
                while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
                if (j > i + 1 && j - i - 1 <= 2) return j;
            }
            return 3;
        }
        if (value[0] is '+' or '-')
        {
            var j = 1;
            while (j < value.Length && char.IsAsciiDigit(value[j])) j++;
            return j - 1 is >= 1 and <= 2 ? j : 0;
        }
        var nUpper = 0;
        while (nUpper < 6 && nUpper < value.Length && value[nUpper] is >= 'A' and <= 'Z') nUpper++;
        return nUpper switch
        {
            5 when value[4] == 'T' => 5,
            4 when value[3] == 'T' || value[..4] == "WITA" => 4,
            3 => 3,
            _ => 0,
        };
    }
}
