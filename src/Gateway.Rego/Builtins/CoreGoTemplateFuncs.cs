using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>text/template's predefined functions.</summary>
internal static partial class CoreGoTemplate
{
    private enum BasicKind { Invalid, Bool, Int, Float, String, Other }

    private static object? CallFunction(string name, List<object?> args)
    {
        switch (name)
        {
            case "and":
                RequireArgs(args, 1, name);
                foreach (var a in args) if (!IsTrue(a)) return a;
                return args[^1];
            case "or":
                RequireArgs(args, 1, name);
                foreach (var a in args) if (IsTrue(a)) return a;
                return args[^1];
            case "not":
                ExactArgs(args, 1, name);
                return !IsTrue(args[0]);
            case "len":
                ExactArgs(args, 1, name);
                return args[0] switch
                {
                    string s => (long)Encoding.UTF8.GetByteCount(s),
                    JsonNumber n => (long)n.Text.Length,
                    List<object?> l => (long)l.Count,
                    SortedDictionary<string, object?> m => (long)m.Count,
                    var v => throw new TemplateFuncException($"len of type {GoTypeName(v)}"),
                };
            case "index":
                RequireArgs(args, 1, name);
                return Index(args[0], args.Skip(1));
            case "slice":
                RequireArgs(args, 1, name);
                return Slice(args[0], args.Skip(1).ToList());
            case "print": return Sprint(args);
            case "println": return string.Join(" ", args.Select(GoPrint)) + "\n";
            case "printf":
                RequireArgs(args, 1, name);
                if (args[0] is not string format) throw new TemplateFuncException($"wrong type for value; expected string; got {GoTypeName(args[0])}");
                return CoreGoFormatter.Sprintf(format, args.Skip(1).Select(ToGoArg).ToList());
            case "eq":
                RequireArgs(args, 1, name);
                return Equal(args[0], args.Skip(1).ToList());
            case "ne":
                ExactArgs(args, 2, name);
                return !Equal(args[0], [args[1]]);
            case "lt":
                ExactArgs(args, 2, name);
                return Less(args[0], args[1]);
            case "le":
                ExactArgs(args, 2, name);
                return Less(args[0], args[1]) || Equal(args[0], [args[1]]);
            case "gt":
                ExactArgs(args, 2, name);
                return !Less(args[0], args[1]) && !Equal(args[0], [args[1]]);
            case "ge":
                ExactArgs(args, 2, name);
                return !Less(args[0], args[1]);
            case "html": return HtmlEscape(EvalArgsText(args));
            case "js": return JsEscape(EvalArgsText(args));
            case "urlquery": return Uri.EscapeDataString(EvalArgsText(args)).Replace("%20", "+", StringComparison.Ordinal);
            default: throw new TemplateFuncException($"function \"{name}\" not defined");
        }
    }

    private static void RequireArgs(List<object?> args, int min, string name)
    {
        if (args.Count < min) throw new TemplateFuncException($"wrong number of args for {name}: want at least {min} got {args.Count}");
    }

    private static void ExactArgs(List<object?> args, int n, string name)
    {
        if (args.Count != n) throw new TemplateFuncException($"wrong number of args for {name}: want {n} got {args.Count}");
    }

    /// <summary>fmt.Sprint: a space between operands when neither side is a string.</summary>
    private static string Sprint(List<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            var isString = args[i] is string or JsonNumber;
            if (i > 0 && !isString && args[i - 1] is not (string or JsonNumber)) sb.Append(' ');
            sb.Append(GoPrint(args[i]));
        }
        return sb.ToString();
    }

    private static string EvalArgsText(List<object?> args) => args.Count == 1 && args[0] is string s ? s : Sprint(args);

    private static object? Index(object? item, IEnumerable<object?> indexes)
    {
        foreach (var index in indexes)
        {
            item = item switch
            {
                List<object?> list when index is long i => i >= 0 && i < list.Count ? list[(int)i] : throw new TemplateFuncException($"index out of range: {i}"),
                List<object?> => throw new TemplateFuncException($"cannot index slice/array with type {GoTypeName(index)}"),
                SortedDictionary<string, object?> map when index is string k => map.TryGetValue(k, out var v) ? v : null,
                SortedDictionary<string, object?> => throw new TemplateFuncException($"value has type {GoTypeName(index)}; should be string"),
                string s when index is long i => i >= 0 && i < Encoding.UTF8.GetByteCount(s) ? (long)Encoding.UTF8.GetBytes(s)[i] : throw new TemplateFuncException($"index out of range: {i}"),
                null or Missing => throw new TemplateFuncException("index of untyped nil"),
                _ => throw new TemplateFuncException($"can't index item of type {GoTypeName(item)}"),
            };
        }
        return item;
    }

    private static object? Slice(object? item, List<object?> indexes)
    {
        var bounds = indexes.Select(i => i is long l ? l : throw new TemplateFuncException($"cannot index slice/array with type {GoTypeName(i)}")).ToList();
        if (bounds.Count > 2) throw new TemplateFuncException("too many slice indexes");
        switch (item)
        {
            case string s:
            {
                var bytes = Encoding.UTF8.GetBytes(s);
                var (lo, hi) = SliceBounds(bounds, bytes.Length);
                return Encoding.UTF8.GetString(bytes, lo, hi - lo);
            }
            case List<object?> list:
            {
                var (lo, hi) = SliceBounds(bounds, list.Count);
                return list.GetRange(lo, hi - lo);
            }
            default:
                throw new TemplateFuncException($"can't slice item of type {GoTypeName(item)}");
        }
    }

    private static (int Lo, int Hi) SliceBounds(List<long> bounds, int length)
    {
        var lo = bounds.Count > 0 ? bounds[0] : 0;
        var hi = bounds.Count > 1 ? bounds[1] : length;
        if (lo < 0 || hi < lo || hi > length) throw new TemplateFuncException($"index out of range: {(lo < 0 || lo > length ? lo : hi)}");
        return ((int)lo, (int)hi);
    }

    private static BasicKind KindOf(object? v) => v switch
    {
        null or Missing => BasicKind.Invalid,
        bool => BasicKind.Bool,
        long => BasicKind.Int,
        double => BasicKind.Float,
        string or JsonNumber => BasicKind.String,
        _ => BasicKind.Other,
    };

    private static string StringOf(object? v) => v is JsonNumber n ? n.Text : (string)v!;

    private static bool Equal(object? arg1, List<object?> others)
    {
        if (others.Count == 0) throw new TemplateFuncException("missing argument for comparison");
        var k1 = KindOf(arg1);
        foreach (var arg in others)
        {
            var k2 = KindOf(arg);
            bool truth;
            if (k1 != k2)
            {
                if (k1 != BasicKind.Invalid && k2 != BasicKind.Invalid) throw new TemplateFuncException("incompatible types for comparison");
                truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    BasicKind.Bool => (bool)arg1! == (bool)arg!,
                    BasicKind.Int => (long)arg1! == (long)arg!,
                    BasicKind.Float => (double)arg1! == (double)arg!,
                    BasicKind.String => StringOf(arg1) == StringOf(arg),
                    BasicKind.Invalid => true,
                    _ => throw new TemplateFuncException($"non-comparable type {GoPrint(arg1)}: {GoTypeName(arg1)}"),
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static bool Less(object? a, object? b)
    {
        var (k1, k2) = (KindOf(a), KindOf(b));
        if (k1 is BasicKind.Bool or BasicKind.Other or BasicKind.Invalid || k2 is BasicKind.Bool or BasicKind.Other or BasicKind.Invalid)
        {
            throw new TemplateFuncException("invalid type for comparison");
        }
        if (k1 != k2) throw new TemplateFuncException("incompatible types for comparison");
        return k1 switch
        {
            BasicKind.Int => (long)a! < (long)b!,
            BasicKind.Float => (double)a! < (double)b!,
            _ => string.CompareOrdinal(StringOf(a), StringOf(b)) < 0,
        };
    }

    /// <summary>template.HTMLEscapeString.</summary>
    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '\0' => "\uFFFD",
                '"' => "&#34;",
                '\'' => "&#39;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>template.JSEscapeString.</summary>
    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var cp in CoreText.CodePoints(s))
        {
            switch (cp)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append(@"\u003C"); break;
                case '>': sb.Append(@"\u003E"); break;
                case '&': sb.Append(@"\u0026"); break;
                case '=': sb.Append(@"\u003D"); break;
                default:
                    if (cp < ' ' || (cp >= 0x80 && !CoreGoFormatter.IsPrint(cp)))
                    {
                        sb.Append("\\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        CoreText.AppendCodePoint(sb, cp);
                    }
                    break;
            }
        }
        return sb.ToString();
    }
}
