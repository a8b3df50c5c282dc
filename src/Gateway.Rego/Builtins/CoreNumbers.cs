using System.Globalization;
using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>Number helpers shared by the core builtins: exact rounding and OPA's integer operand checks.</summary>
internal static class CoreNumbers
{
    /// <summary>The exact decimal value of a number, when it has one (integers in range, and fractions held as decimal).</summary>
    public static bool TryGetDecimal(RegoNumber n, out decimal value)
    {
        if (n.TryGetInteger(out var i))
        {
            if (i >= (BigInteger)decimal.MinValue && i <= (BigInteger)decimal.MaxValue)
            {
                value = (decimal)i;
                return true;
            }
            value = 0;
            return false;
        }
        // Fractions print as their exact decimal text; doubles print in round-trip form, which decimal may not hold.
        return decimal.TryParse(n.ToJsonText(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public enum Rounding { HalfAwayFromZero, Ceiling, Floor }

    /// <summary>round/ceil/floor: integers are returned unchanged; fractions go through decimal when exact, else double.</summary>
    public static RegoNumber Round(RegoNumber n, Rounding mode)
    {
        if (n.IsInteger) return n;
        if (TryGetDecimal(n, out var d))
        {
            return RegoNumber.Of(mode switch
            {
                Rounding.Ceiling => decimal.Ceiling(d),
                Rounding.Floor => decimal.Floor(d),
                _ => decimal.Round(d, MidpointRounding.AwayFromZero),
            });
        }
        var x = n.ToDouble();
        return RegoNumber.Of(mode switch
        {
            Rounding.Ceiling => Math.Ceiling(x),
            Rounding.Floor => Math.Floor(x),
            _ => Math.Round(x, MidpointRounding.AwayFromZero),
        });
    }

    /// <summary>OPA's <c>builtins.BigIntOperand</c>: "must be integer but got T" for non-numbers, the floating-point message for fractions.</summary>
    public static BigInteger BigIntOperand(ReadOnlySpan<RegoValue> args, int index)
    {
        if (args[index] is not RegoNumber n) throw BuiltinArgs.TypeError(index + 1, args[index], "integer");
        return n.TryGetInteger(out var i) ? i : throw FloatingPoint(index + 1);
    }

    /// <summary>OPA's <c>builtins.IntOperand</c>: a number that is an integer fitting Go's 64-bit int.</summary>
    public static long IntOperand(ReadOnlySpan<RegoValue> args, int index)
    {
        var n = BuiltinArgs.Number(args, index);
        return n.TryGetInt64(out var i) ? i : throw FloatingPoint(index + 1);
    }

    public static BuiltinTypeException FloatingPoint(int position) =>
        new($"operand {position} must be integer number but got floating-point number");
}
