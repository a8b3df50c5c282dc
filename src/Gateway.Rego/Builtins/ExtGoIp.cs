using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Go's net.ParseIP / net.ParseCIDR and IP text forms. Strict like Go: no leading zeros in IPv4 octets,
/// no zones, no shorthand forms. IPv4 addresses are 16 bytes (v4-in-v6) after ParseIP, 4 bytes in a parsed IPv4 CIDR.
/// </summary>
internal static class ExtGoIp
{
    internal sealed record IpNet(byte[] Ip, byte[] Mask)
    {
        public int Bits => Mask.Length * 8;
        public int Ones
        {
            get
            {
                var n = 0;
                foreach (var b in Mask) n += BitOperations.PopCount(b);
                return n;
            }
        }

        /// <summary>IPNet.Contains: v4-mapped addresses compare as IPv4; lengths must agree.</summary>
        public bool Contains(byte[] ip)
        {
            var (nn, m) = NetworkAndMask();
            var x = To4(ip);
            if (x is not null) ip = x;
            if (ip.Length != nn.Length) return false;
            for (var i = 0; i < ip.Length; i++)
            {
                if ((nn[i] & m[i]) != (ip[i] & m[i])) return false;
            }
            return true;
        }

        public (byte[] Net, byte[] Mask) NetworkAndMask()
        {
            var ip = To4(Ip) ?? Ip;
            var m = Mask;
            if (m.Length == 16 && ip.Length == 4) m = m[12..];
            return (ip, m);
        }

        public override string ToString()
        {
            var (nn, m) = NetworkAndMask();
            return Format(nn) + "/" + Ones.ToString(CultureInfo.InvariantCulture);
        }
    }

    public static byte[]? To4(byte[] ip)
    {
        if (ip.Length == 4) return ip;
        if (ip.Length == 16 && ip.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xff && ip[11] == 0xff) return ip[12..];
        return null;
    }

    public static byte[]? ParseIp(string s)
    {
        foreach (var c in s)
        {
            if (c == '.') return ParseV4(s) is { } v4 ? V4InV6(v4) : null;
            if (c == ':') return ParseV6(s);
        }
        return null;
    }

    public static byte[] V4InV6(byte[] v4) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, v4[0], v4[1], v4[2], v4[3]];

    private static byte[]? ParseV4(string s)
    {
        var parts = s.Split('.');
        if (parts.Length != 4) return null;
        var ip = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit)) return null;
            if (p.Length > 1 && p[0] == '0') return null;
            var v = int.Parse(p, CultureInfo.InvariantCulture);
            if (v > 255) return null;
            ip[i] = (byte)v;
        }
        return ip;
    }

    private static byte[]? ParseV6(string s)
    {
        var ip = new byte[16];
        var ellipsis = -1;
        var i = 0;
        var pos = 0;
        if (s.StartsWith("::", StringComparison.Ordinal))
        {
            ellipsis = 0;
            pos = 2;
            if (pos == s.Length) return ip;
        }
        while (i < 16)
        {
            var end = pos;
            while (end < s.Length && char.IsAsciiHexDigit(s[end]) && end - pos < 5) end++;
            var len = end - pos;
            if (len == 0 || len > 4) return null;
            if (end < s.Length && s[end] == '.')
            {
                if (ellipsis < 0 && i != 12) return null;
                if (i + 4 > 16) return null;
                var v4 = ParseV4(s[pos..]);
                if (v4 is null) return null;
                v4.CopyTo(ip, i);
                i += 4;
                pos = s.Length;
                break;
            }
            var n = int.Parse(s.AsSpan(pos, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ip[i] = (byte)(n >> 8);
            ip[i + 1] = (byte)n;
            i += 2;
            pos = end;
            if (pos == s.Length) break;
            if (s[pos] != ':' || pos + 1 == s.Length) return null;
            pos++;
            if (s[pos] == ':')
            {
                if (ellipsis >= 0) return null;
                ellipsis = i;
                pos++;
                if (pos == s.Length) break;
            }
        }
        if (pos != s.Length) return null;
        if (i < 16)
        {
            if (ellipsis < 0) return null;
            var n = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
            for (var j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
        }
        else if (ellipsis >= 0)
        {
            return null;
        }
        return ip;
    }

    /// <summary>net.ParseCIDR; the error text is Go's ("invalid CIDR address: ...").</summary>
    public static IpNet? ParseCidr(string s)
    {
        var slash = s.IndexOf('/');
        if (slash < 0) return null;
        var addr = s[..slash];
        var mask = s[(slash + 1)..];
        var ip = ParseIp(addr);
        if (ip is null) return null;
        var bits = addr.Contains(':') ? 128 : 32;
        if (mask.Length == 0 || mask.Length > 8 || !mask.All(char.IsAsciiDigit)) return null;
        var n = int.Parse(mask, CultureInfo.InvariantCulture);
        if (n > bits) return null;
        var m = CidrMask(n, bits);
        if (bits == 32) ip = ip[12..];
        return new IpNet(ApplyMask(ip, m), m);
    }

    public static IpNet ParseCidrOrThrow(string s) => ParseCidr(s) ?? throw new BuiltinException($"invalid CIDR address: {s}");

    public static byte[] CidrMask(int ones, int bits)
    {
        var m = new byte[bits / 8];
        for (var i = 0; i < m.Length; i++)
        {
            var take = Math.Clamp(ones - i * 8, 0, 8);
            m[i] = (byte)(0xff << (8 - take));
        }
        return m;
    }

    public static byte[] ApplyMask(byte[] ip, byte[] mask)
    {
        if (mask.Length == 16 && ip.Length == 4) mask = mask[12..];
        if (mask.Length == 4 && ip.Length == 16 && To4(ip) is { } v4) ip = v4;
        var r = new byte[ip.Length];
        for (var i = 0; i < ip.Length; i++) r[i] = (byte)(ip[i] & mask[i]);
        return r;
    }

    /// <summary>IP.String(): dotted quad for IPv4 and v4-mapped, RFC 5952 for IPv6.</summary>
    public static string Format(byte[] ip)
    {
        if (To4(ip) is { } v4) return $"{v4[0]}.{v4[1]}.{v4[2]}.{v4[3]}";
        if (ip.Length != 16) return "?";
        // Longest run of two or more zero groups is replaced with "::".
        int bestStart = -1, bestLen = 0;
        for (var g = 0; g < 8;)
        {
            if (ip[g * 2] == 0 && ip[g * 2 + 1] == 0)
            {
                var start = g;
                while (g < 8 && ip[g * 2] == 0 && ip[g * 2 + 1] == 0) g++;
                if (g - start > bestLen && g - start >= 2) { bestStart = start; bestLen = g - start; }
            }
            else
            {
                g++;
            }
        }
        var sb = new StringBuilder();
        for (var g = 0; g < 8; g++)
        {
            if (g == bestStart)
            {
                sb.Append("::");
                g += bestLen - 1;
                continue;
            }
            if (sb.Length > 0 && sb[^1] != ':') sb.Append(':');
            sb.Append(((ip[g * 2] << 8) | ip[g * 2 + 1]).ToString("x", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static BigInteger ToBig(byte[] ip) => new(ip, isUnsigned: true, isBigEndian: true);

    public static byte[] FromBig(BigInteger v, int len)
    {
        var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        var r = new byte[len];
        bytes.AsSpan(Math.Max(0, bytes.Length - len)).CopyTo(r.AsSpan(Math.Max(0, len - bytes.Length)));
        return r;
    }
}
