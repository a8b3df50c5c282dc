using System.Globalization;
using System.Numerics;
using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// String builtins with Go's semantics: positions and lengths count code points (runes), comparisons are ordinal,
/// and replace/replace_n follow strings.NewReplacer. sprintf is in <see cref="SprintfBuiltin"/>.
/// </summary>
internal static partial class StringBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("concat", 2, Concat);
        registry.Register("contains", 2, static (_, a) => Test(StringTest.Contains, BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1)));
        registry.Register("startswith", 2, static (_, a) => Test(StringTest.StartsWith, BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1)));
        registry.Register("endswith", 2, static (_, a) => Test(StringTest.EndsWith, BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1)));
        registry.Register("format_int", 2, FormatInt);
        registry.Register("indexof", 2, static (_, a) =>
        {
            var (s, search) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
            if (search.Length == 0) throw new BuiltinException("empty search character");
            var i = s.IndexOf(search, StringComparison.Ordinal);
            return RegoNumber.Of(i < 0 ? -1 : CoreText.CodePointCount(s[..i]));
        });
        registry.Register("indexof_n", 2, static (_, a) =>
        {
            var (s, search) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
            if (search.Length == 0) throw new BuiltinException("empty search character");
            // Every rune position where the search starts, overlapping matches included.
            var found = new List<RegoValue>();
            var runeIndex = 0;
            for (var i = 0; i < s.Length; i += CoreText.WidthAt(s, i), runeIndex++)
            {
                if (s.AsSpan(i).StartsWith(search, StringComparison.Ordinal)) found.Add(RegoNumber.Of(runeIndex));
            }
            return new RegoArray(found.ToArray());
        });
        registry.Register("lower", 1, static (_, a) => SameIfUnchanged(a[0], BuiltinArgs.String(a, 0).ToLowerInvariant()));
        registry.Register("upper", 1, static (_, a) => SameIfUnchanged(a[0], BuiltinArgs.String(a, 0).ToUpperInvariant()));
        registry.Register("split", 2, Split);
        registry.Register("substring", 3, Substring);
        registry.Register("strings.reverse", 1, static (_, a) =>
        {
            var cps = CoreText.CodePoints(BuiltinArgs.String(a, 0));
            Array.Reverse(cps);
            return new RegoString(CoreText.FromCodePoints(cps));
        });
        registry.Register("strings.count", 2, static (_, a) =>
        {
            var (s, sub) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
            // Go's strings.Count: an empty substring occurs between every rune and at both ends.
            if (sub.Length == 0) return RegoNumber.Of(CoreText.CodePointCount(s) + 1);
            var n = 0;
            for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
            return RegoNumber.Of(n);
        });
        registry.Register("strings.any_prefix_match", 2, static (_, a) => RegoBool.Of(AnyPair(a, static (s, p) => s.StartsWith(p, StringComparison.Ordinal))));
        registry.Register("strings.any_suffix_match", 2, static (_, a) => RegoBool.Of(AnyPair(a, static (s, p) => s.EndsWith(p, StringComparison.Ordinal))));
        registry.Register("to_number", 1, ToNumber);
        RegisterTrims(registry);
        RegisterReplacers(registry);
        registry.Register("strings.render_template", 2, static (_, a) =>
        {
            var template = BuiltinArgs.String(a, 0);
            var vars = BuiltinArgs.Object(a, 1);
            return new RegoString(CoreGoTemplate.Render(template, vars));
        });
    }

    private static RegoValue Concat(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var delimiter = BuiltinArgs.String(a, 0);
        IReadOnlyList<RegoValue> items = a[1] switch
        {
            RegoArray arr => arr.AsList(),
            RegoSet set => set.Sorted,
            _ => throw BuiltinArgs.TypeError(2, a[1], "set", "array"),
        };
        var sb = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not RegoString s) throw ElementError(2, a[1], items[i], "string");
            if (i > 0) sb.Append(delimiter);
            sb.Append(s.Value);
        }
        return new RegoString(sb.ToString());
    }

    /// <summary>OPA's NewOperandElementErr: "operand N must be array of strings but got array containing number".</summary>
    internal static BuiltinTypeException ElementError(int position, RegoValue composite, RegoValue got, string expected) =>
        new($"operand {position} must be {composite.TypeName} of {expected}s but got {composite.TypeName} containing {got.TypeName}");

    /// <summary>Whether a string of operand 1 and a string of operand 2 pass the test (any_prefix_match, any_suffix_match).</summary>
    private static bool AnyPair(ReadOnlySpan<RegoValue> a, Func<string, string, bool> test)
    {
        var strs = StringsOperand(a, 0);
        var affixes = StringsOperand(a, 1);
        for (var i = 0; i < strs.Count; i++)
        {
            for (var j = 0; j < affixes.Count; j++)
            {
                if (test(((RegoString)strs[i]).Value, ((RegoString)affixes[j]).Value)) return true;
            }
        }
        return false;
    }

    /// <summary>A string, or an array/set of strings: its strings, each checked to be one.</summary>
    private static IReadOnlyList<RegoValue> StringsOperand(ReadOnlySpan<RegoValue> a, int index)
    {
        IReadOnlyList<RegoValue> items = a[index] switch
        {
            RegoString s => [s],
            RegoArray arr => arr.AsList(),
            RegoSet set => set.Sorted,
            _ => throw BuiltinArgs.TypeError(index + 1, a[index], "string", "set", "array"),
        };
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not RegoString) throw ElementError(index + 1, a[index], items[i], "string");
        }
        return items;
    }

    private static RegoValue FormatInt(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var input = BuiltinArgs.Number(a, 0);
        var b = BuiltinArgs.Number(a, 1);
        var radix = b.TryGetInt32(out var r) ? r : 0;
        if (radix is not (2 or 8 or 10 or 16)) throw new BuiltinTypeException("operand 2 must be one of {2, 8, 10, 16}");
        // Fractions are truncated toward zero, as big.Float.Int does.
        var value = input.TryGetInteger(out var i) ? i : Truncate(input);
        return new RegoString(FormatBigInteger(value, radix));
    }

    private static BigInteger Truncate(RegoNumber n) =>
        CoreNumbers.TryGetDecimal(n, out var d) ? new BigInteger(decimal.Truncate(d)) : new BigInteger(Math.Truncate(n.ToDouble()));

    /// <summary>Go's %b/%o/%d/%x of a big.Int: a leading '-' for negatives, lower-case hex digits, no prefix.</summary>
    internal static string FormatBigInteger(BigInteger value, int radix)
    {
        if (radix == 10) return value.ToString(CultureInfo.InvariantCulture);
        var negative = value.Sign < 0;
        var abs = BigInteger.Abs(value);
        if (abs.IsZero) return "0";
        var sb = new StringBuilder();
        while (!abs.IsZero)
        {
            abs = BigInteger.DivRem(abs, radix, out var digit);
            sb.Insert(0, "0123456789abcdef"[(int)digit]);
        }
        if (negative) sb.Insert(0, '-');
        return sb.ToString();
    }

    private static RegoValue Split(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var (s, delimiter) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
        if (delimiter.Length == 0)
        {
            // Go splits into single runes.
            return new RegoArray(CoreText.CodePoints(s).Select(cp => (RegoValue)new RegoString(char.ConvertFromUtf32(IsScalar(cp) ? cp : 0xFFFD))).ToArray());
        }
        // Count the parts first so the result array is the only array allocated (string.Split allocates another).
        var count = 1;
        for (var at = s.IndexOf(delimiter, StringComparison.Ordinal); at >= 0; at = s.IndexOf(delimiter, at + delimiter.Length, StringComparison.Ordinal)) count++;
        var items = new RegoValue[count];
        var start = 0;
        for (var i = 0; i < count - 1; i++)
        {
            var at = s.IndexOf(delimiter, start, StringComparison.Ordinal);
            items[i] = new RegoString(s[start..at]);
            start = at + delimiter.Length;
        }
        items[count - 1] = new RegoString(start == 0 ? s : s[start..]);
        return new RegoArray(items);
    }

    /// <summary>The ordinal string tests, shared by the builtins and compiled code's direct calls (Evaluator.CgStringTest).</summary>
    internal enum StringTest : byte { Contains, StartsWith, EndsWith }

    /// <summary>The test a builtin named contains, startswith or endswith makes; null for any other name.</summary>
    internal static StringTest? StringTestOf(string builtin) => builtin switch
    {
        "contains" => StringTest.Contains,
        "startswith" => StringTest.StartsWith,
        "endswith" => StringTest.EndsWith,
        _ => null,
    };

    internal static RegoBool Test(StringTest test, string s, string part, StringComparison comparison = StringComparison.Ordinal) => RegoBool.Of(test switch
    {
        StringTest.Contains => s.Contains(part, comparison),
        StringTest.StartsWith => s.StartsWith(part, comparison),
        _ => s.EndsWith(part, comparison),
    });

    /// <summary>
    /// Part <paramref name="index"/> of what <c>split</c> returns for a non-empty delimiter, without building the others;
    /// false past the last part. Compiled code uses it for <c>split(s, d)[i]</c>.
    /// </summary>
    internal static bool TrySplitPart(string s, string delimiter, int index, out Range part)
    {
        part = default;
        var start = 0;
        for (var i = 0; i < index; i++)
        {
            var at = s.IndexOf(delimiter, start, StringComparison.Ordinal);
            if (at < 0) return false;
            start = at + delimiter.Length;
        }
        var end = s.IndexOf(delimiter, start, StringComparison.Ordinal);
        part = start..(end < 0 ? s.Length : end);
        return true;
    }

    /// <summary>
    /// The argument itself when a case mapping changed nothing (.NET then returns the same string instance):
    /// policies lower-case strings that are already lower case in loops, and values are immutable.
    /// </summary>
    private static RegoValue SameIfUnchanged(RegoValue original, string mapped) =>
        ReferenceEquals(((RegoString)original).Value, mapped) ? original : new RegoString(mapped);

    private static bool IsScalar(int cp) => cp is < 0xD800 or (> 0xDFFF and <= 0x10FFFF);

    private static RegoValue Substring(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = BuiltinArgs.String(a, 0);
        var start = CoreNumbers.IntOperand(a, 1);
        var length = CoreNumbers.IntOperand(a, 2);
        if (start < 0) throw new BuiltinException("negative offset");
        if (CoreText.IsAscii(s))
        {
            if (start >= s.Length) return RegoString.Empty;
            if (length < 0) return new RegoString(s[(int)start..]);
            return new RegoString(s[(int)start..(int)Math.Min(s.Length, start + length)]);
        }
        var cps = CoreText.CodePoints(s);
        if (start >= cps.Length) return RegoString.Empty;
        var end = length < 0 ? cps.Length : (int)Math.Min(cps.Length, start + length);
        return new RegoString(CoreText.FromCodePoints(cps.AsSpan((int)start, end - (int)start)));
    }

    /// <summary>1 to 18 ASCII digits without sign or leading zero: the value is exact in a long and the same as Go's ParseFloat gives.</summary>
    private static bool TryParsePlainInteger(string s, out long value)
    {
        value = 0;
        if (s.Length is 0 or > 18 || (s[0] == '0' && s.Length > 1)) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static RegoValue ToNumber(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        switch (a[0])
        {
            case RegoNull: return RegoNumber.Zero;
            case RegoBool b: return b.Value ? RegoNumber.One : RegoNumber.Zero;
            case RegoNumber n: return n;
            case RegoString s:
                // Plain decimal integers (ports, counts, sizes) are most of what policies convert: no copies for them.
                if (TryParsePlainInteger(s.Value, out var integer)) return RegoNumber.Of(integer);
                var lowered = s.Value.TrimStart('+', '-').ToLowerInvariant();
                if (lowered is "inf" or "infinity" or "nan") throw BuiltinArgs.TypeError(1, s, "valid number string");
                return CoreGoNumbers.ParseFloatLiteral(s.Value) ?? throw new BuiltinException($"strconv.ParseFloat: parsing {CoreGoFormatter.Quote(s.Value)}: invalid syntax");
            default:
                throw BuiltinArgs.TypeError(1, a[0], "null", "boolean", "number", "string");
        }
    }
}
