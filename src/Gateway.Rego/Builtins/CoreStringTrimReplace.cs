using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>trim*, replace and strings.replace_n, with Go's strings.Trim* and strings.NewReplacer semantics.</summary>
internal static partial class StringBuiltins
{
    private static void RegisterTrims(BuiltinRegistry registry)
    {
        registry.Register("trim", 2, static (_, a) => Str(TrimCutset(BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1), left: true, right: true)));
        registry.Register("trim_left", 2, static (_, a) => Str(TrimCutset(BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1), left: true, right: false)));
        registry.Register("trim_right", 2, static (_, a) => Str(TrimCutset(BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1), left: false, right: true)));
        registry.Register("trim_prefix", 2, static (_, a) =>
        {
            var (s, prefix) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
            return Str(s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s);
        });
        registry.Register("trim_suffix", 2, static (_, a) =>
        {
            var (s, suffix) = (BuiltinArgs.String(a, 0), BuiltinArgs.String(a, 1));
            return Str(s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s);
        });
        // Go's unicode.IsSpace and .NET's char.IsWhiteSpace agree (White_Space property); no astral spaces exist.
        registry.Register("trim_space", 1, static (_, a) => Str(BuiltinArgs.String(a, 0).Trim()));
    }

    private static void RegisterReplacers(BuiltinRegistry registry)
    {
        registry.Register("replace", 3, static (_, a) =>
        {
            var s = BuiltinArgs.String(a, 0);
            var old = BuiltinArgs.String(a, 1);
            var replacement = BuiltinArgs.String(a, 2);
            return Str(Replace(s, [(old, replacement)]));
        });
        registry.Register("strings.replace_n", 2, static (_, a) =>
        {
            var patterns = BuiltinArgs.Object(a, 0);
            var s = BuiltinArgs.String(a, 1);
            // NewReplacer gives earlier pairs priority; OPA passes them in sorted key order.
            var pairs = new List<(string Old, string New)>(patterns.Count);
            foreach (var key in patterns.SortedKeys)
            {
                if (key is not RegoString k) throw new BuiltinTypeException("operand 1 non-string key found in pattern object");
                if (patterns.Items[key] is not RegoString v) throw new BuiltinTypeException("operand 1 non-string value found in pattern object");
                pairs.Add((k.Value, v.Value));
            }
            return Str(Replace(s, pairs));
        });
    }

    private static RegoString Str(string s) => new(s);

    /// <summary>strings.Trim/TrimLeft/TrimRight: drop leading/trailing code points that occur in the cutset.</summary>
    private static string TrimCutset(string s, string cutset, bool left, bool right)
    {
        if (s.Length == 0 || cutset.Length == 0) return s;
        var cut = new HashSet<int>(CoreText.CodePoints(cutset));
        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && cut.Contains(CoreText.CodePointAt(s, start))) start += CoreText.WidthAt(s, start);
        }
        if (right)
        {
            while (end > start)
            {
                var width = end - 2 >= start && char.IsLowSurrogate(s[end - 1]) && char.IsHighSurrogate(s[end - 2]) ? 2 : 1;
                if (!cut.Contains(CoreText.CodePointAt(s, end - width))) break;
                end -= width;
            }
        }
        return s[start..end];
    }

    /// <summary>
    /// Go's generic strings.Replacer: scanning left to right, at each position the first pair (in priority order)
    /// whose old string matches is replaced; an empty old string matches between runes but never twice in a row.
    /// </summary>
    internal static string Replace(string s, IReadOnlyList<(string Old, string New)> pairs)
    {
        if (pairs.Count == 0) return s;
        var sb = new StringBuilder(s.Length);
        var last = 0;
        var prevMatchEmpty = false;
        for (var i = 0; i <= s.Length;)
        {
            var matched = -1;
            for (var p = 0; p < pairs.Count; p++)
            {
                var old = pairs[p].Old;
                if (old.Length == 0 ? !prevMatchEmpty : s.AsSpan(i).StartsWith(old, StringComparison.Ordinal))
                {
                    matched = p;
                    break;
                }
            }
            prevMatchEmpty = matched >= 0 && pairs[matched].Old.Length == 0;
            if (matched >= 0)
            {
                sb.Append(s, last, i - last).Append(pairs[matched].New);
                i += pairs[matched].Old.Length;
                last = i;
                continue;
            }
            if (i == s.Length) break;
            i += CoreText.WidthAt(s, i);
        }
        sb.Append(s, last, s.Length - last);
        return sb.ToString();
    }
}
