using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// The parts of Go's <c>url.Parse</c> the AWS signer and the x509 builtins read (<c>Host</c>, <c>Path</c>, <c>EscapedPath()</c>, <c>RawQuery</c>, …).
/// Not a full URL parser: it splits "scheme://authority/path?query#fragment" the way net/url does and reports
/// the few parse errors Go reports for such strings.
/// </summary>
internal sealed record ExtGoUrl(string Scheme, string Host, string Path, string EscapedPath, string RawQuery, string Fragment)
{
    private const string Hex = "0123456789ABCDEF";

    public static ExtGoUrl Parse(string raw)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7f))
        {
            throw new BuiltinException($"parse {ExtUrl.Quote(raw)}: net/url: invalid control character in URL");
        }
        var rest = raw;
        var fragment = string.Empty;
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            fragment = rest[(hash + 1)..];
            rest = rest[..hash];
        }

        var scheme = string.Empty;
        var colon = rest.IndexOf(':');
        if (colon > 0 && IsScheme(rest.AsSpan(0, colon)))
        {
            scheme = rest[..colon].ToLowerInvariant();
            rest = rest[(colon + 1)..];
        }
        else if (colon == 0)
        {
            throw new BuiltinException($"parse {ExtUrl.Quote(raw)}: missing protocol scheme");
        }

        var query = string.Empty;
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var host = string.Empty;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var slash = authority.IndexOf('/');
            rest = slash < 0 ? string.Empty : authority[slash..];
            authority = slash < 0 ? authority : authority[..slash];
            var at = authority.LastIndexOf('@');
            host = at < 0 ? authority : authority[(at + 1)..];
            if (host.Contains('%') && !host.StartsWith('['))
            {
                throw new BuiltinException($"parse {ExtUrl.Quote(raw)}: invalid URL escape {ExtUrl.Quote(host[host.IndexOf('%')..Math.Min(host.Length, host.IndexOf('%') + 3)])}");
            }
        }
        var path = Unescape(rest, raw);
        return new ExtGoUrl(scheme, host, path, IsValidEncodedPath(rest) ? rest : EscapePath(path), query, fragment);
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (!char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false;
        }
        return true;
    }

    /// <summary>Percent-decoding of the path; a bad escape is Go's "invalid URL escape" parse error.</summary>
    private static string Unescape(string s, string raw)
    {
        if (!s.Contains('%')) return s;
        var bytes = new List<byte>(s.Length);
        var utf8 = Encoding.UTF8.GetBytes(s);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != '%')
            {
                bytes.Add(utf8[i]);
                continue;
            }
            if (i + 2 >= utf8.Length || !Uri.IsHexDigit((char)utf8[i + 1]) || !Uri.IsHexDigit((char)utf8[i + 2]))
            {
                var bad = Encoding.UTF8.GetString(utf8, i, Math.Min(3, utf8.Length - i));
                throw new BuiltinException($"parse {ExtUrl.Quote(raw)}: invalid URL escape {ExtUrl.Quote(bad)}");
            }
            bytes.Add(Convert.FromHexString(Encoding.ASCII.GetString(utf8, i + 1, 2))[0]);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Go keeps the path as written when it is a valid encoding (its validEncoded for paths).</summary>
    private static bool IsValidEncodedPath(string s)
    {
        foreach (var c in s)
        {
            if (c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '[' or ']' or '%') continue;
            if (c > 0x7f || ShouldEscapeInPath((byte)c)) return false;
        }
        return true;
    }

    private static bool ShouldEscapeInPath(byte c) =>
        !(c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
          or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
          or (byte)'$' or (byte)'&' or (byte)'+' or (byte)',' or (byte)'/' or (byte)':' or (byte)';' or (byte)'=' or (byte)'@');

    private static string EscapePath(string path)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            if (ShouldEscapeInPath(b)) sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 15]);
            else sb.Append((char)b);
        }
        return sb.ToString();
    }
}
