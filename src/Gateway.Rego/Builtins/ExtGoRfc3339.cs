namespace Gateway.Rego.Builtins;

/// <summary>
/// A fast path for the common RFC 3339 shape <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>, which admission
/// policies parse on every decision (image creation times). Anything else — other shapes, out-of-range
/// fields — is left to the general Go layout parser, so results and error messages stay Go's.
/// </summary>
internal static class ExtGoRfc3339
{
    public static bool TryParse(string s, out GoTime time)
    {
        time = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DaysIn(month, year) || hour > 23 || minute > 59 || second > 59) return false;
        var i = 19;
        long nanos = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            var count = i - start;
            if (count is 0 or > 9) return false;
            for (var j = start; j < i; j++) nanos = nanos * 10 + (s[j] - '0');
            for (var j = count; j < 9; j++) nanos *= 10;
        }
        int offset;
        if (i == s.Length - 1 && s[i] == 'Z')
        {
            offset = 0;
        }
        else if (i == s.Length - 6 && s[i] is '+' or '-' && s[i + 3] == ':' &&
                 Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om) && oh < 24 && om < 60)
        {
            offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }
        var utc = GoTime.FromCivil(year, month, day, hour, minute, second, nanos, GoZone.Utc);
        time = new GoTime(utc.UnixSeconds - offset, utc.Nanos, offset, null);
        return true;
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static int DaysIn(int month, int year) => month == 2
        ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28)
        : month is 4 or 6 or 9 or 11 ? 30 : 31;
}
