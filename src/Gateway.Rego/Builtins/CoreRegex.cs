using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Rego.Builtins;

/// <summary>
/// An RE2 pattern compiled onto .NET's Regex, with Go's regexp iteration rules (FindAll, Split, ReplaceAll, Expand).
/// Compiled patterns are cached process-wide; every match runs under a timeout.
///
/// Differences from Go's RE2 engine: matching is backtracking, so a pathological pattern may hit the timeout where
/// RE2 runs in linear time; \p{Script} classes are approximated by blocks for common scripts and other scripts are
/// rejected; case folding uses .NET's Unicode casing plus the common special orbits (k/K/Kelvin, s/ſ, …); positions
/// are computed in UTF-16 and mapped back to code points where builtins report them.
/// </summary>
internal sealed class CoreRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<string, CoreRegex> Cache = new(StringComparer.Ordinal);

    private CoreRegex(Regex regex, IReadOnlyList<string?> names)
    {
        Regex = regex;
        Names = names;
    }

    public Regex Regex { get; }

    /// <summary>Group names by group number (index 0, the whole match, has none).</summary>
    public IReadOnlyList<string?> Names { get; }

    /// <summary>Compile (or fetch) an RE2 pattern; a syntax error throws <see cref="BuiltinException"/> with Go's message.</summary>
    public static CoreRegex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var cached)) return cached;
        CoreRegex compiled;
        try
        {
            var (net, names) = CoreRe2Parser.Translate(pattern);
            compiled = new CoreRegex(new Regex(net, RegexOptions.CultureInvariant, MatchTimeout), names);
        }
        catch (CoreRe2SyntaxException e)
        {
            throw new BuiltinException(e.Message);
        }
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[pattern] = compiled;
        return compiled;
    }

    public static bool IsValid(string pattern)
    {
        try
        {
            CoreRe2Parser.Translate(pattern);
            return true;
        }
        catch (CoreRe2SyntaxException)
        {
            return false;
        }
    }

    /// <summary>Run a regex operation, turning a timeout into a builtin error.</summary>
    public static T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new BuiltinException("regular expression match timed out");
        }
    }

    public bool IsMatch(string s) => Guard(() => Regex.IsMatch(s));

    /// <summary>Go's allMatches: successive leftmost matches; an empty match right after a previous match is skipped.</summary>
    public List<Match> FindAll(string s, long n)
    {
        var result = new List<Match>();
        if (n < 0) n = s.Length + 1L;
        var pos = 0;
        var prevMatchEnd = -1;
        Guard(() =>
        {
            while (result.Count < n && pos <= s.Length)
            {
                var m = Regex.Match(s, pos);
                if (!m.Success) break;
                var end = m.Index + m.Length;
                var accept = true;
                if (end == pos)
                {
                    // An empty match: never right after the previous match; step past the next code point.
                    if (m.Index == prevMatchEnd) accept = false;
                    pos += pos < s.Length ? CoreText.WidthAt(s, pos) : 1;
                }
                else
                {
                    pos = end;
                }
                prevMatchEnd = end;
                if (accept) result.Add(m);
            }
            return 0;
        });
        return result;
    }

    /// <summary>Go's Regexp.Split(s, -1).</summary>
    public List<string> Split(string s, string pattern)
    {
        if (pattern.Length > 0 && s.Length == 0) return [""];
        var parts = new List<string>();
        var beg = 0;
        var end = 0;
        foreach (var m in FindAll(s, -1))
        {
            end = m.Index;
            if (m.Index + m.Length != 0) parts.Add(s[beg..end]);
            beg = m.Index + m.Length;
        }
        if (end != s.Length) parts.Add(s[beg..]);
        return parts;
    }

    /// <summary>Go's ReplaceAllString: replace every match with the template expanded ($1, ${name}, $$).</summary>
    public string ReplaceAll(string src, string template)
    {
        var sb = new StringBuilder(src.Length);
        var lastMatchEnd = 0;
        var searchPos = 0;
        Guard(() =>
        {
            while (searchPos <= src.Length)
            {
                var m = Regex.Match(src, searchPos);
                if (!m.Success) break;
                var (a0, a1) = (m.Index, m.Index + m.Length);
                sb.Append(src, lastMatchEnd, a0 - lastMatchEnd);
                // No replacement for an empty match right after another match.
                if (a1 > lastMatchEnd || a0 == 0) Expand(sb, template, m);
                lastMatchEnd = a1;
                var width = searchPos < src.Length ? CoreText.WidthAt(src, searchPos) : 0;
                if (searchPos + width > a1) searchPos += width;
                else if (searchPos + 1 > a1) searchPos++;
                else searchPos = a1;
            }
            return 0;
        });
        sb.Append(src, lastMatchEnd, src.Length - lastMatchEnd);
        return sb.ToString();
    }

    /// <summary>Go's Regexp.Expand: $n, ${n}, $name, ${name}, $$; a malformed reference is kept as "$".</summary>
    private void Expand(StringBuilder sb, string template, Match m)
    {
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0) break;
            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            if (!TryExtract(template, i, out var name, out var num, out var rest))
            {
                sb.Append('$');
                continue;
            }
            i = rest;
            if (num >= 0)
            {
                if (num < m.Groups.Count && m.Groups[num].Success) sb.Append(m.Groups[num].Value);
            }
            else
            {
                for (var g = 1; g < Names.Count; g++)
                {
                    if (Names[g] == name && g < m.Groups.Count && m.Groups[g].Success)
                    {
                        sb.Append(m.Groups[g].Value);
                        break;
                    }
                }
            }
        }
        if (i < template.Length) sb.Append(template, i, template.Length - i);
    }

    private static bool TryExtract(string s, int start, out string name, out int num, out int rest)
    {
        name = "";
        num = -1;
        rest = start;
        if (start >= s.Length) return false;
        var i = start;
        var brace = s[i] == '{';
        if (brace) i++;
        var nameStart = i;
        while (i < s.Length)
        {
            var cp = CoreText.CodePointAt(s, i);
            var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
            var isLetter = cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
            if (!isLetter && cat != UnicodeCategory.DecimalDigitNumber && cp != '_') break;
            i += CoreText.WidthAt(s, i);
        }
        if (i == nameStart) return false;
        name = s[nameStart..i];
        if (brace)
        {
            if (i >= s.Length || s[i] != '}') return false;
            i++;
        }
        num = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || num >= 100_000_000)
            {
                num = -1;
                break;
            }
            num = num * 10 + (c - '0');
        }
        if (name[0] == '0' && name.Length > 1) num = -1;
        rest = i;
        return true;
    }
}
