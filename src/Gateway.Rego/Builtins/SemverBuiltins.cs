using System.Text.RegularExpressions;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>semver.is_valid and semver.compare, following OPA's internal/semver (a leading "v" is accepted).</summary>
internal static partial class SemverBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("semver.is_valid", 1, (c, a) => RegoBool.Of(a[0] is RegoString s && TryParse(s.Value, out _)));
        r.Register("semver.compare", 2, (_, a) =>
        {
            var x = String(a, 0);
            var y = String(a, 1);
            if (!TryParse(x, out var vx)) throw new BuiltinException($"operand 1: string {RegoJson.ToJson(new RegoString(x))} is not a valid SemVer");
            if (!TryParse(y, out var vy)) throw new BuiltinException($"operand 2: string {RegoJson.ToJson(new RegoString(y))} is not a valid SemVer");
            return RegoNumber.Of(Compare(vx, vy));
        });
    }

    [GeneratedRegex("^[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*$")]
    private static partial Regex MetaIdentifier();

    internal readonly record struct Version(long Major, long Minor, long Patch, string PreRelease, string Metadata);

    // Spans throughout: semver.is_valid runs on every admission of the benchmark policy, and allocated five objects.
    internal static bool TryParse(string text, out Version version)
    {
        version = default;
        var s = text.AsSpan();
        if (s.StartsWith('v')) s = s[1..];
        var metadata = CutAfter(ref s, '+');
        if (metadata.Length > 0 && !MetaIdentifier().IsMatch(metadata)) return false;
        var pre = CutAfter(ref s, '-');
        if (pre.Length > 0 && !MetaIdentifier().IsMatch(pre)) return false;
        if (s.Count('.') != 2) return false;
        var dot1 = s.IndexOf('.');
        var dot2 = dot1 + 1 + s[(dot1 + 1)..].IndexOf('.');
        if (!ParseGoInt64(s[..dot1], out var major) || !ParseGoInt64(s[(dot1 + 1)..dot2], out var minor) || !ParseGoInt64(s[(dot2 + 1)..], out var patch))
        {
            return false;
        }
        version = new Version(major, minor, patch, pre.ToString(), metadata.ToString());
        return true;
    }

    // strconv.ParseInt(s, 10, 64): optional sign, decimal digits only.
    private static bool ParseGoInt64(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        var body = s.StartsWith('+') || s.StartsWith('-') ? s[1..] : s;
        if (body.Length == 0 || body.ContainsAnyExceptInRange('0', '9')) return false;
        if (body.Length <= 18)
        {
            // Cannot overflow: the common case without the culture-aware parser.
            foreach (var c in body) value = value * 10 + (c - '0');
            if (s[0] == '-') value = -value;
            return true;
        }
        return long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Go's strings.Cut: <paramref name="s"/> keeps what is before the first <paramref name="sep"/>; returns what is after (empty if none).</summary>
    private static ReadOnlySpan<char> CutAfter(ref ReadOnlySpan<char> s, char sep)
    {
        var i = s.IndexOf(sep);
        if (i < 0) return [];
        var after = s[(i + 1)..];
        s = s[..i];
        return after;
    }

    private static (string Before, string After) Cut(string s, char sep)
    {
        var i = s.IndexOf(sep);
        return i < 0 ? (s, string.Empty) : (s[..i], s[(i + 1)..]);
    }

    internal static int Compare(Version v, Version o)
    {
        var c = v.Major.CompareTo(o.Major);
        if (c != 0) return Math.Sign(c);
        c = v.Minor.CompareTo(o.Minor);
        if (c != 0) return Math.Sign(c);
        c = v.Patch.CompareTo(o.Patch);
        if (c != 0) return Math.Sign(c);
        if (v.PreRelease == o.PreRelease) return 0;
        if (v.PreRelease.Length == 0) return 1;
        if (o.PreRelease.Length == 0) return -1;
        var (a, afterA) = Cut(v.PreRelease, '.');
        var (b, afterB) = Cut(o.PreRelease, '.');
        while (true)
        {
            if (a.Length == 0 && b.Length != 0) return -1;
            if (a.Length != 0 && b.Length == 0) return 1;
            var aInt = a.Length > 0 && a.All(char.IsAsciiDigit);
            var bInt = b.Length > 0 && b.All(char.IsAsciiDigit);
            if (aInt && !bInt) return -1;
            if (!aInt && bInt) return 1;
            if (aInt)
            {
                var ai = System.Numerics.BigInteger.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
                var bi = System.Numerics.BigInteger.Parse(b, System.Globalization.CultureInfo.InvariantCulture);
                c = ai.CompareTo(bi);
                if (c != 0) return Math.Sign(c);
            }
            else
            {
                c = string.CompareOrdinal(a, b);
                if (c != 0) return Math.Sign(c);
            }
            if (afterA.Length != 0 && afterB.Length == 0) return 1;
            if (afterA.Length == 0 && afterB.Length != 0) return -1;
            (a, afterA) = Cut(afterA, '.');
            (b, afterB) = Cut(afterB, '.');
            if (a.Length == 0 && b.Length == 0) return 0;
        }
    }
}
