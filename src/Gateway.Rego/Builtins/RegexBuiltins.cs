using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// regex.* builtins over RE2 syntax (see <see cref="CoreRegex"/> and <see cref="CoreRe2Parser"/>): patterns are
/// validated exactly as Go's regexp/syntax does (so regex.is_valid agrees, and errors carry Go's wording), then
/// run on .NET's Regex with Go's iteration rules. regex.globs_match follows yashtewari/glob-intersection.
/// regex.replace is Go's ReplaceAllString (one recent OPA version instead re-matches the remaining text after
/// each match, so that ^ matches again there and an empty match never advances; we keep ReplaceAllString).
/// </summary>
internal static class RegexBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("regex.is_valid", 1, static (_, a) => RegoBool.Of(a[0] is RegoString s && CoreRegex.IsValid(s.Value)));
        registry.Register("regex.match", 2, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            var value = BuiltinArgs.String(a, 1);
            return RegoBool.Of(CoreRegex.Get(pattern).IsMatch(value));
        });
        registry.Register("regex.split", 2, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            var value = BuiltinArgs.String(a, 1);
            return Strings(CoreRegex.Get(pattern).Split(value, pattern));
        });
        registry.Register("regex.find_n", 3, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            var value = BuiltinArgs.String(a, 1);
            var n = CoreNumbers.IntOperand(a, 2);
            return Strings(CoreRegex.Get(pattern).FindAll(value, n).Select(m => m.Value));
        });
        registry.Register("regex.find_all_string_submatch_n", 3, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            var value = BuiltinArgs.String(a, 1);
            var n = CoreNumbers.IntOperand(a, 2);
            var matches = CoreRegex.Get(pattern).FindAll(value, n);
            return new RegoArray(matches.Select(m => (RegoValue)Strings(m.Groups.Cast<System.Text.RegularExpressions.Group>()
                .Select(g => g.Success ? g.Value : ""))).ToArray());
        });
        registry.Register("regex.replace", 3, static (_, a) =>
        {
            var s = BuiltinArgs.String(a, 0);
            var pattern = BuiltinArgs.String(a, 1);
            var value = BuiltinArgs.String(a, 2);
            return new RegoString(CoreRegex.Get(pattern).ReplaceAll(s, value));
        });
        registry.Register("regex.template_match", 4, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            var match = BuiltinArgs.String(a, 1);
            var start = BuiltinArgs.String(a, 2);
            var end = BuiltinArgs.String(a, 3);
            var startLen = Encoding.UTF8.GetByteCount(start);
            // OPA reports the start delimiter's length in both messages.
            if (startLen != 1) throw new BuiltinException($"start delimiter has to be exactly one character long but is {startLen} long");
            if (Encoding.UTF8.GetByteCount(end) != 1) throw new BuiltinException($"end delimiter has to be exactly one character long but is {startLen} long");
            return RegoBool.Of(CoreRegex.Get(TemplatePattern(pattern, start[0], end[0])).IsMatch(match));
        });
        registry.Register("regex.globs_match", 2, static (_, a) =>
        {
            var g1 = BuiltinArgs.String(a, 0);
            var g2 = BuiltinArgs.String(a, 1);
            return RegoBool.Of(CoreGlobIntersection.NonEmpty(g1, g2));
        });
    }

    private static RegoArray Strings(IEnumerable<string> items) => new(items.Select(s => (RegoValue)new RegoString(s)).ToArray());

    /// <summary>
    /// gorilla/mux-style templates: text outside the delimiters is quoted, text inside is a regex group;
    /// the whole is anchored. Each inner pattern must itself be a valid regex.
    /// </summary>
    private static string TemplatePattern(string template, char open, char close)
    {
        var indices = new List<int>();
        var level = 0;
        var idx = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == open)
            {
                if (++level == 1) idx = i;
            }
            else if (template[i] == close)
            {
                if (--level == 0)
                {
                    indices.Add(idx);
                    indices.Add(i + 1);
                }
                else if (level < 0)
                {
                    throw new BuiltinException($"unbalanced braces in {CoreGoFormatter.Quote(template)}");
                }
            }
        }
        if (level != 0) throw new BuiltinException($"unbalanced braces in {CoreGoFormatter.Quote(template)}");
        var sb = new StringBuilder("^");
        var end = 0;
        for (var i = 0; i < indices.Count; i += 2)
        {
            var raw = template[end..indices[i]];
            end = indices[i + 1];
            var inner = template[(indices[i] + 1)..(end - 1)];
            sb.Append(QuoteMeta(raw)).Append('(').Append(inner).Append(')');
            CoreRegex.Get("^" + inner + "$");
        }
        sb.Append(QuoteMeta(template[end..])).Append('$');
        return sb.ToString();
    }

    /// <summary>Go's regexp.QuoteMeta.</summary>
    internal static string QuoteMeta(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (var c in s)
        {
            if (@"\.+*?()|[]{}^$".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
