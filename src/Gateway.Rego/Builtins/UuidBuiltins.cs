using System.Buffers.Binary;
using System.Security.Cryptography;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>uuid.rfc4122 (random v4, one value per key per query) and uuid.parse (google/uuid formats, decoded fields for v1/v2).</summary>
internal static class UuidBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("uuid.rfc4122", 1, (ctx, a) =>
        {
            var key = String(a, 0);
            return ctx.GetOrAdd("uuid.rfc4122\0" + key, () => new RegoString(NewV4()));
        }, nonDeterministic: true);
        r.Register("uuid.parse", 1, (_, a) => Parse(String(a, 0)));
    }

    private static string NewV4()
    {
        Span<byte> b = stackalloc byte[16];
        RandomNumberGenerator.Fill(b);
        b[8] = (byte)((b[8] & 0x3f) | 0x80);
        b[6] = (byte)((b[6] & 0x0f) | 0x40);
        var h = Convert.ToHexStringLower(b);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }

    internal static byte[]? TryParseBytes(string s)
    {
        switch (s.Length)
        {
            case 36: break;
            case 38:
                if (s[0] != '{' || s[37] != '}') return null;
                s = s[1..37];
                break;
            case 45:
                if (!s.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase)) return null;
                s = s[9..];
                break;
            case 32:
                return TryHex(s);
            default:
                return null;
        }
        if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return null;
        return TryHex(s[..8] + s[9..13] + s[14..18] + s[19..23] + s[24..]);
    }

    private static byte[]? TryHex(string s)
    {
        if (s.Length != 32 || !s.All(char.IsAsciiHexDigit)) return null;
        return Convert.FromHexString(s);
    }

    private static RegoValue? Parse(string s)
    {
        var u = TryParseBytes(s);
        if (u is null) return null;
        var version = u[6] >> 4;
        var d = new Dictionary<RegoValue, RegoValue>
        {
            [new RegoString("version")] = RegoNumber.Of(version),
            [new RegoString("variant")] = new RegoString(Variant(u[8])),
        };
        if (version is 1 or 2)
        {
            long t = BinaryPrimitives.ReadUInt32BigEndian(u.AsSpan(0, 4));
            t |= (long)BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(4, 2)) << 32;
            t |= (long)(BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(6, 2)) & 0xfff) << 48;
            // 100ns intervals since 1582-10-15 → Unix nanoseconds.
            var since = t - 122192928000000000L;
            var nanos = since / 10_000_000 * 1_000_000_000 + since % 10_000_000 * 100;
            d[new RegoString("time")] = RegoNumber.Of(nanos);
            var node = u.AsSpan(10, 6);
            d[new RegoString("nodeid")] = new RegoString(string.Join("-", node.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
            d[new RegoString("macvariables")] = new RegoString(MacVars(node[0]));
            d[new RegoString("clocksequence")] = RegoNumber.Of(BinaryPrimitives.ReadUInt16BigEndian(u.AsSpan(8, 2)) & 0x3fff);
            if (version == 2)
            {
                d[new RegoString("id")] = RegoNumber.Of((long)BinaryPrimitives.ReadUInt32BigEndian(u.AsSpan(0, 4)));
                d[new RegoString("domain")] = new RegoString(u[9] switch { 0 => "Person", 1 => "Group", 2 => "Org", var x => $"Domain{x}" });
            }
        }
        return new RegoObject(d);
    }

    private static string Variant(byte b) => b switch
    {
        _ when (b & 0xc0) == 0x80 => "RFC4122",
        _ when (b & 0xe0) == 0xc0 => "Microsoft",
        _ when (b & 0xe0) == 0xe0 => "Future",
        _ => "Reserved",
    };

    private static string MacVars(byte b) => (b & 3) switch
    {
        3 => "local:multicast",
        1 => "global:multicast",
        2 => "local:unicast",
        _ => "global:unicast",
    };
}
