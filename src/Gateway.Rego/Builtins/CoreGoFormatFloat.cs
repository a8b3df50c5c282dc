using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Float verbs of Go's fmt (v, e, E, f, F, g, G, b, x, X) via strconv.FormatFloat's algorithm: shortest digits
/// for %v, exact decimal expansion rounded half-to-even for fixed precisions.
/// </summary>
internal static partial class CoreGoFormatter
{
    /// <summary>Decimal digits d (no leading zeros) with the decimal point dp places from their start: 0.d × 10^dp.</summary>
    private struct Digits
    {
        public string D;
        public int Dp;
    }

    private static void FmtFloatVerb(StringBuilder sb, Spec f, GoFloat arg, int verb)
    {
        switch (verb)
        {
            case 'v': FmtFloat(sb, f, arg.Value, 'g', -1, isV: true); break;
            case 'b' or 'g' or 'G' or 'x' or 'X': FmtFloat(sb, f, arg.Value, (char)verb, -1, isV: false); break;
            case 'f' or 'e' or 'E' or 'F': FmtFloat(sb, f, arg.Value, (char)verb, 6, isV: false); break;
            default: BadVerb(sb, f, arg, verb); break;
        }
    }

    private static void FmtFloat(StringBuilder sb, Spec f, double v, char verb, int prec, bool isV)
    {
        if (f.PrecPresent) prec = f.Prec;
        var num = FormatFloat(v, verb == 'F' ? 'f' : verb, prec);
        num = num[0] is '-' or '+' ? num : "+" + num;
        if (f.Space && num[0] == '+' && !f.Plus) num = " " + num[1..];
        if (num[1] is 'I' or 'N')
        {
            var zero = f.Zero;
            f.Zero = false;
            if (num[1] == 'N' && !f.Space && !f.Plus) num = num[1..];
            Pad(sb, f, num);
            f.Zero = zero;
            return;
        }
        if (f.Sharp && verb != 'b' && !isV) num = SharpFloat(num, verb, prec);
        if (f.Plus || num[0] != '+')
        {
            if (f.Zero && !f.Minus && f.WidPresent && f.Width > num.Length)
            {
                sb.Append(num[0]);
                WritePadding(sb, f, f.Width - num.Length);
                sb.Append(num, 1, num.Length - 1);
                return;
            }
            Pad(sb, f, num);
            return;
        }
        Pad(sb, f, num[1..]);
    }

    /// <summary>The '#' flag: force a decimal point and, for %g/%x, keep trailing zeros up to the precision.</summary>
    private static string SharpFloat(string num, char verb, int prec)
    {
        var digits = verb is 'g' or 'G' or 'x' ? (prec == -1 ? 6 : prec) : 0;
        var tail = "";
        var body = new StringBuilder();
        var hasPoint = false;
        var sawNonzero = false;
        for (var i = 1; i < num.Length; i++)
        {
            var c = num[i];
            if (c == '.') { hasPoint = true; body.Append(c); continue; }
            if (c is 'p' or 'P' || (c is 'e' or 'E' && verb is not ('x' or 'X')))
            {
                tail = num[i..];
                break;
            }
            if (c != '0') sawNonzero = true;
            if (sawNonzero) digits--;
            body.Append(c);
        }
        if (!hasPoint)
        {
            if (body.Length == 1 && body[0] == '0') digits--;
            body.Append('.');
        }
        while (digits-- > 0) body.Append('0');
        return num[0] + body.ToString() + tail;
    }

    /// <summary>strconv.FormatFloat(v, fmt, prec, 64).</summary>
    internal static string FormatFloat(double v, char fmt, int prec)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        var neg = double.IsNegative(v);
        var bits = BitConverter.DoubleToInt64Bits(v);
        var exp = (int)((bits >> 52) & 0x7FF);
        var mant = (ulong)bits & ((1UL << 52) - 1);
        if (exp == 0) exp++;
        else mant |= 1UL << 52;
        exp -= 1023;
        if (fmt == 'b') return FmtB(neg, mant, exp);
        if (fmt is 'x' or 'X') return FmtX(prec, fmt, neg, mant, exp);

        Digits d;
        var shortest = prec < 0;
        if (shortest)
        {
            d = ShortestDigits(Math.Abs(v));
            prec = fmt switch
            {
                'e' or 'E' => Math.Max(d.D.Length - 1, 0),
                'f' => Math.Max(d.D.Length - d.Dp, 0),
                _ => d.D.Length,
            };
        }
        else
        {
            d = ExactDigits(mant, exp - 52);
            if (fmt == 'f') Round(ref d, d.Dp + prec);
            else
            {
                var n = fmt is 'e' or 'E' ? prec + 1 : (prec == 0 ? 1 : prec);
                if (fmt is 'g' or 'G' && prec == 0) prec = 1;
                Round(ref d, n);
            }
        }
        return FormatDigits(neg, d, prec, fmt, shortest);
    }

    private static string FormatDigits(bool neg, Digits d, int prec, char fmt, bool shortest)
    {
        switch (fmt)
        {
            case 'e' or 'E': return FmtE(neg, d, prec, fmt);
            case 'f': return FmtF(neg, d, prec);
            default:
                var eprec = prec;
                if (eprec > d.D.Length && d.D.Length >= d.Dp) eprec = d.D.Length;
                if (shortest) eprec = 6;
                var e = d.Dp - 1;
                if (e < -4 || e >= eprec)
                {
                    if (prec > d.D.Length) prec = d.D.Length;
                    return FmtE(neg, d, prec - 1, fmt == 'G' ? 'E' : 'e');
                }
                if (prec > d.Dp) prec = d.D.Length;
                return FmtF(neg, d, Math.Max(prec - d.Dp, 0));
        }
    }

    private static string FmtE(bool neg, Digits d, int prec, char fmt)
    {
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        sb.Append(d.D.Length != 0 ? d.D[0] : '0');
        if (prec > 0)
        {
            sb.Append('.');
            var i = 1;
            var m = Math.Min(d.D.Length, prec + 1);
            if (i < m) { sb.Append(d.D, i, m - i); i = m; }
            for (; i <= prec; i++) sb.Append('0');
        }
        sb.Append(fmt);
        var exp = d.D.Length == 0 ? 0 : d.Dp - 1;
        sb.Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        sb.Append(exp < 10 ? "0" + exp.ToString(CultureInfo.InvariantCulture) : exp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string FmtF(bool neg, Digits d, int prec)
    {
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        if (d.Dp > 0)
        {
            var m = Math.Min(d.D.Length, d.Dp);
            sb.Append(d.D, 0, m);
            for (; m < d.Dp; m++) sb.Append('0');
        }
        else
        {
            sb.Append('0');
        }
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= prec; i++)
            {
                var j = d.Dp + i - 1;
                sb.Append(j >= 0 && j < d.D.Length ? d.D[j] : '0');
            }
        }
        return sb.ToString();
    }

    private static string FmtB(bool neg, ulong mant, int exp)
    {
        exp -= 52;
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        sb.Append(mant.ToString(CultureInfo.InvariantCulture)).Append('p');
        if (exp >= 0) sb.Append('+');
        sb.Append(exp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string FmtX(int prec, char fmt, bool neg, ulong mant, int exp)
    {
        if (mant == 0) exp = 0;
        mant <<= 60 - 52;
        while (mant != 0 && (mant & (1UL << 60)) == 0)
        {
            mant <<= 1;
            exp--;
        }
        if (prec is >= 0 and < 15)
        {
            var shift = prec * 4;
            var extra = (mant << shift) & ((1UL << 60) - 1);
            mant >>= 60 - shift;
            if ((extra | (mant & 1)) > 1UL << 59) mant++;
            mant <<= 60 - shift;
            if ((mant & (1UL << 61)) != 0)
            {
                mant >>= 1;
                exp++;
            }
        }
        var hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        sb.Append('0').Append(fmt).Append((char)('0' + (int)((mant >> 60) & 1)));
        mant <<= 4;
        if (prec < 0 && mant != 0)
        {
            sb.Append('.');
            while (mant != 0)
            {
                sb.Append(hex[(int)((mant >> 60) & 15)]);
                mant <<= 4;
            }
        }
        else if (prec > 0)
        {
            sb.Append('.');
            for (var i = 0; i < prec; i++)
            {
                sb.Append(hex[(int)((mant >> 60) & 15)]);
                mant <<= 4;
            }
        }
        sb.Append(fmt == 'X' ? 'P' : 'p');
        sb.Append(exp < 0 ? '-' : '+');
        exp = Math.Abs(exp);
        sb.Append(exp < 100 ? exp.ToString("00", CultureInfo.InvariantCulture) : exp.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Shortest round-tripping digits (.NET's "R" formatting is shortest since .NET Core 3.0, as Go's is).</summary>
    private static Digits ShortestDigits(double abs)
    {
        if (abs == 0) return new Digits { D = "", Dp = 0 };
        var r = abs.ToString("R", CultureInfo.InvariantCulture);
        // Normalise "R" output (which may be "1E+21" or "0.0001") into digits and a decimal exponent.
        var ePos = r.IndexOfAny(['E', 'e']);
        var mantissa = ePos >= 0 ? r[..ePos] : r;
        var exp10 = ePos >= 0 ? int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var all = intPart + fracPart;
        var dp = intPart.Length + exp10;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') { lead++; dp--; }
        all = all[lead..].TrimEnd('0');
        return new Digits { D = all, Dp = dp };
    }

    /// <summary>The exact decimal expansion of mant × 2^exp.</summary>
    private static Digits ExactDigits(ulong mant, int exp)
    {
        if (mant == 0) return new Digits { D = "", Dp = 0 };
        BigInteger n = mant;
        int dp;
        string s;
        if (exp >= 0)
        {
            s = (n << exp).ToString(CultureInfo.InvariantCulture);
            dp = s.Length;
        }
        else
        {
            // mant / 2^k = mant × 5^k / 10^k.
            s = (n * BigInteger.Pow(5, -exp)).ToString(CultureInfo.InvariantCulture);
            dp = s.Length + exp;
        }
        var trimmed = s.TrimEnd('0');
        return new Digits { D = trimmed, Dp = dp };
    }

    /// <summary>Round to nd digits, half to even on the exact digits (strconv's decimal.Round).</summary>
    private static void Round(ref Digits d, int nd)
    {
        if (nd < 0 || nd >= d.D.Length) return;
        var roundUp = d.D[nd] > '5' || (d.D[nd] == '5' && (nd + 1 < d.D.Length || (nd > 0 && (d.D[nd - 1] - '0') % 2 == 1)));
        if (d.D[nd] < '5') roundUp = false;
        if (roundUp)
        {
            var chars = d.D[..nd].ToCharArray();
            var i = nd - 1;
            for (; i >= 0; i--)
            {
                if (chars[i] < '9')
                {
                    chars[i]++;
                    d.D = new string(chars, 0, i + 1);
                    return;
                }
            }
            d.D = "1";
            d.Dp++;
        }
        else
        {
            d.D = d.D[..nd].TrimEnd('0');
        }
    }
}
