using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// A port of Go's fmt.Sprintf for the argument types OPA's sprintf passes: Go <c>int</c> (64-bit), <c>*big.Int</c>,
/// <c>float64</c> and <c>string</c>. Flags (# 0 + - space), width, precision, <c>*</c> and explicit <c>[n]</c> indexes,
/// and Go's error notes (%!d(string=x), %!v(MISSING), %!(EXTRA ...), %!(NOVERB), %!(BADWIDTH), %!(BADPREC), %!v(BADINDEX)).
/// </summary>
internal static partial class CoreGoFormatter
{
    /// <summary>One sprintf argument, typed as Go would see it.</summary>
    internal abstract record GoArg
    {
        public abstract string GoType { get; }
    }

    internal sealed record GoInt(long Value) : GoArg { public override string GoType => "int"; }

    internal sealed record GoBigInt(BigInteger Value) : GoArg { public override string GoType => "*big.Int"; }

    internal sealed record GoFloat(double Value) : GoArg { public override string GoType => "float64"; }

    /// <summary>A Go string; TypeName lets named string types (json.Number) and composites print their Go type.</summary>
    internal sealed record GoString(string Value, string TypeName = "string") : GoArg { public override string GoType => TypeName; }

    internal sealed record GoBool(bool Value) : GoArg { public override string GoType => "bool"; }

    /// <summary>An untyped nil: prints "&lt;nil&gt;" for %v and "%!d(&lt;nil&gt;)" for other verbs.</summary>
    internal sealed record GoNil : GoArg { public override string GoType => "<nil>"; }

    private const int TooLarge = 1_000_000;

    /// <summary>Formatting state for one verb, as Go's fmt.fmt flags.</summary>
    private sealed class Spec
    {
        public bool Sharp, Zero, Plus, Minus, Space, SharpV, PlusV;
        public int Width, Prec;
        public bool WidPresent, PrecPresent;

        public void Clear()
        {
            Sharp = Zero = Plus = Minus = Space = SharpV = PlusV = false;
            Width = Prec = 0;
            WidPresent = PrecPresent = false;
        }
    }

    public static string Sprintf(string format, IReadOnlyList<GoArg> args)
    {
        var sb = new StringBuilder(format.Length + 16);
        var f = new Spec();
        var argNum = 0;
        var reordered = false;
        var end = format.Length;
        for (var i = 0; i < end;)
        {
            var goodArgNum = true;
            var lasti = i;
            while (i < end && format[i] != '%') i++;
            if (i > lasti) sb.Append(format, lasti, i - lasti);
            if (i >= end) break;
            i++;
            f.Clear();
            var afterIndex = false;
            var simpleDone = false;
            for (; i < end; i++)
            {
                var c = format[i];
                if (c == '#') f.Sharp = true;
                else if (c == '0') f.Zero = !f.Minus;
                else if (c == '+') f.Plus = true;
                else if (c == '-') { f.Minus = true; f.Zero = false; }
                else if (c == ' ') f.Space = true;
                else
                {
                    if (c is >= 'a' and <= 'z' && argNum < args.Count)
                    {
                        if (c == 'v') { f.SharpV = f.Sharp; f.Sharp = false; f.PlusV = f.Plus; f.Plus = false; }
                        PrintArg(sb, f, args[argNum], c);
                        argNum++;
                        i++;
                        simpleDone = true;
                    }
                    break;
                }
            }
            if (simpleDone) continue;

            (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);

            if (i < end && format[i] == '*')
            {
                i++;
                (f.Width, f.WidPresent, argNum) = IntFromArg(args, argNum);
                if (!f.WidPresent) sb.Append("%!(BADWIDTH)");
                if (f.Width < 0) { f.Width = -f.Width; f.Minus = true; f.Zero = false; }
                afterIndex = false;
            }
            else
            {
                (f.Width, f.WidPresent, i) = ParseNum(format, i, end);
                if (afterIndex && f.WidPresent) goodArgNum = false;
            }

            if (i + 1 < end && format[i] == '.')
            {
                i++;
                if (afterIndex) goodArgNum = false;
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (f.Prec, f.PrecPresent, argNum) = IntFromArg(args, argNum);
                    if (f.Prec < 0) { f.Prec = 0; f.PrecPresent = false; }
                    if (!f.PrecPresent) sb.Append("%!(BADPREC)");
                    afterIndex = false;
                }
                else
                {
                    (f.Prec, f.PrecPresent, i) = ParseNum(format, i, end);
                    if (!f.PrecPresent) { f.Prec = 0; f.PrecPresent = true; }
                }
            }

            if (!afterIndex) (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);

            if (i >= end)
            {
                sb.Append("%!(NOVERB)");
                break;
            }

            var verb = CoreText.CodePointAt(format, i);
            i += CoreText.WidthAt(format, i);

            if (verb == '%') sb.Append('%');
            else if (!goodArgNum) BadNote(sb, verb, "BADINDEX");
            else if (argNum >= args.Count) BadNote(sb, verb, "MISSING");
            else
            {
                if (verb == 'v') { f.SharpV = f.Sharp; f.Sharp = false; f.PlusV = f.Plus; f.Plus = false; }
                PrintArg(sb, f, args[argNum], verb);
                argNum++;
            }
        }

        if (!reordered && argNum < args.Count)
        {
            f.Clear();
            sb.Append("%!(EXTRA ");
            for (var k = argNum; k < args.Count; k++)
            {
                if (k > argNum) sb.Append(", ");
                if (args[k] is GoNil) sb.Append("<nil>");
                else
                {
                    sb.Append(args[k].GoType).Append('=');
                    PrintArg(sb, f, args[k], 'v');
                }
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static void BadNote(StringBuilder sb, int verb, string what)
    {
        sb.Append("%!");
        CoreText.AppendCodePoint(sb, verb);
        sb.Append('(').Append(what).Append(')');
    }

    private static (int ArgNum, int I, bool Found) ArgNumber(int argNum, string format, int i, int numArgs, ref bool goodArgNum, ref bool reordered)
    {
        if (format.Length <= i || format[i] != '[') return (argNum, i, false);
        reordered = true;
        var (index, wid, ok) = ParseArgNumber(format, i);
        if (ok && index >= 0 && index < numArgs) return (index, i + wid, true);
        goodArgNum = false;
        return (argNum, i + wid, ok);
    }

    private static (int Index, int Wid, bool Ok) ParseArgNumber(string format, int start)
    {
        if (format.Length - start < 3) return (0, 1, false);
        for (var i = start + 1; i < format.Length; i++)
        {
            if (format[i] != ']') continue;
            var (width, ok, newi) = ParseNum(format, start + 1, i);
            if (!ok || newi != i) return (0, i - start + 1, false);
            return (width - 1, i - start + 1, true);
        }
        return (0, 1, false);
    }

    private static (int Num, bool IsNum, int NewI) ParseNum(string s, int start, int end)
    {
        if (start >= end) return (0, false, end);
        var num = 0;
        var isNum = false;
        var newi = start;
        for (; newi < end && s[newi] is >= '0' and <= '9'; newi++)
        {
            if (num > TooLarge || num < -TooLarge) return (0, false, end);
            num = num * 10 + (s[newi] - '0');
            isNum = true;
        }
        return (num, isNum, newi);
    }

    private static (int Num, bool IsInt, int NewArgNum) IntFromArg(IReadOnlyList<GoArg> args, int argNum)
    {
        if (argNum >= args.Count) return (0, false, argNum);
        var (num, isInt) = args[argNum] is GoInt gi && gi.Value is >= int.MinValue and <= int.MaxValue ? ((int)gi.Value, true) : (0, false);
        if (num > TooLarge || num < -TooLarge) (num, isInt) = (0, false);
        return (num, isInt, argNum + 1);
    }

    private static void PrintArg(StringBuilder sb, Spec f, GoArg arg, int verb)
    {
        if (arg is GoNil)
        {
            if (verb is 'T' or 'v') Pad(sb, f, "<nil>");
            else BadNote(sb, verb, "<nil>");
            return;
        }
        if (verb == 'T')
        {
            FmtS(sb, f, arg.GoType);
            return;
        }
        if (verb == 'p')
        {
            BadVerb(sb, f, arg, verb);
            return;
        }
        switch (arg)
        {
            case GoInt i: FmtIntegerVerb(sb, f, i, verb); break;
            case GoBigInt b: FmtBigInt(sb, f, b.Value, verb); break;
            case GoFloat d: FmtFloatVerb(sb, f, d, verb); break;
            case GoString s: FmtStringVerb(sb, f, s, verb); break;
            case GoBool b:
                if (verb is 't' or 'v') Pad(sb, f, b.Value ? "true" : "false");
                else BadVerb(sb, f, arg, verb);
                break;
        }
    }

    /// <summary>Go's badVerb: "%!verb(type=value)", the value printed with %v under the same flags.</summary>
    private static void BadVerb(StringBuilder sb, Spec f, GoArg arg, int verb)
    {
        sb.Append("%!");
        CoreText.AppendCodePoint(sb, verb);
        sb.Append('(').Append(arg.GoType).Append('=');
        PrintArg(sb, f, arg, 'v');
        sb.Append(')');
    }

    private static void FmtStringVerb(StringBuilder sb, Spec f, GoString arg, int verb)
    {
        switch (verb)
        {
            case 'v':
                if (f.SharpV) FmtQ(sb, f, arg.Value);
                else FmtS(sb, f, arg.Value);
                break;
            case 's': FmtS(sb, f, arg.Value); break;
            case 'x': FmtSx(sb, f, arg.Value, upper: false); break;
            case 'X': FmtSx(sb, f, arg.Value, upper: true); break;
            case 'q': FmtQ(sb, f, arg.Value); break;
            default: BadVerb(sb, f, arg, verb); break;
        }
    }

    /// <summary>Truncate to the precision, counted in runes.</summary>
    private static string TruncateString(Spec f, string s)
    {
        if (!f.PrecPresent) return s;
        var n = f.Prec;
        for (var i = 0; i < s.Length; i += CoreText.WidthAt(s, i))
        {
            if (--n < 0) return s[..i];
        }
        return s;
    }

    private static void FmtS(StringBuilder sb, Spec f, string s) => Pad(sb, f, TruncateString(f, s));

    private static void FmtQ(StringBuilder sb, Spec f, string s)
    {
        s = TruncateString(f, s);
        if (f.Sharp && CanBackquote(s)) Pad(sb, f, "`" + s + "`");
        else Pad(sb, f, Quote(s, asciiOnly: f.Plus));
    }

    /// <summary>%x of a string: hex of its UTF-8 bytes; precision limits the bytes; ' ' separates, '#' adds 0x.</summary>
    private static void FmtSx(StringBuilder sb, Spec f, string s, bool upper)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var length = f.PrecPresent && f.Prec < bytes.Length ? f.Prec : bytes.Length;
        var digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        var buf = new StringBuilder(length * 3);
        for (var i = 0; i < length; i++)
        {
            if (f.Space && i > 0) buf.Append(' ');
            if (f.Sharp && (f.Space || i == 0)) buf.Append('0').Append(upper ? 'X' : 'x');
            buf.Append(digits[bytes[i] >> 4]).Append(digits[bytes[i] & 0xF]);
        }
        if (length == 0 && f.WidPresent)
        {
            WritePadding(sb, f, f.Width);
            return;
        }
        Pad(sb, f, buf.ToString());
    }

    /// <summary>Pad to the width (counted in runes) with spaces, or zeros under the 0 flag; left-justify under '-'.</summary>
    private static void Pad(StringBuilder sb, Spec f, string s)
    {
        if (!f.WidPresent || f.Width == 0)
        {
            sb.Append(s);
            return;
        }
        var width = f.Width - CoreText.CodePointCount(s);
        if (!f.Minus)
        {
            WritePadding(sb, f, width);
            sb.Append(s);
        }
        else
        {
            sb.Append(s);
            WritePadding(sb, f, width);
        }
    }

    private static void WritePadding(StringBuilder sb, Spec f, int n)
    {
        if (n > 0) sb.Append(f.Zero ? '0' : ' ', n);
    }
}
