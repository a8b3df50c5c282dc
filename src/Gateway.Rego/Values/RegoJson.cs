using System.Text;
using System.Text.Json;

namespace Gateway.Rego.Values;

/// <summary>Conversions between Rego values and JSON text, following OPA's <c>ast.JSON</c> rules.</summary>
public static class RegoJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Parse JSON text into a value. Throws <see cref="JsonException"/> on malformed input.</summary>
    public static RegoValue Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1024 });
        return FromElement(doc.RootElement);
    }

    public static RegoValue Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 1024 });
        using var doc = JsonDocument.ParseValue(ref reader);
        return FromElement(doc.RootElement);
    }

    public static RegoValue FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return RegoNull.Instance;
            case JsonValueKind.True: return RegoBool.True;
            case JsonValueKind.False: return RegoBool.False;
            case JsonValueKind.Number: return RegoNumber.Parse(e.GetRawText()) ?? throw new JsonException($"number out of range: {e.GetRawText()}");
            case JsonValueKind.String: return RegoStringPool.Get(e.GetString()!);
            case JsonValueKind.Array:
            {
                var items = new RegoValue[e.GetArrayLength()];
                var i = 0;
                foreach (var item in e.EnumerateArray()) items[i++] = FromElement(item);
                return new RegoArray(items);
            }
            case JsonValueKind.Object:
            {
                var count = e.GetPropertyCount();
                if (count <= RegoObject.SmallMax)
                {
                    var b = new RegoObject.SmallBuilder(count);
                    foreach (var p in e.EnumerateObject()) b.Set(RegoStringPool.Get(p.Name), FromElement(p.Value));
                    return b.Build();
                }
                var d = new Dictionary<RegoValue, RegoValue>(count);
                foreach (var p in e.EnumerateObject()) d[RegoStringPool.Get(p.Name)] = FromElement(p.Value);
                return new RegoObject(d);
            }
            default: throw new JsonException($"unsupported JSON value kind {e.ValueKind}");
        }
    }

    /// <summary>Compact JSON text: sets become sorted arrays, non-string object keys become their own JSON text, keys sorted.</summary>
    public static string ToJson(RegoValue value, bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions with { Indented = indented }))
        {
            Write(w, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter w, RegoValue value)
    {
        switch (value)
        {
            case RegoNull: w.WriteNullValue(); break;
            case RegoBool b: w.WriteBooleanValue(b.Value); break;
            case RegoNumber n: w.WriteRawValue(n.ToJsonText(), skipInputValidation: true); break;
            case RegoString s: w.WriteStringValue(s.Value); break;
            case RegoArray a:
                w.WriteStartArray();
                foreach (var item in a.Items) Write(w, item);
                w.WriteEndArray();
                break;
            case RegoSet s:
                w.WriteStartArray();
                foreach (var item in s.SortedArray) Write(w, item);
                w.WriteEndArray();
                break;
            case RegoObject o:
                w.WriteStartObject();
                foreach (var k in o.SortedKeys)
                {
                    w.WritePropertyName(k is RegoString ks ? ks.Value : ToJson(k));
                    Write(w, o.Items[k]);
                }
                w.WriteEndObject();
                break;
        }
    }

    /// <summary>Rego source text of a value, as OPA prints terms (used by sprintf %v and print).</summary>
    public static string ToRegoText(RegoValue value)
    {
        var sb = new StringBuilder();
        AppendRegoText(sb, value);
        return sb.ToString();
    }

    private static void AppendRegoText(StringBuilder sb, RegoValue value)
    {
        switch (value)
        {
            case RegoSet s:
                if (s.Count == 0) { sb.Append("set()"); return; }
                sb.Append('{');
                var first = true;
                foreach (var item in s.SortedArray)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    AppendRegoText(sb, item);
                }
                sb.Append('}');
                return;
            case RegoArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AppendRegoText(sb, a[i]);
                }
                sb.Append(']');
                return;
            case RegoObject o:
                sb.Append('{');
                var firstKey = true;
                foreach (var k in o.SortedKeys)
                {
                    if (!firstKey) sb.Append(", ");
                    firstKey = false;
                    AppendRegoText(sb, k);
                    sb.Append(": ");
                    AppendRegoText(sb, o.Items[k]);
                }
                sb.Append('}');
                return;
            default:
                sb.Append(ToJson(value));
                return;
        }
    }
}
