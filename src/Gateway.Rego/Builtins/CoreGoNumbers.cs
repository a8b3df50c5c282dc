using System.Globalization;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>Go's strconv.ParseFloat syntax check, for to_number.</summary>
internal static class CoreGoNumbers
{
    /// <summary>
    /// Parse a number the way strconv.ParseFloat(s, 64) accepts it (decimal with optional exponent, or a hex float
    /// with a 'p' exponent). Returns null on a syntax error; throws "value out of range" when the value overflows a double.
    /// </summary>
    public static RegoNumber? ParseFloatLiteral(string s)
    {
        var i = 0;
        var negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        if (i + 1 < s.Length && s[i] == '0' && s[i + 1] is 'x' or 'X') return ParseHex(s, i + 2, negative);
        var sawDigits = false;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; sawDigits = true; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; sawDigits = true; }
        }
        if (!sawDigits) return null;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return null;
        }
        if (i != s.Length) return null;
        var d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d)) throw OutOfRange(s);
        // Keep the exact value of the literal, as OPA keeps the string itself as the number.
        return RegoNumber.Parse(s.StartsWith('+') ? s[1..] : s) ?? RegoNumber.Of(d);
    }

    private static RegoNumber? ParseHex(string s, int i, bool negative)
    {
        double mantissa = 0;
        var exp = 0;
        var sawDigits = false;
        var sawDot = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.' && !sawDot) { sawDot = true; continue; }
            var v = HexValue(c);
            if (v < 0) break;
            mantissa = mantissa * 16 + v;
            if (sawDot) exp -= 4;
            sawDigits = true;
        }
        // A hex mantissa needs a 'p' exponent.
        if (!sawDigits || i >= s.Length || s[i] is not ('p' or 'P')) return null;
        i++;
        var expNegative = false;
        if (i < s.Length && s[i] is '+' or '-') expNegative = s[i++] == '-';
        var start = i;
        var e = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) e = Math.Min(e * 10 + (s[i++] - '0'), 100_000);
        if (i == start || i != s.Length) return null;
        var value = mantissa * Math.Pow(2, exp + (expNegative ? -e : e));
        if (double.IsInfinity(value)) throw OutOfRange(s);
        return RegoNumber.Of(negative ? -value : value);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static BuiltinException OutOfRange(string s) =>
        new($"strconv.ParseFloat: parsing {CoreGoFormatter.Quote(s)}: value out of range");
}
