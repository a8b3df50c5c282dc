using System.Text;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>base64, base64url, hex, urlquery, json.* (marshal/unmarshal) and yaml.* builtins, as OPA's topdown/encoding.go.</summary>
internal static class EncodingBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("base64.encode", 1, (_, a) => Str(ExtGoBase64.EncodeStd(Utf8(String(a, 0)))));
        r.Register("base64.decode", 1, (_, a) => Str(ExtGoBase64.BytesToString(ExtGoBase64.DecodeStd(String(a, 0)))));
        r.Register("base64.is_valid", 1, (c, a) => RegoBool.Of(a[0] is RegoString s && ExtGoBase64.TryDecodeStd(s.Value, out _)));
        r.Register("base64url.encode", 1, (_, a) => Str(ExtGoBase64.EncodeUrl(Utf8(String(a, 0)), pad: true)));
        r.Register("base64url.encode_no_pad", 1, (_, a) => Str(ExtGoBase64.EncodeUrl(Utf8(String(a, 0)), pad: false)));
        r.Register("base64url.decode", 1, (_, a) => Str(ExtGoBase64.BytesToString(ExtGoBase64.DecodeUrlLenient(String(a, 0)))));
        r.Register("hex.encode", 1, (_, a) => Str(ExtGoBase64.HexEncode(Utf8(String(a, 0)))));
        r.Register("hex.decode", 1, (_, a) => Str(ExtGoBase64.BytesToString(ExtGoBase64.HexDecode(String(a, 0)))));
        r.Register("urlquery.encode", 1, (_, a) => Str(ExtUrl.QueryEscape(String(a, 0))));
        r.Register("urlquery.decode", 1, (_, a) => Str(ExtUrl.QueryUnescape(String(a, 0))));
        r.Register("urlquery.encode_object", 1, (_, a) => Str(EncodeObject(a[0])));
        r.Register("urlquery.decode_object", 1, (_, a) => DecodeObject(String(a, 0)));
        r.Register("json.marshal", 1, (_, a) => Str(ExtGoJson.Marshal(a[0])));
        r.Register("json.marshal_with_options", 2, (_, a) => Str(MarshalWithOptions(a[0], Object(a, 1))));
        r.Register("json.unmarshal", 1, (_, a) => ExtGoJson.Parse(String(a, 0)));
        r.Register("json.is_valid", 1, (_, a) => RegoBool.Of(a[0] is RegoString s && ExtGoJson.IsValid(s.Value)));
        r.Register("yaml.marshal", 1, (_, a) => Str(ExtYaml.Marshal(a[0])));
        r.Register("yaml.unmarshal", 1, (_, a) => ExtYaml.Parse(String(a, 0)));
        r.Register("yaml.is_valid", 1, (_, a) => RegoBool.Of(a[0] is RegoString s && ExtYaml.IsValid(s.Value)));
    }

    private static RegoString Str(string s) => new(s);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string MarshalWithOptions(RegoValue value, RegoObject options)
    {
        var indent = "\t";
        var prefix = string.Empty;
        var implicitPretty = false;
        bool? explicitPretty = null;
        foreach (var key in options.SortedKeys)
        {
            var v = options.Items[key];
            if (key is not RegoString ks)
            {
                throw new BuiltinTypeException($"operand 2 failed to stringify key {key} at index 0: operand 0 must be string but got {key.TypeName}");
            }
            switch (ks.Value)
            {
                case "prefix":
                    prefix = v is RegoString ps ? ps.Value : throw new BuiltinTypeException($"operand 2 key prefix failed cast to string: operand 0 must be string but got {v.TypeName}");
                    implicitPretty = true;
                    break;
                case "indent":
                    indent = v is RegoString ins ? ins.Value : throw new BuiltinTypeException($"operand 2 key indent failed cast to string: operand 0 must be string but got {v.TypeName}");
                    implicitPretty = true;
                    break;
                case "pretty":
                    explicitPretty = v is RegoBool b ? b.Value : throw new BuiltinTypeException("operand 2 key pretty failed cast to bool");
                    break;
                default:
                    throw new BuiltinTypeException($"operand 2 object contained unknown key {RegoJson.ToJson(ks)}");
            }
        }
        var pretty = explicitPretty ?? implicitPretty;
        return pretty ? prefix + ExtGoJson.Marshal(value, prefix, indent) : ExtGoJson.Marshal(value);
    }

    private static string EncodeObject(RegoValue operand)
    {
        if (operand is not RegoObject obj) throw TypeError(1, operand, "object");
        var error = new BuiltinTypeException("operand 1 values must be string, array[string], or set[string]");
        var pairs = new SortedDictionary<string, List<string>>(Comparer<string>.Create(ExtGoJson.CompareUtf8));
        foreach (var (k, v) in obj.Items)
        {
            var key = k is RegoString ks ? ks.Value : ExtGoJson.Marshal(k);
            var values = new List<string>();
            switch (v)
            {
                case RegoString s: values.Add(s.Value); break;
                case RegoArray or RegoSet:
                    foreach (var item in v is RegoSet set ? set.Sorted : ((RegoArray)v).AsList())
                    {
                        values.Add(item is RegoString si ? si.Value : throw error);
                    }
                    break;
                default: throw error;
            }
            pairs[key] = values;
        }
        var sb = new StringBuilder();
        foreach (var (k, vs) in pairs)
        {
            var ek = ExtUrl.QueryEscape(k);
            foreach (var v in vs)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(ek).Append('=').Append(ExtUrl.QueryEscape(v));
            }
        }
        return sb.ToString();
    }

    private static RegoObject DecodeObject(string query)
    {
        var order = new List<string>();
        var map = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        string? firstError = null;
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0) continue;
            if (part.Contains(';', StringComparison.Ordinal)) { firstError ??= "invalid semicolon separator in query"; continue; }
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var rawKey = eq < 0 ? part : part[..eq];
            var rawValue = eq < 0 ? string.Empty : part[(eq + 1)..];
            string key, value;
            try
            {
                key = ExtUrl.QueryUnescape(rawKey);
                value = ExtUrl.QueryUnescape(rawValue);
            }
            catch (BuiltinException e)
            {
                firstError ??= e.Message;
                continue;
            }
            if (!map.TryGetValue(key, out var list)) { list = []; map[key] = list; order.Add(key); }
            list.Add(new RegoString(value));
        }
        if (firstError is not null) throw new BuiltinException(firstError);
        var d = new Dictionary<RegoValue, RegoValue>();
        foreach (var k in order) d[new RegoString(k)] = new RegoArray(map[k].ToArray());
        return new RegoObject(d);
    }
}
