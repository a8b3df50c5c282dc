using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// units.parse (SI and binary suffixes, "m" = milli) and units.parse_bytes (case-insensitive, truncated to an integer),
/// computed exactly as OPA's parse_units.go / parse_bytes.go do. Like OPA, the messages carry the builtin's name.
/// </summary>
internal static class UnitsBuiltins
{
    private const int MaxExponentDigits = 6;

    // OPA multiplies by big.Rat.SetFloat64(0.001): the double nearest 0.001, not exactly 1/1000.
    private static readonly CoreRational Milli = CoreRational.OfDouble(0.001);

    private static readonly Dictionary<string, BigInteger> UnitsParseFactors = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["k"] = Pow(1000, 1), ["K"] = Pow(1000, 1), ["ki"] = Pow(1024, 1), ["Ki"] = Pow(1024, 1),
        ["M"] = Pow(1000, 2), ["mi"] = Pow(1024, 2), ["Mi"] = Pow(1024, 2),
        ["g"] = Pow(1000, 3), ["G"] = Pow(1000, 3), ["gi"] = Pow(1024, 3), ["Gi"] = Pow(1024, 3),
        ["t"] = Pow(1000, 4), ["T"] = Pow(1000, 4), ["ti"] = Pow(1024, 4), ["Ti"] = Pow(1024, 4),
        ["p"] = Pow(1000, 5), ["P"] = Pow(1000, 5), ["pi"] = Pow(1024, 5), ["Pi"] = Pow(1024, 5),
        ["e"] = Pow(1000, 6), ["E"] = Pow(1000, 6), ["ei"] = Pow(1024, 6), ["Ei"] = Pow(1024, 6),
    };

    private static readonly Dictionary<string, BigInteger> ByteFactors = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["kb"] = Pow(1000, 1), ["k"] = Pow(1000, 1), ["kib"] = Pow(1024, 1), ["ki"] = Pow(1024, 1),
        ["mb"] = Pow(1000, 2), ["m"] = Pow(1000, 2), ["mib"] = Pow(1024, 2), ["mi"] = Pow(1024, 2),
        ["gb"] = Pow(1000, 3), ["g"] = Pow(1000, 3), ["gib"] = Pow(1024, 3), ["gi"] = Pow(1024, 3),
        ["tb"] = Pow(1000, 4), ["t"] = Pow(1000, 4), ["tib"] = Pow(1024, 4), ["ti"] = Pow(1024, 4),
        ["pb"] = Pow(1000, 5), ["p"] = Pow(1000, 5), ["pib"] = Pow(1024, 5), ["pi"] = Pow(1024, 5),
        ["eb"] = Pow(1000, 6), ["e"] = Pow(1000, 6), ["eib"] = Pow(1024, 6), ["ei"] = Pow(1024, 6),
    };

    private static BigInteger Pow(int b, int e) => BigInteger.Pow(b, e);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("units.parse", 1, static (_, a) => ParseUnits(BuiltinArgs.String(a, 0)));
        registry.Register("units.parse_bytes", 1, static (_, a) => ParseBytes(BuiltinArgs.String(a, 0)));
    }

    private static RegoNumber ParseUnits(string raw)
    {
        const string name = "units.parse";
        var s = raw.Replace("\"", "", StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal)) throw Error(name, "spaces not allowed in resource strings");
        if (!TrySplit(s, out var num, out var unit)) throw Error(name, "exponent too large");
        if (num.Length == 0) throw Error(name, "no amount provided");
        // Only the letters after the first are lower-cased, so "m" (milli) and "M" (mega) stay distinct.
        if (unit.Length > 1) unit = unit[..1] + unit[1..].ToLowerInvariant();
        CoreRational factor;
        if (unit == "m") factor = Milli;
        else if (UnitsParseFactors.TryGetValue(unit, out var f)) factor = CoreRational.Of(f);
        else throw Error(name, $"unit {unit} not recognized");
        if (!CoreRational.TryParseDecimal(num, out var amount)) throw Error(name, "could not parse amount to a number");
        var value = amount * factor;
        if (value.IsInteger) return RegoNumber.Of(value.Num);
        return RegoNumber.Parse(value.FloatString(10)) ?? throw Error(name, "could not parse amount to a number");
    }

    private static RegoNumber ParseBytes(string raw)
    {
        const string name = "units.parse_bytes";
        var s = raw.ToLowerInvariant().Replace("\"", "", StringComparison.Ordinal);
        if (s.Contains(' ', StringComparison.Ordinal)) throw Error(name, "spaces not allowed in resource strings");
        if (!TrySplit(s, out var num, out var unit)) throw Error(name, "exponent too large");
        if (num.Length == 0) throw Error(name, "no byte amount provided");
        if (!ByteFactors.TryGetValue(unit, out var factor)) throw Error(name, $"byte unit {unit} not recognized");
        if (!CoreRational.TryParseDecimal(num, out var amount)) throw Error(name, "could not parse byte amount to a number");
        // big.Float: the amount is rounded to a 64-bit mantissa, so is the product, then truncated to an integer.
        var product = amount.RoundToBinary() * CoreRational.Of(factor);
        return RegoNumber.Of(product.RoundToBinary().Truncate());
    }

    private static BuiltinException Error(string name, string message) => new($"{name}: {message}");

    /// <summary>
    /// OPA's extractNumAndUnit: the number runs over digits, '.', '+', '-' and an 'e'/'E' that is followed by a digit
    /// or sign; everything from the first other character is the unit. False when an exponent has too many digits.
    /// </summary>
    private static bool TrySplit(string s, out string num, out string unit)
    {
        var firstNonNum = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-')
            {
                firstNonNum = i;
                break;
            }
            if (c is 'e' or 'E')
            {
                if (i == s.Length - 1 || (!char.IsAsciiDigit(s[i + 1]) && s[i + 1] != '+' && s[i + 1] != '-'))
                {
                    firstNonNum = i;
                    break;
                }
                if (s[i + 1] is '+' or '-') i++;
                var expEnd = i + 1;
                while (expEnd < s.Length && char.IsAsciiDigit(s[expEnd])) expEnd++;
                if (expEnd - (i + 1) > MaxExponentDigits)
                {
                    num = unit = "";
                    return false;
                }
            }
        }
        (num, unit) = firstNonNum switch
        {
            -1 => (s, ""),
            0 => ("", s),
            _ => (s[..firstNonNum], s[firstNonNum..]),
        };
        return true;
    }
}
