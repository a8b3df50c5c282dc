using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gateway.Rego.Builtins;

/// <summary>
/// YAML as OPA sees it through sigs.k8s.io/yaml (go-yaml v2 underneath): YAML 1.1 scalar resolution
/// (yes/no/on/off are booleans), first document only, later duplicate keys win, keys become strings.
/// Output is block style with sorted keys and unindented sequences under mapping keys, as yaml.v2 writes it.
/// </summary>
internal static partial class ExtYaml
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlFloat();

    public static RegoValue Parse(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, RegoValue>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return RegoNull.Instance;
            parser.Consume<DocumentStart>();
            if (parser.Accept<DocumentEnd>(out _)) return RegoNull.Instance;
            var value = ReadNode(parser, anchors);
            parser.Consume<DocumentEnd>();
            // go-yaml reads only the first document but still reports syntax errors that the parser meets right after it.
            if (!parser.Accept<StreamEnd>(out _)) parser.MoveNext();
            return value;
        }
        catch (YamlException e)
        {
            throw new BuiltinException(FormatError(e));
        }
    }

    public static bool IsValid(string text)
    {
        try
        {
            Parse(text);
            return true;
        }
        catch (BuiltinException)
        {
            return false;
        }
    }

    // libyaml/go-yaml: "yaml: line N: <problem>", where YamlDotNet says "While parsing X, <problem>."
    private static string FormatError(YamlException e)
    {
        var msg = e.Message;
        var comma = msg.StartsWith("While ", StringComparison.Ordinal) ? msg.IndexOf(", ", StringComparison.Ordinal) : -1;
        if (comma >= 0) msg = msg[(comma + 2)..];
        msg = msg.TrimEnd('.');
        if (msg.Length > 0) msg = char.ToLowerInvariant(msg[0]) + msg[1..];
        // go-yaml prints libyaml's 0-based problem line, plus one for scanner errors only ("scanner errors don't
        // iterate line before returning error"), and no line at all when it is 0. YamlDotNet's lines are 1-based
        // and its parser errors are the ones that are not SyntaxErrorException (the scanner's). A scanner error on
        // the first line, where go-yaml would fall back to a context mark YamlDotNet does not expose, says line 1.
        if (e is SyntaxErrorException) return $"yaml: line {Math.Max(1, e.Start.Line)}: {msg}";
        var line = e.Start.Line - 1;
        return line > 0 ? $"yaml: line {line}: {msg}" : $"yaml: {msg}";
    }

    private static RegoValue ReadNode(IParser parser, Dictionary<string, RegoValue> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var v)
                ? v
                : throw new YamlException(alias.Start, alias.End, $"unknown anchor '{alias.Value.Value}' referenced");
        }
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var v = ResolveScalar(scalar);
            if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = v;
            return v;
        }
        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var items = new List<RegoValue>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, anchors));
            var v = new RegoArray(items.ToArray());
            if (!seqStart.Anchor.IsEmpty) anchors[seqStart.Anchor.Value] = v;
            return v;
        }
        if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            var d = new Dictionary<RegoValue, RegoValue>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, anchors);
                var value = ReadNode(parser, anchors);
                if (key is RegoString { Value: "<<" } && value is RegoObject merge)
                {
                    foreach (var (mk, mv) in merge.Items) d.TryAdd(mk, mv);
                    continue;
                }
                d[new RegoString(KeyText(key))] = value;
            }
            var v = new RegoObject(d);
            if (!mapStart.Anchor.IsEmpty) anchors[mapStart.Anchor.Value] = v;
            return v;
        }
        throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "did not find expected node content");
    }

    private static string KeyText(RegoValue key) => key switch
    {
        RegoString s => s.Value,
        RegoNull => "null",
        RegoBool b => b.Value ? "true" : "false",
        RegoNumber n => n.ToJsonText(),
        _ => ExtGoJson.Marshal(key),
    };

    private static RegoValue ResolveScalar(Scalar s)
    {
        var text = s.Value;
        var tag = s.Tag.IsEmpty ? null : s.Tag.Value;
        if (tag is not null && tag != "?" && tag != "!")
        {
            switch (tag)
            {
                case "tag:yaml.org,2002:str": return new RegoString(text);
                case "tag:yaml.org,2002:null": return RegoNull.Instance;
                case "tag:yaml.org,2002:bool": return ResolvePlain(text) as RegoBool ?? throw new YamlException(s.Start, s.End, $"cannot decode !!str `{text}` as a !!bool");
                case "tag:yaml.org,2002:int":
                case "tag:yaml.org,2002:float":
                    return ResolvePlain(text) as RegoNumber ?? throw new YamlException(s.Start, s.End, $"cannot decode !!str `{text}` as a number");
            }
        }
        if (s.Style != ScalarStyle.Plain) return new RegoString(text);
        return ResolvePlain(text);
    }

    private static RegoValue ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return RegoNull.Instance;
            case "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "true" or "True" or "TRUE": return RegoBool.True;
            case "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "false" or "False" or "FALSE": return RegoBool.False;
        }
        var c = text[0];
        if (c is not ('+' or '-' or '.' or (>= '0' and <= '9'))) return new RegoString(text);
        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var i)) return RegoNumber.Of(i);
        if (YamlFloat().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return RegoNumber.Parse(d.ToString("R", CultureInfo.InvariantCulture)) ?? RegoNumber.Of(d);
        }
        if (plain.StartsWith("0b", StringComparison.Ordinal) || plain.StartsWith("-0b", StringComparison.Ordinal))
        {
            var neg = plain[0] == '-';
            var digits = plain[(neg ? 3 : 2)..];
            if (digits.Length > 0 && digits.All(ch => ch is '0' or '1'))
            {
                var v = digits.Aggregate(BigInteger.Zero, (acc, ch) => acc * 2 + (ch - '0'));
                return RegoNumber.Of(neg ? -v : v);
            }
        }
        return new RegoString(text);
    }

    // strconv.ParseInt(s, 0, 64) then ParseUint: sign, then 0x / 0o / 0b / leading-0 octal prefixes.
    private static bool TryParseGoInt(string s, out BigInteger value)
    {
        value = default;
        var neg = false;
        var body = s;
        if (body.StartsWith('+') || body.StartsWith('-')) { neg = body[0] == '-'; body = body[1..]; }
        if (body.Length == 0) return false;
        int radix = 10;
        if (body.Length > 1 && body[0] == '0')
        {
            switch (char.ToLowerInvariant(body[1]))
            {
                case 'x': radix = 16; body = body[2..]; break;
                case 'o': radix = 8; body = body[2..]; break;
                case 'b': radix = 2; body = body[2..]; break;
                default: radix = 8; body = body[1..]; break;
            }
            if (body.Length == 0) return false;
        }
        BigInteger acc = 0;
        foreach (var ch in body)
        {
            var dv = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (dv >= radix) return false;
            acc = acc * radix + dv;
        }
        if (neg) acc = -acc;
        if (acc < long.MinValue || acc > ulong.MaxValue || (neg && acc < long.MinValue)) return false;
        value = acc;
        return true;
    }

    public static string Marshal(RegoValue value)
    {
        var sb = new StringBuilder();
        WriteBlock(sb, value, 0, inSequence: false);
        if (sb.Length == 0 || sb[^1] != '\n') sb.Append('\n');
        return sb.ToString();
    }

    private static void WriteBlock(StringBuilder sb, RegoValue value, int indent, bool inSequence)
    {
        switch (value)
        {
            case RegoObject o when o.Count > 0:
            {
                var first = true;
                foreach (var (key, v) in SortedEntries(o))
                {
                    if (!first || !inSequence) sb.Append(' ', indent);
                    first = false;
                    sb.Append(Scalar(key)).Append(':');
                    WriteChild(sb, v, indent, underKey: true);
                }
                break;
            }
            case RegoArray or RegoSet when Items(value).Count > 0:
            {
                var first = true;
                foreach (var item in Items(value))
                {
                    if (!first || !inSequence) sb.Append(' ', indent);
                    first = false;
                    sb.Append('-');
                    WriteChild(sb, item, indent, underKey: false);
                }
                break;
            }
            default:
                sb.Append(' ', inSequence ? 0 : indent).Append(ScalarValue(value)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, RegoValue v, int indent, bool underKey)
    {
        switch (v)
        {
            case RegoObject o when o.Count > 0:
                if (underKey)
                {
                    sb.Append('\n');
                    WriteBlock(sb, v, indent + 2, inSequence: false);
                }
                else
                {
                    sb.Append(' ');
                    WriteBlock(sb, v, indent + 2, inSequence: true);
                }
                break;
            case RegoArray or RegoSet when Items(v).Count > 0:
                if (underKey)
                {
                    sb.Append('\n');
                    WriteBlock(sb, v, indent, inSequence: false);
                }
                else
                {
                    sb.Append(' ');
                    WriteBlock(sb, v, indent + 2, inSequence: true);
                }
                break;
            default:
                sb.Append(' ').Append(ScalarValue(v)).Append('\n');
                break;
        }
    }

    private static IReadOnlyList<RegoValue> Items(RegoValue v) => v is RegoSet s ? s.Sorted : ((RegoArray)v).AsList();

    private static IEnumerable<(string Key, RegoValue Value)> SortedEntries(RegoObject o)
    {
        var list = o.Items.Select(kv => (Key: kv.Key is RegoString s ? s.Value : ExtGoJson.Marshal(kv.Key), kv.Value)).ToList();
        list.Sort((a, b) => ExtGoJson.CompareUtf8(a.Key, b.Key));
        return list;
    }

    private static string ScalarValue(RegoValue v) => v switch
    {
        RegoNull => "null",
        RegoBool b => b.Value ? "true" : "false",
        RegoNumber n => n.ToJsonText(),
        RegoString s => Scalar(s.Value),
        RegoObject => "{}",
        _ => "[]",
    };

    private static string Scalar(string s) => NeedsQuotes(s) ? Quote(s) : s;

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0) return true;
        if (ResolvePlain(s) is not RegoString) return true;
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal)) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        foreach (var c in s)
        {
            if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\u0085' or '\ufeff') return true;
        }
        return false;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c is '\u2028' or '\u2029' or '\u0085' or '\ufeff')
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
