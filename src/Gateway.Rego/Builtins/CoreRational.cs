using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Exact rational arithmetic for the units builtins, with the two roundings OPA applies through Go's math/big:
/// big.Float's 64-bit mantissa (round half to even) and big.Rat.FloatString (round half away from zero).
/// </summary>
internal readonly record struct CoreRational(BigInteger Num, BigInteger Den)
{
    /// <summary>Exponents beyond this are refused rather than expanded into numbers no policy could use.</summary>
    public const int MaxDecimalExponent = 10_000;

    public static CoreRational Of(BigInteger n) => new(n, BigInteger.One);

    /// <summary>The exact value of a double (used for OPA's <c>SetFloat64(0.001)</c>).</summary>
    public static CoreRational OfDouble(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger num = mantissa;
        var den = BigInteger.One;
        if (exponent > 0) num <<= exponent;
        else den <<= -exponent;
        return Reduce(negative ? -num : num, den);
    }

    /// <summary>
    /// Parse a decimal floating-point literal ([+-]digits[.digits][(e|E)[+-]digits]) exactly, as big.Rat/big.Float
    /// accept it. Returns false on any other text.
    /// </summary>
    public static bool TryParseDecimal(string s, out CoreRational value)
    {
        value = default;
        var i = 0;
        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
        var digits = new StringBuilder();
        var fraction = 0;
        var sawDigit = false;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { digits.Append(s[i++]); sawDigit = true; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { digits.Append(s[i++]); fraction++; sawDigit = true; }
        }
        if (!sawDigit) return false;
        var exponent = 0L;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            var expNegative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) expNegative = s[i++] == '-';
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                exponent = Math.Min(exponent * 10 + (s[i] - '0'), int.MaxValue);
                i++;
            }
            if (i == start) return false;
            if (expNegative) exponent = -exponent;
        }
        if (i != s.Length) return false;
        var scale = exponent - fraction;
        if (Math.Abs(scale) > MaxDecimalExponent) return false;
        var num = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) num = -num;
        value = scale >= 0
            ? new CoreRational(num * BigInteger.Pow(10, (int)scale), BigInteger.One)
            : Reduce(num, BigInteger.Pow(10, (int)-scale));
        return true;
    }

    public static CoreRational operator *(CoreRational a, CoreRational b) => Reduce(a.Num * b.Num, a.Den * b.Den);

    public bool IsInteger => Den.IsOne;

    private static CoreRational Reduce(BigInteger num, BigInteger den)
    {
        var g = BigInteger.GreatestCommonDivisor(num, den);
        return g.IsOne || g.IsZero ? new CoreRational(num, den) : new CoreRational(num / g, den / g);
    }

    /// <summary>Round to a binary float with the given mantissa bits, nearest-even (big.Float's default mode).</summary>
    public CoreRational RoundToBinary(int precision = 64)
    {
        if (Num.IsZero) return this;
        var negative = Num.Sign < 0;
        var num = BigInteger.Abs(Num);
        var den = Den;
        // Find e with 2^(p-1) <= num/den * 2^-e < 2^p.
        var e = (long)(num.GetBitLength() - den.GetBitLength()) - precision;
        BigInteger Scaled(long shift, out BigInteger remainder, out BigInteger divisor)
        {
            var n = shift < 0 ? num << (int)-shift : num;
            var d = shift > 0 ? den << (int)shift : den;
            divisor = d;
            return BigInteger.DivRem(n, d, out remainder);
        }
        var q = Scaled(e, out var r, out var dv);
        var limit = BigInteger.One << precision;
        while (q >= limit) { e++; q = Scaled(e, out r, out dv); }
        while (q < limit >> 1) { e--; q = Scaled(e, out r, out dv); }
        var twice = r * 2;
        if (twice > dv || (twice == dv && !q.IsEven)) q += 1;
        if (q == limit) { q >>= 1; e++; }
        var result = e >= 0 ? new CoreRational(q << (int)e, BigInteger.One) : Reduce(q, BigInteger.One << (int)-e);
        return negative ? new CoreRational(-result.Num, result.Den) : result;
    }

    /// <summary>The integer part, truncated toward zero (big.Float.Int).</summary>
    public BigInteger Truncate() => BigInteger.Divide(Num, Den);

    /// <summary>Decimal text with exactly <paramref name="places"/> fraction digits, halves away from zero (big.Rat.FloatString).</summary>
    public string FloatString(int places)
    {
        var scale = BigInteger.Pow(10, places);
        var abs = BigInteger.Abs(Num) * scale;
        var q = BigInteger.DivRem(abs, Den, out var r);
        if (r * 2 >= Den) q += 1;
        var digits = q.ToString(CultureInfo.InvariantCulture).PadLeft(places + 1, '0');
        var text = digits[..^places] + "." + digits[^places..];
        return Num.Sign < 0 ? "-" + text : text;
    }
}
