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
    /// <c>to_number(s) &lt; limit</c>, or null when to_number fails. Plain digits are read directly; anything else
    /// goes through the engine's own port of Go's ParseFloat, as compiled code would call it.
    /// </summary>
    public static bool? NumberBelow(ReadOnlySpan<char> s, long limit)
    {
        if (s.Length is > 0 and <= 18 && !s.ContainsAnyExceptInRange('0', '9'))
        {
            return long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture) < limit;
        }
        RegoNumber? n;
        try
        {
            n = CoreGoNumbers.ParseFloatLiteral(s.ToString());
        }
        catch (BuiltinException)
        {
            return null;
        }
        return n is null ? null : RegoNumber.CompareNumbers(n, RegoNumber.Of(limit)) < 0;
    }

    /// <summary>
    /// <c>time.parse_rfc3339_ns(s)</c> through the engine's own RFC 3339 fast path (compiled code would call the same
    /// builtin code), within the int64 nanosecond range. Simplified: the few shapes only Go's general layout parser
    /// accepts (more than nine fraction digits, a comma before the fraction) are treated as unparseable here.
    /// </summary>
    public static bool TryParseRfc3339Nanos(string s, out long nanos)
    {
        nanos = 0;
        if (!ExtGoRfc3339.TryParse(s, out var time)) return false;
        var total = (Int128)time.UnixSeconds * 1_000_000_000 + time.Nanos;
        if (total < long.MinValue || total > long.MaxValue) return false;
        nanos = (long)total;
        return true;
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
