using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Go's net/url query escaping (QueryEscape / QueryUnescape) and path escaping used by the AWS signer.</summary>
internal static class ExtUrl
{
    private const string Hex = "0123456789ABCDEF";

    public static string QueryEscape(string s) => Escape(s, query: true);

    /// <summary>RFC 3986 unreserved characters pass, everything else is %XX over UTF-8 (AWS SigV4 canonical form).</summary>
    public static string EscapeUnreserved(string s, bool keepSlash)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (IsUnreserved(b) || (keepSlash && b == '/')) sb.Append((char)b);
            else sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 15]);
        }
        return sb.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';

    private static string Escape(string s, bool query)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (IsUnreserved(b)) sb.Append((char)b);
            else if (query && b == ' ') sb.Append('+');
            else sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 15]);
        }
        return sb.ToString();
    }

    public static string QueryUnescape(string s)
    {
        var src = Encoding.UTF8.GetBytes(s);
        var dst = new List<byte>(src.Length);
        for (var i = 0; i < src.Length; i++)
        {
            var c = src[i];
            if (c == '%')
            {
                if (i + 2 >= src.Length || !IsHex(src[i + 1]) || !IsHex(src[i + 2]))
                {
                    var bad = Encoding.UTF8.GetString(src, i, Math.Min(3, src.Length - i));
                    throw new BuiltinException($"invalid URL escape {Quote(bad)}");
                }
                dst.Add((byte)((HexVal(src[i + 1]) << 4) | HexVal(src[i + 2])));
                i += 2;
            }
            else if (c == '+')
            {
                dst.Add((byte)' ');
            }
            else
            {
                dst.Add(c);
            }
        }
        return Encoding.UTF8.GetString(dst.ToArray());
    }

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexVal(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Go's strconv.Quote for the short strings that appear in error messages.</summary>
    public static string Quote(string s)
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
                    if (c < 0x20 || c == 0x7f) sb.Append($"\\x{(int)c:x2}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
