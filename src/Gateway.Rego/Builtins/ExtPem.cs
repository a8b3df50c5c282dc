using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Go's encoding/pem Decode: finds the next well-formed block and returns what follows it.</summary>
internal static class ExtPem
{
    internal sealed record Block(string Type, byte[] Bytes);

    public static (Block? Block, byte[] Remaining) Decode(byte[] data)
    {
        var rest = data;
        while (true)
        {
            var start = FindBegin(rest);
            if (start < 0) return (null, data);
            rest = rest[(start + Begin.Length)..];
            var lineEnd = IndexOf(rest, "\n"u8);
            var typeLineEnd = lineEnd < 0 ? rest.Length : lineEnd;
            var typeLine = TrimRight(rest.AsSpan(0, typeLineEnd));
            if (!typeLine.EndsWith("-----"u8))
            {
                continue;
            }
            var type = Encoding.UTF8.GetString(typeLine[..^5]);
            rest = lineEnd < 0 ? [] : rest[(lineEnd + 1)..];
            var endMarker = Encoding.UTF8.GetBytes("\n-----END " + type + "-----");
            int endIndex;
            byte[] body;
            if (StartsWith(rest, endMarker.AsSpan(1)))
            {
                endIndex = 0;
                body = [];
                rest = rest[(endMarker.Length - 1)..];
            }
            else
            {
                endIndex = IndexOf(rest, endMarker);
                if (endIndex < 0) continue;
                body = rest[..endIndex];
                rest = rest[(endIndex + endMarker.Length)..];
            }
            // The END line must be followed by a line ending or the end of input.
            var trailer = 0;
            while (trailer < rest.Length && rest[trailer] is (byte)' ' or (byte)'\t') trailer++;
            if (trailer < rest.Length && rest[trailer] is not ((byte)'\n' or (byte)'\r')) continue;
            if (trailer < rest.Length && rest[trailer] == '\r') trailer++;
            if (trailer < rest.Length && rest[trailer] == '\n') trailer++;
            rest = rest[trailer..];
            var decoded = DecodeBody(body);
            if (decoded is null) continue;
            return (new Block(type, decoded), rest);
        }
    }

    private static readonly byte[] Begin = "-----BEGIN "u8.ToArray();

    private static int FindBegin(byte[] data)
    {
        if (StartsWith(data, Begin)) return 0;
        var i = IndexOf(data, "\n-----BEGIN "u8);
        return i < 0 ? -1 : i + 1;
    }

    private static byte[]? DecodeBody(byte[] body)
    {
        // Skip RFC 1421 headers ("Key: value" lines followed by a blank line).
        var text = Encoding.UTF8.GetString(body);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var startLine = 0;
        if (lines.Length > 0 && lines[0].Contains(':', StringComparison.Ordinal))
        {
            while (startLine < lines.Length && lines[startLine].Length > 0) startLine++;
        }
        var b64 = string.Concat(lines.Skip(startLine).Select(l => l.Trim()));
        try
        {
            return Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> TrimRight(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        while (n > 0 && s[n - 1] is (byte)' ' or (byte)'\t' or (byte)'\r') n--;
        return s[..n];
    }

    private static bool StartsWith(byte[] data, ReadOnlySpan<byte> prefix) => data.AsSpan().StartsWith(prefix);

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> needle) => data.AsSpan().IndexOf(needle);

    public static string Encode(string type, byte[] der)
    {
        var sb = new StringBuilder();
        sb.Append("-----BEGIN ").Append(type).Append("-----\n");
        var b64 = Convert.ToBase64String(der);
        for (var i = 0; i < b64.Length; i += 64) sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        sb.Append("-----END ").Append(type).Append("-----\n");
        return sb.ToString();
    }
}
