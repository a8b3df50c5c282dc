using System.Globalization;
using System.Numerics;

namespace Gateway.Rego.Values;

/// <summary>
/// An arbitrary-precision Rego number. Integral values are held as a <see cref="long"/> when they fit and as a
/// <see cref="BigInteger"/> otherwise (never both for one value, so 1 and 1.0 are the same value with the same
/// hash); fractional values as <see cref="decimal"/> when they fit (so 0.1 + 0.2 == 0.3 as in OPA, which computes
/// with big.Float), else as double. The rare representations are boxed, which keeps the common integer small:
/// a decision allocates many numbers (sums, counts, timestamps) and compares more.
/// </summary>
public sealed class RegoNumber : RegoValue
{
    private readonly long _long;
    private readonly double _dbl;
    private readonly object? _boxed;
    private readonly NumberRepr _repr;
    private int _hash;

    private enum NumberRepr : byte { Long, BigInteger, Decimal, Double }

    private RegoNumber(long value) { _long = value; _repr = NumberRepr.Long; }
    private RegoNumber(BigInteger value) { _boxed = value; _repr = NumberRepr.BigInteger; }
    private RegoNumber(decimal value) { _boxed = value; _repr = NumberRepr.Decimal; }
    private RegoNumber(double value) { _dbl = value; _repr = NumberRepr.Double; }

    private BigInteger Big => (BigInteger)_boxed!;
    private decimal Dec => (decimal)_boxed!;

    public override RegoKind Kind => RegoKind.Number;

    // Small integers (indexes, counts, lengths) are shared instances: enumerating an array would otherwise allocate one per element.
    private const int SmallMin = -16;
    private const int SmallMax = 1023;
    private static readonly RegoNumber[] s_small = CreateSmall();

    private static RegoNumber[] CreateSmall()
    {
        var r = new RegoNumber[SmallMax - SmallMin + 1];
        for (var i = 0; i < r.Length; i++) r[i] = new RegoNumber((long)(i + SmallMin));
        return r;
    }

    public static readonly RegoNumber Zero = s_small[-SmallMin];
    public static readonly RegoNumber One = s_small[1 - SmallMin];

    public static RegoNumber Of(long value) =>
        value is >= SmallMin and <= SmallMax ? s_small[value - SmallMin] : new RegoNumber(value);

    public static RegoNumber Of(int value) => Of((long)value);

    public static RegoNumber Of(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? Of((long)value) : new RegoNumber(value);

    public static RegoNumber Of(decimal value)
    {
        if (decimal.Truncate(value) != value) return new RegoNumber(value);
        return value >= long.MinValue && value <= long.MaxValue ? Of((long)value) : new RegoNumber(new BigInteger(value));
    }

    /// <summary>A double; NaN and infinities are not Rego numbers, so callers must check <see cref="double.IsFinite"/> first.</summary>
    public static RegoNumber Of(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "Rego numbers are finite");
        if (Math.Floor(value) == value) return Of(new BigInteger(value));
        // Prefer decimal when the shortest round-trip text of the double is exactly representable.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (Math.Abs(value) < 7.9e27 && Math.Abs(value) > 1e-27 &&
            decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0)
        {
            return new RegoNumber(d);
        }
        return new RegoNumber(value);
    }

    /// <summary>Parse a JSON/Rego number literal (e.g. "12", "-3.5", "1e400"). Returns null if the text is not a number.</summary>
    public static RegoNumber? Parse(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return Of(l);
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bi)) return Of(bi);
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec)) return Of(dec);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var dbl) && double.IsFinite(dbl))
        {
            // Large exponents such as 1e400 that are integral: expand exactly when reasonable.
            if (TryParseIntegralExponent(text, out var big)) return Of(big);
            return Of(dbl);
        }
        return TryParseIntegralExponent(text, out var huge) ? Of(huge) : null;
    }

    private static bool TryParseIntegralExponent(string text, out BigInteger value)
    {
        value = default;
        var e = text.IndexOfAny(['e', 'E']);
        if (e < 0) return false;
        if (!int.TryParse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp) || exp < 0 || exp > 10000) return false;
        var mantissa = text[..e];
        var dot = mantissa.IndexOf('.');
        var fracDigits = dot < 0 ? 0 : mantissa.Length - dot - 1;
        if (fracDigits > exp) return false;
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        if (!BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m)) return false;
        value = m * BigInteger.Pow(10, exp - fracDigits);
        return true;
    }

    public bool IsInteger => _repr <= NumberRepr.BigInteger;

    /// <summary>The integer value, if this number is integral.</summary>
    public bool TryGetInteger(out BigInteger value)
    {
        value = _repr switch
        {
            NumberRepr.Long => _long,
            NumberRepr.BigInteger => Big,
            _ => default,
        };
        return IsInteger;
    }

    /// <summary>The value as an int, if integral and in range.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (_repr != NumberRepr.Long || _long is < int.MinValue or > int.MaxValue) return false;
        value = (int)_long;
        return true;
    }

    /// <summary>The value as a long, if integral and in range (a BigInteger-held value never is).</summary>
    public bool TryGetInt64(out long value)
    {
        value = _long;
        return _repr == NumberRepr.Long;
    }

    public double ToDouble() => _repr switch
    {
        NumberRepr.Long => _long,
        NumberRepr.BigInteger => (double)Big,
        NumberRepr.Decimal => (double)Dec,
        _ => _dbl,
    };

    private bool TryToDecimal(out decimal d)
    {
        switch (_repr)
        {
            case NumberRepr.Long: d = _long; return true;
            case NumberRepr.Decimal: d = Dec; return true;
            case NumberRepr.BigInteger:
                var big = Big;
                if (big >= (BigInteger)decimal.MinValue && big <= (BigInteger)decimal.MaxValue) { d = (decimal)big; return true; }
                break;
        }
        d = 0;
        return false;
    }

    private BigInteger AsBigInteger() => _repr == NumberRepr.Long ? _long : Big;

    public int Sign => _repr switch
    {
        NumberRepr.Long => Math.Sign(_long),
        NumberRepr.BigInteger => Big.Sign,
        NumberRepr.Decimal => Math.Sign(Dec),
        _ => Math.Sign(_dbl),
    };

    /// <summary>a + b in 64 bits, false when it overflows.</summary>
    internal static bool TryAdd(long a, long b, out long sum)
    {
        sum = unchecked(a + b);
        // Overflow exactly when both operands have the same sign and the result's differs.
        return ((a ^ sum) & (b ^ sum)) >= 0;
    }

    public static RegoNumber operator +(RegoNumber a, RegoNumber b)
    {
        if (a._repr == NumberRepr.Long && b._repr == NumberRepr.Long && TryAdd(a._long, b._long, out var r)) return Of(r);
        if (a.IsInteger && b.IsInteger) return Of(a.AsBigInteger() + b.AsBigInteger());
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x + y); } catch (OverflowException) { } }
        return Of(a.ToDouble() + b.ToDouble());
    }

    public static RegoNumber operator -(RegoNumber a, RegoNumber b)
    {
        if (a._repr == NumberRepr.Long && b._repr == NumberRepr.Long)
        {
            var r = a._long - b._long;
            // Overflow exactly when the operands' signs differ and the result's differs from the minuend's.
            if (((a._long ^ b._long) & (a._long ^ r)) >= 0) return Of(r);
        }
        if (a.IsInteger && b.IsInteger) return Of(a.AsBigInteger() - b.AsBigInteger());
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x - y); } catch (OverflowException) { } }
        return Of(a.ToDouble() - b.ToDouble());
    }

    public static RegoNumber operator *(RegoNumber a, RegoNumber b)
    {
        if (a._repr == NumberRepr.Long && b._repr == NumberRepr.Long)
        {
            var high = Math.BigMul(a._long, b._long, out var low);
            // The 128-bit product fits in 64 bits when its high half is the sign extension of its low half.
            if (high == low >> 63) return Of(low);
        }
        if (a.IsInteger && b.IsInteger) return Of(a.AsBigInteger() * b.AsBigInteger());
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x * y); } catch (OverflowException) { } }
        return Of(a.ToDouble() * b.ToDouble());
    }

    public static RegoNumber operator -(RegoNumber a) => a._repr switch
    {
        NumberRepr.Long => a._long == long.MinValue ? Of(-(BigInteger)a._long) : Of(-a._long),
        NumberRepr.BigInteger => Of(-a.Big),
        NumberRepr.Decimal => Of(-a.Dec),
        _ => Of(-a._dbl),
    };

    /// <summary>Division; the caller checks for a zero divisor (OPA: "divide by zero").</summary>
    public static RegoNumber Divide(RegoNumber a, RegoNumber b)
    {
        // Integers that fit in 64 bits (nanosecond timestamps, byte counts): the same quotient as below, without
        // BigInteger division and its conversion to decimal.
        if (a.TryGetInt64(out var la) && b.TryGetInt64(out var lb) && lb != 0 && !(la == long.MinValue && lb == -1))
        {
            if (la % lb == 0) return Of(la / lb);
            // Not a whole number, and its decimal cannot round to one: the fraction is at least 1/|lb| > 10^-19, and a
            // quotient under 10^9 leaves at least 19 of the decimal's 28 places behind the point. So no Truncate and
            // compare in Of(decimal), which cost more than the division (the bound could be higher, as
            // |quotient| * |lb| < 2^63; larger quotients are rare and keep the check).
            var quotient = (decimal)la / lb;
            return Math.Abs(la / lb) < 1_000_000_000 ? new RegoNumber(quotient) : Of(quotient);
        }
        if (a.IsInteger && b.IsInteger && b.Sign != 0)
        {
            var q = BigInteger.DivRem(a.AsBigInteger(), b.AsBigInteger(), out var r);
            if (r.IsZero) return Of(q);
        }
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y) && y != 0)
        {
            try { return Of(x / y); } catch (OverflowException) { }
        }
        return Of(a.ToDouble() / b.ToDouble());
    }

    public override bool Equals(RegoValue? other) => other is RegoNumber n && CompareNumbers(this, n) == 0;

    public override int GetHashCode()
    {
        if (_hash != 0) return _hash;
        var h = _repr switch
        {
            NumberRepr.Long => _long.GetHashCode(),
            NumberRepr.BigInteger => Big.GetHashCode(),
            _ => ToDouble().GetHashCode(),
        };
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    protected override int CompareSameKind(RegoValue other) => CompareNumbers(this, (RegoNumber)other);

    public static int CompareNumbers(RegoNumber a, RegoNumber b)
    {
        if (a._repr == NumberRepr.Long && b._repr == NumberRepr.Long) return a._long.CompareTo(b._long);
        if (a.IsInteger && b.IsInteger) return a.AsBigInteger().CompareTo(b.AsBigInteger());
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) return x.CompareTo(y);
        return a.ToDouble().CompareTo(b.ToDouble());
    }

    /// <summary>OPA's JSON text for the number: integers in full, fractions in shortest round-trip form.</summary>
    public string ToJsonText() => _repr switch
    {
        NumberRepr.Long => _long.ToString(CultureInfo.InvariantCulture),
        NumberRepr.BigInteger => Big.ToString(CultureInfo.InvariantCulture),
        NumberRepr.Decimal => Dec.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(_dbl),
    };

    private static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }
}
