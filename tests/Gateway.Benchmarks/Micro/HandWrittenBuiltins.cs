using System.Buffers;
using System.Globalization;
using System.Text;
using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// What <see cref="HandWrittenAdmission"/> needs of Rego's semantics, written as plain C# over the engine's value
/// types: ref steps, iteration, membership, count, and the builtins the admission policy calls. Undefined is
/// null; a builtin type error (which OPA, without strict builtin errors, turns into an undefined expression) is
/// null or false too, so nothing here throws on odd inputs.
/// </summary>
internal static class HandWrittenBuiltins
{
    /// <summary><c>v.key</c> / <c>v["key"]</c>: an object's value, a set's member; arrays take integer indexes only.</summary>
    public static RegoValue? Get(RegoValue? v, RegoString key) => v switch
    {
        RegoObject o => o.Get(key),
        RegoSet s => s.Contains(key) ? key : null,
        _ => null,
    };

    /// <summary>An expression used as a statement holds unless it is undefined or false.</summary>
    public static bool Holds(RegoValue? v) => v is not null and not RegoBool { Value: false };

    /// <summary>
    /// <c>some x in c</c>: array elements, object values, set elements; nothing for scalars. Arrays — the shape
    /// admission inputs have — are not copied; the other collections are (they only occur in odd inputs).
    /// </summary>
    public static ReadOnlySpan<RegoValue> Members(RegoValue? c) => c switch
    {
        RegoArray a => a.Items,
        RegoObject o => o.Items.Values.ToArray(),
        RegoSet s => s.Items.ToArray(),
        _ => default,
    };

    /// <summary>
    /// The keys of <c>some k, _ in c</c> for the rules that only accept string keys: object keys and set members.
    /// Array indexes are numbers, which none of those rules accept (startswith/split fail, `in` a set of strings
    /// is false), so arrays yield nothing. SortedKeys is the value's own (lazily built) key list, as the engine uses.
    /// </summary>
    public static IReadOnlyList<RegoValue> StringKeyCandidates(RegoValue? c) => c switch
    {
        RegoObject o => o.SortedKeys,
        RegoSet s => s.Sorted,
        _ => [],
    };

    /// <summary><c>x in c</c> (internal.member_2): array elements, object values, set members; false otherwise.</summary>
    public static bool IsMember(RegoValue x, RegoValue? c)
    {
        switch (c)
        {
            case RegoArray a:
                foreach (var item in a.Items)
                {
                    if (x.Equals(item)) return true;
                }
                return false;
            case RegoSet s:
                return s.Contains(x);
            case RegoObject o:
                foreach (var item in o.Items.Values)
                {
                    if (x.Equals(item)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    /// <summary><c>count(v)</c>: collection sizes, a string's code points; null (a type error) for the rest.</summary>
    public static int? Count(RegoValue? v) => v switch
    {
        RegoArray a => a.Count,
        RegoObject o => o.Count,
        RegoSet s => s.Count,
        RegoString s => CodePointCount(s.Value),
        _ => null,
    };

    /// <summary>Code points as Go counts runes: a surrogate pair is one, a lone surrogate one too.</summary>
    public static int CodePointCount(string s)
    {
        var n = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { n--; i++; }
        }
        return n;
    }

    // lower() is ToLowerInvariant, as in the engine. With InvariantGlobalization that maps char by char through the
    // Unicode tables; ASCII text, the usual case, takes the vectorized ASCII routines, which map it identically.

    /// <summary><c>lower(s) == s</c>, without allocating.</summary>
    public static bool IsLowerCase(string s) =>
        Ascii.IsValid(s) ? !s.AsSpan().ContainsAnyInRange('A', 'Z') : s.ToLowerInvariant() == s;

    /// <summary><c>contains(lower(s), p)</c> for any of the patterns, lower-casing into a stack buffer instead of a new string.</summary>
    public static bool LowerContainsAny(ReadOnlySpan<char> s, SearchValues<string> patterns)
    {
        // .NET case mapping is one char to one char, so the lower-cased text has the same length.
        Span<char> lowered = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        if (Ascii.ToLower(s, lowered, out _) != OperationStatus.Done) s.ToLowerInvariant(lowered);
        return lowered.IndexOfAny(patterns) >= 0;
    }

    /// <summary><c>split(s, sep)[0]</c>: the text before the first separator (all of it when there is none).</summary>
    public static ReadOnlySpan<char> BeforeFirst(string s, char separator)
    {
        var i = s.IndexOf(separator);
        return i < 0 ? s : s.AsSpan(0, i);
    }

    /// <summary>
    /// <c>strings.any_prefix_match(v, prefixes)</c>: true/false, or null when v is not a string or an array/set of
    /// strings (a type error).
    /// </summary>
    public static bool? AnyPrefixMatch(RegoValue v, ReadOnlySpan<string> prefixes)
    {
        switch (v)
        {
            case RegoString s:
                return StartsWithAny(s.Value, prefixes);
            case RegoArray or RegoSet:
                var any = false;
                foreach (var item in Members(v))
                {
                    if (item is not RegoString s) return null;
                    any |= StartsWithAny(s.Value, prefixes);
                }
                return any;
            default:
                return null;
        }
    }

    private static bool StartsWithAny(string s, ReadOnlySpan<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (s.StartsWith(p, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>
    /// <c>to_number(s) &lt; limit</c>, or null when to_number fails. Decimal literals as Go's ParseFloat reads them
    /// (sign, digits, fraction, exponent). Simplified: hexadecimal literals ("0x16"), which OPA accepts, are
    /// treated as not numbers here.
    /// </summary>
    public static bool? NumberBelow(ReadOnlySpan<char> s, long limit)
    {
        if (s.Length is > 0 and <= 18 && !s.ContainsAnyExceptInRange('0', '9'))
        {
            return long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture) < limit;
        }
        if (!IsDecimalLiteral(s)) return null;
        var d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d)) return null;
        var text = s[0] == '+' ? s[1..].ToString() : s.ToString();
        var n = RegoNumber.Parse(text) ?? RegoNumber.Of(d);
        return RegoNumber.CompareNumbers(n, RegoNumber.Of(limit)) < 0;
    }

    private static bool IsDecimalLiteral(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = false;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits = true; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits = true; }
        }
        if (!digits) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        return i == s.Length;
    }

    /// <summary>
    /// <c>time.parse_rfc3339_ns(s)</c> for <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>, with Go's field ranges
    /// and the int64 nanosecond range. Simplified: the few shapes only Go's general layout parser accepts (more
    /// than nine fraction digits, a comma before the fraction) are treated as unparseable here.
    /// </summary>
    public static bool TryParseRfc3339Nanos(string s, out long nanos)
    {
        nanos = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || day > DaysIn(month, year) || hour > 23 || minute > 59 || second > 59) return false;
        var i = 19;
        long fraction = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            var count = i - start;
            if (count is 0 or > 9) return false;
            for (var j = start; j < i; j++) fraction = fraction * 10 + (s[j] - '0');
            for (var j = count; j < 9; j++) fraction *= 10;
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
        var seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
        var total = (Int128)seconds * 1_000_000_000 + fraction;
        if (total < long.MinValue || total > long.MaxValue) return false;
        nanos = (long)total;
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

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    private static long DaysFromCivil(long year, int month, int day)
    {
        if (month <= 2) year--;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    /// <summary>
    /// <c>semver.is_valid(s)</c> as OPA's internal/semver (and the engine): an optional leading "v", three decimal
    /// int64 parts, optional -prerelease and +metadata made of dot-separated [0-9A-Za-z-] identifiers.
    /// </summary>
    public static bool IsSemver(ReadOnlySpan<char> s)
    {
        if (s.StartsWith('v')) s = s[1..];
        var plus = s.IndexOf('+');
        if (plus >= 0)
        {
            if (!IsEmptyOrIdentifiers(s[(plus + 1)..])) return false;
            s = s[..plus];
        }
        var dash = s.IndexOf('-');
        if (dash >= 0)
        {
            if (!IsEmptyOrIdentifiers(s[(dash + 1)..])) return false;
            s = s[..dash];
        }
        var dot1 = s.IndexOf('.');
        if (dot1 < 0) return false;
        var rest = s[(dot1 + 1)..];
        var dot2 = rest.IndexOf('.');
        if (dot2 < 0) return false;
        var patch = rest[(dot2 + 1)..];
        return !patch.Contains('.') && IsInt64(s[..dot1]) && IsInt64(rest[..dot2]) && IsInt64(patch);
    }

    // strconv.ParseInt(p, 10, 64); no sign can be left here, the '+' and '-' cuts above took them.
    private static bool IsInt64(ReadOnlySpan<char> p) =>
        p.Length > 0 && !p.ContainsAnyExceptInRange('0', '9') && long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    // ^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$ as the engine's .NET regex matches it: its $ also matches before a final "\n".
    private static bool IsEmptyOrIdentifiers(ReadOnlySpan<char> s)
    {
        if (s.Length == 0) return true;
        if (s[^1] == '\n') s = s[..^1];
        var run = 0;
        foreach (var c in s)
        {
            if (c == '.')
            {
                if (run == 0) return false;
                run = 0;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '-') run++;
            else return false;
        }
        return run > 0;
    }

    /// <summary>
    /// <c>sprintf</c> for this policy's formats (only %s, %v and %d, no flags). Strings under %s/%v, 64-bit integers
    /// under %d/%v and other non-numbers under %s/%v (their Rego text, as OPA passes them) are formatted here;
    /// anything else — a string under %d, a fraction, a big integer — goes to the engine's port of Go's fmt, so odd
    /// inputs still read "%!d(string=x)" as in OPA. Only deny messages are formatted, never on an admitted input.
    /// </summary>
    public static RegoString Sprintf(string format, params ReadOnlySpan<RegoValue> args)
    {
        var sb = new StringBuilder(format.Length + 64);
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                sb.Append(format[i]);
                continue;
            }
            var text = Text(args[next++], format[++i]);
            if (text is null) return GoSprintf(format, args);
            sb.Append(text);
        }
        return new RegoString(sb.ToString());
    }

    private static string? Text(RegoValue v, char verb) => v switch
    {
        RegoString s => verb is 's' or 'v' ? s.Value : null,
        RegoNumber n => verb is 'd' or 'v' && n.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : null,
        _ => verb is 's' or 'v' ? v.ToString() : null,
    };

    private static RegoString GoSprintf(string format, ReadOnlySpan<RegoValue> args)
    {
        var goArgs = new List<CoreGoFormatter.GoArg>(args.Length);
        foreach (var a in args) goArgs.Add(SprintfBuiltin.ToGoArg(a));
        return new RegoString(CoreGoFormatter.Sprintf(format, goArgs));
    }
}
