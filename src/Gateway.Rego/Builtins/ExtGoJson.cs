using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// JSON text exactly as OPA produces it: <c>ast.JSON</c> followed by Go's <c>json.Marshal</c>
/// (keys sorted bytewise, HTML characters escaped as \u003c, \b and \f escapes), and Go-flavoured parse errors.
/// Signatures (JWT) and hashes depend on these bytes, so RegoJson's relaxed writer is not enough here.
/// </summary>
internal static class ExtGoJson
{
    public static string Marshal(RegoValue value, string? prefix = null, string? indent = null)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent is null ? null : prefix ?? string.Empty, indent, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, RegoValue value, string? prefix, string? indent, int depth)
    {
        switch (value)
        {
            case RegoNull: sb.Append("null"); break;
            case RegoBool b: sb.Append(b.Value ? "true" : "false"); break;
            case RegoNumber n: sb.Append(n.ToJsonText()); break;
            case RegoString s: AppendString(sb, s.Value); break;
            case RegoArray a: WriteArray(sb, a.AsList(), prefix, indent, depth); break;
            case RegoSet s: WriteArray(sb, s.Sorted, prefix, indent, depth); break;
            case RegoObject o:
            {
                var entries = new List<(string Key, RegoValue Value)>(o.Count);
                foreach (var (k, v) in o.Items) entries.Add((k is RegoString ks ? ks.Value : Marshal(k), v));
                entries.Sort((x, y) => CompareUtf8(x.Key, y.Key));
                if (entries.Count == 0) { sb.Append("{}"); return; }
                sb.Append('{');
                for (var i = 0; i < entries.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, prefix, indent, depth + 1);
                    AppendString(sb, entries[i].Key);
                    sb.Append(indent is null ? ":" : ": ");
                    Write(sb, entries[i].Value, prefix, indent, depth + 1);
                }
                NewLine(sb, prefix, indent, depth);
                sb.Append('}');
                break;
            }
        }
    }

    private static void WriteArray(StringBuilder sb, IReadOnlyList<RegoValue> items, string? prefix, string? indent, int depth)
    {
        if (items.Count == 0) { sb.Append("[]"); return; }
        sb.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(',');
            NewLine(sb, prefix, indent, depth + 1);
            Write(sb, items[i], prefix, indent, depth + 1);
        }
        NewLine(sb, prefix, indent, depth);
        sb.Append(']');
    }

    private static void NewLine(StringBuilder sb, string? prefix, string? indent, int depth)
    {
        if (indent is null) return;
        sb.Append('\n').Append(prefix);
        for (var i = 0; i < depth; i++) sb.Append(indent);
    }

    /// <summary>Go's map key order: bytewise over UTF-8.</summary>
    public static int CompareUtf8(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y) continue;
            // Surrogates (U+D800–DFFF) encode code points above U+FFFF, which sort after every BMP character in UTF-8.
            var xs = char.IsSurrogate(x);
            var ys = char.IsSurrogate(y);
            if (xs != ys) return xs ? 1 : -1;
            return x.CompareTo(y);
        }
        return a.Length.CompareTo(b.Length);
    }

    public static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Parses JSON as OPA's util.UnmarshalJSON (last duplicate key wins, numbers kept exact), with Go's error wording.</summary>
    public static RegoValue Parse(string text)
    {
        try
        {
            return RegoJson.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BuiltinException(GoJsonError(text, e));
        }
    }

    public static bool IsValid(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 10000 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Approximates Go's encoding/json syntax errors from the position System.Text.Json reports.</summary>
    private static string GoJsonError(string text, JsonException e)
    {
        if (text.Trim().Length == 0) return "unexpected end of JSON input";
        var offset = LineColumnToOffset(text, e.LineNumber, e.BytePositionInLine);
        if (offset is null || offset >= text.Length) return "unexpected end of JSON input";
        var c = text[offset.Value];
        var shown = c switch { '\'' => "'\\''", '"' => "'\"'", _ => $"'{c}'" };
        return e.Message.Contains("after the JSON value", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("additional text", StringComparison.OrdinalIgnoreCase)
            ? $"invalid character {shown} after top-level value"
            : $"invalid character {shown} looking for beginning of value";
    }

    private static int? LineColumnToOffset(string text, long? line, long? bytePos)
    {
        if (line is null || bytePos is null) return null;
        var idx = 0;
        for (var l = 0; l < line.Value && idx < text.Length; l++)
        {
            var nl = text.IndexOf('\n', idx);
            if (nl < 0) return null;
            idx = nl + 1;
        }
        // Byte position within the line; map back through UTF-8 widths.
        var bytes = 0L;
        while (idx < text.Length && bytes < bytePos.Value)
        {
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(idx, char.IsHighSurrogate(text[idx]) && idx + 1 < text.Length ? 2 : 1));
            idx += char.IsHighSurrogate(text[idx]) && idx + 1 < text.Length ? 2 : 1;
        }
        return idx;
    }
}
