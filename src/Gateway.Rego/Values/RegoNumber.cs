using System.Globalization;
using System.Numerics;

namespace Gateway.Rego.Values;

/// <summary>
/// An arbitrary-precision Rego number. Integral values are always held as <see cref="BigInteger"/>
/// (so 1 and 1.0 are the same value with the same hash); fractional values as <see cref="decimal"/>
/// when they fit (so 0.1 + 0.2 == 0.3 as in OPA, which computes with big.Float), else as double.
/// </summary>
public sealed class RegoNumber : RegoValue
{
    private readonly BigInteger _int;
    private readonly decimal _dec;
    private readonly double _dbl;
    private readonly NumberRepr _repr;
    private int _hash;

    private enum NumberRepr : byte { Integer, Decimal, Double }

    private RegoNumber(BigInteger value) { _int = value; _repr = NumberRepr.Integer; }
    private RegoNumber(decimal value) { _dec = value; _repr = NumberRepr.Decimal; }
    private RegoNumber(double value) { _dbl = value; _repr = NumberRepr.Double; }

    public override RegoKind Kind => RegoKind.Number;

    // Small integers (indexes, counts, lengths) are shared instances: enumerating an array would otherwise allocate one per element.
    private const int SmallMin = -16;
    private const int SmallMax = 1023;
    private static readonly RegoNumber[] s_small = CreateSmall();

    private static RegoNumber[] CreateSmall()
    {
        var r = new RegoNumber[SmallMax - SmallMin + 1];
        for (var i = 0; i < r.Length; i++) r[i] = new RegoNumber(new BigInteger(i + SmallMin));
        return r;
    }

    public static readonly RegoNumber Zero = s_small[-SmallMin];
    public static readonly RegoNumber One = s_small[1 - SmallMin];

    public static RegoNumber Of(long value) =>
        value is >= SmallMin and <= SmallMax ? s_small[value - SmallMin] : new RegoNumber(new BigInteger(value));

    public static RegoNumber Of(int value) => Of((long)value);
    public static RegoNumber Of(BigInteger value) =>
        value >= SmallMin && value <= SmallMax ? s_small[(int)value - SmallMin] : new RegoNumber(value);

    public static RegoNumber Of(decimal value) =>
        decimal.Truncate(value) == value ? new RegoNumber(new BigInteger(value)) : new RegoNumber(value);

    /// <summary>A double; NaN and infinities are not Rego numbers, so callers must check <see cref="double.IsFinite"/> first.</summary>
    public static RegoNumber Of(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "Rego numbers are finite");
        if (Math.Floor(value) == value) return new RegoNumber(new BigInteger(value));
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

    public bool IsInteger => _repr == NumberRepr.Integer;

    /// <summary>The integer value, if this number is integral.</summary>
    public bool TryGetInteger(out BigInteger value)
    {
        value = _int;
        return _repr == NumberRepr.Integer;
    }

    /// <summary>The value as an int, if integral and in range.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        if (_repr != NumberRepr.Integer || _int < int.MinValue || _int > int.MaxValue) return false;
        value = (int)_int;
        return true;
    }

    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (_repr != NumberRepr.Integer || _int < long.MinValue || _int > long.MaxValue) return false;
        value = (long)_int;
        return true;
    }

    public double ToDouble() => _repr switch
    {
        NumberRepr.Integer => (double)_int,
        NumberRepr.Decimal => (double)_dec,
        _ => _dbl,
    };

    private bool TryToDecimal(out decimal d)
    {
        switch (_repr)
        {
            case NumberRepr.Decimal: d = _dec; return true;
            case NumberRepr.Integer:
                if (_int >= (BigInteger)decimal.MinValue && _int <= (BigInteger)decimal.MaxValue) { d = (decimal)_int; return true; }
                break;
        }
        d = 0;
        return false;
    }

    public int Sign => _repr switch
    {
        NumberRepr.Integer => _int.Sign,
        NumberRepr.Decimal => Math.Sign(_dec),
        _ => Math.Sign(_dbl),
    };

    public static RegoNumber operator +(RegoNumber a, RegoNumber b)
    {
        if (a.IsInteger && b.IsInteger) return Of(a._int + b._int);
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x + y); } catch (OverflowException) { } }
        return Of(a.ToDouble() + b.ToDouble());
    }

    public static RegoNumber operator -(RegoNumber a, RegoNumber b)
    {
        if (a.IsInteger && b.IsInteger) return Of(a._int - b._int);
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x - y); } catch (OverflowException) { } }
        return Of(a.ToDouble() - b.ToDouble());
    }

    public static RegoNumber operator *(RegoNumber a, RegoNumber b)
    {
        if (a.IsInteger && b.IsInteger) return Of(a._int * b._int);
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) { try { return Of(x * y); } catch (OverflowException) { } }
        return Of(a.ToDouble() * b.ToDouble());
    }

    public static RegoNumber operator -(RegoNumber a) => a._repr switch
    {
        NumberRepr.Integer => Of(-a._int),
        NumberRepr.Decimal => Of(-a._dec),
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
            return Of((decimal)la / lb);
        }
        if (a.IsInteger && b.IsInteger && !b._int.IsZero)
        {
            var q = BigInteger.DivRem(a._int, b._int, out var r);
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
        var h = _repr == NumberRepr.Integer ? _int.GetHashCode() : ToDouble().GetHashCode();
        _hash = h == 0 ? 1 : h;
        return _hash;
    }

    protected override int CompareSameKind(RegoValue other) => CompareNumbers(this, (RegoNumber)other);

    public static int CompareNumbers(RegoNumber a, RegoNumber b)
    {
        if (a.IsInteger && b.IsInteger) return a._int.CompareTo(b._int);
        if (a.TryToDecimal(out var x) && b.TryToDecimal(out var y)) return x.CompareTo(y);
        return a.ToDouble().CompareTo(b.ToDouble());
    }

    /// <summary>OPA's JSON text for the number: integers in full, fractions in shortest round-trip form.</summary>
    public string ToJsonText() => _repr switch
    {
        NumberRepr.Integer => _int.ToString(CultureInfo.InvariantCulture),
        NumberRepr.Decimal => _dec.ToString(CultureInfo.InvariantCulture),
        _ => FormatDouble(_dbl),
    };

    private static string FormatDouble(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }
}
