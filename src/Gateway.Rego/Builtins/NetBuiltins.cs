using System.Numerics;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;
using static Gateway.Rego.Builtins.ExtGoIp;

namespace Gateway.Rego.Builtins;

/// <summary>net.cidr_* builtins over Go's net package semantics (net.lookup_ip_addr lives elsewhere).</summary>
internal static class NetBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("net.cidr_contains", 2, (_, a) => RegoBool.Of(Contains(a[0], a[1])));
        r.Register("net.cidr_intersects", 2, (_, a) =>
        {
            var x = ParseCidrOrThrow(String(a, 0));
            var y = ParseCidrOrThrow(String(a, 1));
            return RegoBool.Of(x.Contains(y.Ip) || y.Contains(x.Ip));
        });
        r.Register("net.cidr_is_valid", 1, (_, a) => RegoBool.Of(a[0] is RegoString s && ParseCidr(s.Value) is not null));
        r.Register("net.cidr_expand", 1, (ctx, a) => Expand(ctx, String(a, 0)));
        r.Register("net.cidr_contains_matches", 2, (_, a) => ContainsMatches(a[0], a[1]));
        r.Register("net.cidr_merge", 1, (_, a) => Merge(a[0]));
    }

    private static bool Contains(RegoValue cidr, RegoValue other)
    {
        if (cidr is not RegoString cs) throw TypeError(1, cidr, "string");
        var netA = ParseCidrOrThrow(cs.Value);
        if (other is not RegoString bs) throw TypeError(1, other, "string");
        if (ParseIp(bs.Value) is { } ip) return netA.Contains(ip);
        var netB = ParseCidr(bs.Value) ?? throw new BuiltinException($"not a valid textual representation of an IP address or CIDR: {bs.Value}");
        if (!netA.Contains(netB.Ip)) return false;
        return netA.Contains(LastIp(netB));
    }

    private static byte[] LastIp(IpNet n)
    {
        var (ip, mask) = n.NetworkAndMask();
        var last = new byte[ip.Length];
        for (var i = 0; i < ip.Length; i++) last[i] = (byte)(ip[i] | ~mask[i]);
        return last;
    }

    private static RegoSet Expand(BuiltinContext ctx, string s)
    {
        var net = ParseCidrOrThrow(s);
        var (start, mask) = net.NetworkAndMask();
        var hostBits = mask.Length * 8 - net.Ones;
        var count = BigInteger.One << hostBits;
        var first = ToBig(start);
        var set = new HashSet<RegoValue>();
        for (BigInteger i = 0; i < count; i++)
        {
            if ((i & 0xfff) == 0) ctx.Cancellation.ThrowIfCancellationRequested();
            set.Add(new RegoString(Format(FromBig(first + i, start.Length))));
        }
        return new RegoSet(set);
    }

    private static RegoValue ContainsMatchTerm(RegoValue v, int operand) => v switch
    {
        RegoString => v,
        RegoArray { Count: > 0 } arr => arr[0],
        _ => throw new BuiltinException($"operand {operand}: element must be string or non-empty array"),
    };

    private static IEnumerable<(RegoValue Cidr, RegoValue Index)> MatchOperand(RegoValue v, int operand)
    {
        switch (v)
        {
            case RegoString:
                yield return (v, v);
                break;
            case RegoArray arr:
                for (var i = 0; i < arr.Count; i++) yield return (ContainsMatchTerm(arr[i], operand), RegoNumber.Of(i));
                break;
            case RegoSet set:
                foreach (var x in set.Sorted) yield return (ContainsMatchTerm(x, operand), x);
                break;
            case RegoObject obj:
                foreach (var k in obj.SortedKeys) yield return (ContainsMatchTerm(obj.Items[k], operand), k);
                break;
        }
    }

    private static RegoSet ContainsMatches(RegoValue a, RegoValue b)
    {
        var result = new HashSet<RegoValue>();
        foreach (var (c1, i1) in MatchOperand(a, 1))
        {
            foreach (var (c2, i2) in MatchOperand(b, 2))
            {
                if (Contains(c1, c2)) result.Add(new RegoArray([i1, i2]));
            }
        }
        return new RegoSet(result);
    }

    private sealed record Range(BigInteger First, BigInteger Last, IpNet? Network);

    private static RegoSet Merge(RegoValue operand)
    {
        IEnumerable<RegoValue> items = operand switch
        {
            RegoArray arr => arr.AsList(),
            RegoSet set => set.Sorted,
            _ => throw new BuiltinException("operand must be an array"),
        };
        var ranges = new List<Range>();
        foreach (var item in items)
        {
            var net = ToNet(item);
            var (ip, mask) = net.NetworkAndMask();
            var masked = ApplyMask(ip, mask);
            var first16 = masked.Length == 4 ? V4InV6(masked) : masked;
            var host = BigInteger.One << (mask.Length * 8 - net.Ones);
            var first = ToBig(first16);
            ranges.Add(new Range(first, first + host - 1, net));
        }
        ranges.Sort((x, y) => x.Last != y.Last ? x.Last.CompareTo(y.Last) : x.First.CompareTo(y.First));
        for (var i = ranges.Count - 1; i > 0; i--)
        {
            var prev = ranges[i].First.IsZero ? ranges[i].First : ranges[i].First - 1;
            if (prev <= ranges[i - 1].Last)
            {
                var first = BigInteger.Min(ranges[i - 1].First, ranges[i].First);
                ranges[i - 1] = new Range(first, ranges[i].Last, null);
                ranges.RemoveAt(i);
            }
        }
        var result = new HashSet<RegoValue>();
        foreach (var range in ranges)
        {
            if (range.Network is not null)
            {
                result.Add(new RegoString(NetString(range.Network)));
                continue;
            }
            foreach (var cidr in RangeToCidrs(range.First, range.Last)) result.Add(new RegoString(cidr));
        }
        return new RegoSet(result);
    }

    // IPNet.String(): the (unmasked) address and prefix length. Plain IPv4 addresses get their classful default mask, as in Go.
    private static string NetString(IpNet n)
    {
        var ip = To4(n.Ip) ?? n.Ip;
        return Format(ip) + "/" + n.Ones;
    }

    private static IpNet ToNet(RegoValue v)
    {
        if (v is not RegoString s) throw new BuiltinException("element must be string");
        if (ParseIp(s.Value) is { } ip)
        {
            if (To4(ip) is { } v4)
            {
                var ones = v4[0] < 0x80 ? 8 : v4[0] < 0xC0 ? 16 : 24;
                return new IpNet(ip, CidrMask(ones, 32));
            }
            throw new BuiltinException("IPv6 invalid: needs prefix length");
        }
        return ParseCidrOrThrow(s.Value);
    }

    private static readonly BigInteger V4Base = ToBig(V4InV6([0, 0, 0, 0]));

    private static IEnumerable<string> RangeToCidrs(BigInteger first, BigInteger last)
    {
        var isV4 = first >= V4Base && last <= V4Base + uint.MaxValue;
        var bits = isV4 ? 32 : 128;
        var offset = isV4 ? V4Base : BigInteger.Zero;
        var lo = first - offset;
        var hi = last - offset;
        var blocks = new List<(BigInteger Start, int Prefix)>();
        while (lo <= hi)
        {
            var size = lo.IsZero ? bits : TrailingZeros(lo, bits);
            while (size > 0 && lo + (BigInteger.One << size) - 1 > hi) size--;
            blocks.Add((lo, bits - size));
            lo += BigInteger.One << size;
        }
        foreach (var (start, prefix) in blocks)
        {
            var bytes = FromBig(start, bits / 8);
            yield return Format(bytes) + "/" + prefix;
        }
    }

    private static int TrailingZeros(BigInteger v, int max)
    {
        var n = 0;
        while (n < max && (v & (BigInteger.One << n)).IsZero) n++;
        return n;
    }
}
