using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;
using static Gateway.Rego.Builtins.ExtGoIp;

namespace Gateway.Rego.Builtins;

/// <summary>
/// net.lookup_ip_addr without the network. An admission decision must not hang on, or change with, a DNS server,
/// and a policy that can make the gateway send queries for names taken from a request is a data channel out of it.
/// So only the answers that need no query are given: an IP literal resolves to itself (as Go's resolver answers
/// it, in Go's text form and without a zone), and <c>localhost</c> and names under <c>.localhost</c> to the
/// loopback addresses (RFC 6761 §6.3: resolvers answer them without asking). Any other name is an error saying
/// so; policies that need it can replace the builtin with <c>with net.lookup_ip_addr as …</c> in their tests.
/// </summary>
internal static class NetLookupBuiltins
{
    private static readonly RegoSet Loopback = new(new HashSet<RegoValue> { new RegoString("127.0.0.1"), new RegoString("::1") });

    public static void Register(BuiltinRegistry r) =>
        r.Register("net.lookup_ip_addr", 1, static (_, a) => Lookup(String(a, 0)), nonDeterministic: true);

    private static RegoSet Lookup(string name)
    {
        // Go's LookupIPAddr takes a zone after '%' ("fe80::1%eth0") and leaves it out of IP.String().
        var zone = name.IndexOf('%');
        var host = zone >= 0 ? name[..zone] : name;
        if (ParseIp(host) is { } ip) return new RegoSet(new HashSet<RegoValue> { new RegoString(Format(ip)) });
        if (IsLocalhost(name)) return Loopback;
        throw new BuiltinException($"lookup {name}: DNS lookups are not available in the gateway's embedded policy engine (IP literals and localhost are answered)");
    }

    private static bool IsLocalhost(string name)
    {
        var n = name.EndsWith('.') ? name[..^1] : name;
        return n.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            (n.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) && n.Length > ".localhost".Length);
    }
}
