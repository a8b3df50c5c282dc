using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Integer verbs of Go's fmt: int (fmt.fmtInteger, %c, %q, %U) and *big.Int (its Format method).</summary>
internal static partial class CoreGoFormatter
{
    private static void FmtIntegerVerb(StringBuilder sb, Spec f, GoInt arg, int verb)
    {
        var v = arg.Value;
        switch (verb)
        {
            case 'v':
            case 'd': FmtInteger(sb, f, v, 10, verb, upper: false); break;
            case 'b': FmtInteger(sb, f, v, 2, verb, upper: false); break;
            case 'o':
            case 'O': FmtInteger(sb, f, v, 8, verb, upper: false); break;
            case 'x': FmtInteger(sb, f, v, 16, verb, upper: false); break;
            case 'X': FmtInteger(sb, f, v, 16, verb, upper: true); break;
            case 'c':
                Pad(sb, f, RuneText(v));
                break;
            case 'q':
                Pad(sb, f, QuoteRune(ToRune(v), asciiOnly: f.Plus));
                break;
            case 'U': FmtUnicode(sb, f, v); break;
            default: BadVerb(sb, f, arg, verb); break;
        }
    }

    /// <summary>Go converts to uint64 then to rune: negatives and values past U+10FFFF become U+FFFD.</summary>
    private static int ToRune(long v) => v is < 0 or > 0x10FFFF ? 0xFFFD : (int)v;

    private static string RuneText(long v)
    {
        var r = ToRune(v);
        if (r is >= 0xD800 and <= 0xDFFF) r = 0xFFFD;
        return char.ConvertFromUtf32(r);
    }

    private static void FmtInteger(StringBuilder sb, Spec f, long value, int radix, int verb, bool upper)
    {
        var negative = value < 0;
        var u = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var prec = 0;
        if (f.PrecPresent)
        {
            prec = f.Prec;
            // Precision 0 and value 0 print nothing but the padding.
            if (prec == 0 && u == 0)
            {
                var oldZero = f.Zero;
                f.Zero = false;
                WritePadding(sb, f, f.Width);
                f.Zero = oldZero;
                return;
            }
        }
        else if (f.Zero && !f.Minus && f.WidPresent)
        {
            prec = f.Width;
            if (negative || f.Plus || f.Space) prec--; // room for the sign
        }

        var digits = UnsignedDigits(u, radix, upper);
        var buf = new StringBuilder();
        if (prec > digits.Length) buf.Append('0', prec - digits.Length);
        buf.Append(digits);
        if (f.Sharp)
        {
            switch (radix)
            {
                case 2: buf.Insert(0, "0b"); break;
                case 8: if (buf[0] != '0') buf.Insert(0, '0'); break;
                case 16: buf.Insert(0, upper ? "0X" : "0x"); break;
            }
        }
        if (verb == 'O') buf.Insert(0, "0o");
        if (negative) buf.Insert(0, '-');
        else if (f.Plus) buf.Insert(0, '+');
        else if (f.Space) buf.Insert(0, ' ');
        // Zero padding was handled as precision; the pad itself uses spaces.
        var zero = f.Zero;
        f.Zero = false;
        Pad(sb, f, buf.ToString());
        f.Zero = zero;
    }

    private static string UnsignedDigits(ulong u, int radix, bool upper)
    {
        if (u == 0) return "0";
        var table = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var chars = new StringBuilder();
        while (u > 0)
        {
            chars.Insert(0, table[(int)(u % (ulong)radix)]);
            u /= (ulong)radix;
        }
        return chars.ToString();
    }

    /// <summary>%U: "U+0041", at least four (or precision) hex digits; '#' appends the quoted rune when printable.</summary>
    private static void FmtUnicode(StringBuilder sb, Spec f, long value)
    {
        var u = unchecked((ulong)value);
        var prec = 4;
        if (f.PrecPresent && f.Prec > 4) prec = f.Prec;
        var hex = u.ToString("X", CultureInfo.InvariantCulture);
        var text = "U+" + hex.PadLeft(prec, '0');
        if (f.Sharp && u <= 0x10FFFF && IsPrint((int)u)) text += " '" + char.ConvertFromUtf32((int)u) + "'";
        var zero = f.Zero;
        f.Zero = false;
        Pad(sb, f, text);
        f.Zero = zero;
    }

    /// <summary>big.Int's fmt.Formatter: b, o, O, d, s, v, x, X; any other verb prints "%!c(big.Int=N)" unpadded.</summary>
    private static void FmtBigInt(StringBuilder sb, Spec f, BigInteger x, int verb)
    {
        int radix;
        switch (verb)
        {
            case 'b': radix = 2; break;
            case 'o' or 'O': radix = 8; break;
            case 'd' or 's' or 'v': radix = 10; break;
            case 'x' or 'X': radix = 16; break;
            default:
                sb.Append("%!");
                CoreText.AppendCodePoint(sb, verb);
                sb.Append("(big.Int=").Append(x.ToString(CultureInfo.InvariantCulture)).Append(')');
                return;
        }
        var sign = x.Sign < 0 ? "-" : f.Plus || f.PlusV ? "+" : f.Space ? " " : "";
        var prefix = "";
        if (f.Sharp || f.SharpV)
        {
            prefix = verb switch { 'b' => "0b", 'o' => "0", 'x' => "0x", 'X' => "0X", _ => "" };
        }
        if (verb == 'O') prefix = "0o";
        var digits = StringBuiltins.FormatBigInteger(BigInteger.Abs(x), radix);
        if (verb == 'X') digits = digits.ToUpperInvariant();
        int left = 0, zeros = 0, right = 0;
        if (f.PrecPresent)
        {
            if (digits.Length < f.Prec) zeros = f.Prec - digits.Length;
            else if (digits == "0" && f.Prec == 0) return;
        }
        var length = sign.Length + prefix.Length + zeros + digits.Length;
        if (f.WidPresent && length < f.Width)
        {
            var d = f.Width - length;
            if (f.Minus) right = d;
            else if (f.Zero && !f.PrecPresent) zeros = d;
            else left = d;
        }
        sb.Append(' ', left).Append(sign).Append(prefix).Append('0', zeros).Append(digits).Append(' ', right);
    }
}
