namespace Gateway.Rego.Builtins;

/// <summary>Character classes of the RE2 parser: [..], POSIX, Perl and Unicode classes, with case folding.</summary>
internal sealed partial class CoreRe2Parser
{
    private void AddGroup(CoreRe2Ranges set, (int Lo, int Hi)[] ranges, bool negate)
    {
        var g = new CoreRe2Ranges();
        foreach (var (lo, hi) in ranges)
        {
            if (_flags.HasFlag(ReFlags.FoldCase)) g.AddFolded(lo, hi);
            else g.Add(lo, hi);
        }
        set.AddAll(negate ? g.Negate() : g);
    }

    private void AddPerlClass(CoreRe2Ranges set, char c) => AddGroup(set, CoreRe2Tables.Perl(c)!, char.IsUpper(c));

    /// <summary>\pN, \p{Name}, \p{^Name}, \PN: RE2's Unicode classes. Returns the index after the class.</summary>
    private int ParseUnicodeClass(int t, CoreRe2Ranges set)
    {
        var negate = _s[t + 1] == 'P';
        string seq, name;
        int after;
        if (t + 2 >= _s.Length)
        {
            throw new CoreRe2SyntaxException(ErrInvalidCharRange, _s[t..]);
        }
        if (_s[t + 2] != '{')
        {
            after = t + 2 + CoreText.WidthAt(_s, t + 2);
            seq = _s[t..after];
            name = seq[2..];
        }
        else
        {
            var end = _s.IndexOf('}', t);
            if (end < 0) throw new CoreRe2SyntaxException(ErrInvalidCharRange, _s[t..]);
            after = end + 1;
            seq = _s[t..after];
            name = _s[(t + 3)..end];
        }
        if (name.StartsWith('^'))
        {
            negate = !negate;
            name = name[1..];
        }
        var table = CoreRe2Tables.Unicode(name) ?? throw new CoreRe2SyntaxException(ErrInvalidCharRange, seq);
        AddGroup(set, table, negate);
        return after;
    }

    /// <summary>Go's parseClass: [..] with ranges, negation, POSIX, Perl and Unicode classes inside.</summary>
    private int ParseClass(int start)
    {
        var t = start + 1;
        var set = new CoreRe2Ranges();
        var negate = false;
        if (t < _s.Length && _s[t] == '^')
        {
            negate = true;
            t++;
        }
        var first = true;
        while (t >= _s.Length || _s[t] != ']' || first)
        {
            if (t >= _s.Length) throw new CoreRe2SyntaxException(ErrMissingBracket, _s[start..]);
            first = false;
            if (t + 2 < _s.Length && _s[t] == '[' && _s[t + 1] == ':')
            {
                var close = _s.IndexOf(":]", t + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    var full = _s[t..(close + 2)];
                    var name = _s[(t + 2)..close];
                    var neg = name.StartsWith('^');
                    if (neg) name = name[1..];
                    if (!CoreRe2Tables.Posix.TryGetValue(name, out var posix)) throw new CoreRe2SyntaxException(ErrInvalidCharRange, full);
                    AddGroup(set, posix, neg);
                    t = close + 2;
                    continue;
                }
            }
            if (t + 1 < _s.Length && _s[t] == '\\' && _s[t + 1] is 'p' or 'P')
            {
                t = ParseUnicodeClass(t, set);
                continue;
            }
            if (t + 1 < _s.Length && _s[t] == '\\' && CoreRe2Tables.Perl(_s[t + 1]) is not null)
            {
                AddPerlClass(set, _s[t + 1]);
                t += 2;
                continue;
            }
            var rangeStart = t;
            var (lo, next) = ParseClassChar(t, start);
            t = next;
            var hi = lo;
            if (t + 1 < _s.Length && _s[t] == '-' && _s[t + 1] != ']')
            {
                t++;
                (hi, t) = ParseClassChar(t, start);
                if (hi < lo) throw new CoreRe2SyntaxException(ErrInvalidCharRange, _s[rangeStart..t]);
            }
            if (_flags.HasFlag(ReFlags.FoldCase)) set.AddFolded(lo, hi);
            else set.Add(lo, hi);
        }
        Push((negate ? set.Negate() : set).ToPattern());
        return t + 1;
    }

    private (int Rune, int After) ParseClassChar(int t, int classStart)
    {
        if (t >= _s.Length) throw new CoreRe2SyntaxException(ErrMissingBracket, _s[classStart..]);
        if (_s[t] == '\\') return ParseEscape(t);
        return (CoreText.CodePointAt(_s, t), t + CoreText.WidthAt(_s, t));
    }
}
