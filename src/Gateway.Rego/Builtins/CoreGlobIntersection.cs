namespace Gateway.Rego.Builtins;

/// <summary>
/// regex.globs_match: whether two "globs" (a regex subset: literal characters, '.', sets [..] with ranges, each
/// optionally followed by '+' or '*', and '\' escapes) can match a common non-empty string. A port of the
/// algorithm and error texts of github.com/yashtewari/glob-intersection, which OPA uses; like that library it is
/// a heuristic, not a full automaton intersection.
/// </summary>
internal static class CoreGlobIntersection
{
    private enum TokenType { Character, Dot, Set }

    private enum Flag { None, Plus, Star }

    private sealed class Token(TokenType type, int rune = 0, HashSet<int>? runes = null)
    {
        public TokenType Type { get; } = type;
        public int Rune { get; } = rune;
        public HashSet<int> Runes { get; } = runes ?? [];
        public Flag Flag { get; set; }

        public bool SameAs(Token other) => Type == other.Type && Type switch
        {
            TokenType.Character => Rune == other.Rune,
            TokenType.Set => Runes.SetEquals(other.Runes),
            _ => true,
        };
    }

    public static bool NonEmpty(string lhs, string rhs)
    {
        var g1 = NewGlob(lhs);
        var g2 = NewGlob(rhs);
        if (!TrimGlobs(ref g1, ref g2)) return false;
        return IntersectNormal(g1, g2);
    }

    private static List<Token> NewGlob(string input) => Simplify(Tokenize(CoreText.CodePoints(input)));

    private static BuiltinException Invalid(int[] input, int index, string message) =>
        new($"input:{CoreText.FromCodePoints(input)}, pos:{index}, {message}: the input provided is invalid");

    private static List<Token> Tokenize(int[] input)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < input.Length)
        {
            var (next, r, escaped) = NextRune(i, input);
            Token token;
            if (!escaped && r == '.') token = new Token(TokenType.Dot);
            else if (!escaped && r == ']') throw Invalid(input, next, "set-close ']' with no preceding '['");
            else if (!escaped && r == '[') (next, token) = NextSet(next, input);
            else if (!escaped && r is '+' or '*') throw Invalid(input, next, $"flag '{(char)r}' must be preceded by a non-flag");
            else token = new Token(TokenType.Character, r);
            // An unescaped '+' or '*' right after a token is that token's flag.
            if (next < input.Length)
            {
                var (afterFlag, f, fEscaped) = NextRune(next, input);
                if (!fEscaped && f is '+' or '*')
                {
                    token.Flag = f == '+' ? Flag.Plus : Flag.Star;
                    next = afterFlag;
                }
            }
            tokens.Add(token);
            i = next;
        }
        return tokens;
    }

    private static (int Next, int Rune, bool Escaped) NextRune(int index, int[] input)
    {
        if (input[index] != '\\') return (index + 1, input[index], false);
        if (index == input.Length - 1) throw Invalid(input, index, "input ends with a \\ (escape) character");
        return (index + 2, input[index + 1], true);
    }

    private static (int Next, Token Token) NextSet(int index, int[] input)
    {
        var runes = new HashSet<int>();
        var prev = 0;
        var prevExists = false;
        var i = index;
        while (i < input.Length)
        {
            var (next, r, escaped) = NextRune(i, input);
            i = next;
            if (escaped)
            {
                runes.Add(r);
                (prev, prevExists) = (r, true);
                continue;
            }
            if (r == ']') return (i, new Token(TokenType.Set, runes: runes));
            if (r == '-')
            {
                if (!prevExists) throw Invalid(input, i, "range character '-' must be preceded by a Unicode character");
                if (i >= input.Length - 1) throw Invalid(input, i, "range character '-' must be followed by a Unicode character");
                var (afterHi, hi, hiEscaped) = NextRune(i, input);
                i = afterHi;
                if (!hiEscaped && hi is ']' or '-') throw Invalid(input, i, "range character '-' cannot be followed by a special symbol");
                if (hi < prev) throw Invalid(input, i, $"range is out of order: '{CoreText.FromCodePoints([hi])}' comes before '{CoreText.FromCodePoints([prev])}' in Unicode");
                for (var x = prev; x <= hi; x++) runes.Add(x);
                prevExists = false;
                continue;
            }
            runes.Add(r);
            (prev, prevExists) = (r, true);
        }
        throw Invalid(input, i, "found [ without matching ]");
    }

    /// <summary>Merge a flagged token into an equal flagged predecessor (Plus wins over Star).</summary>
    private static List<Token> Simplify(List<Token> tokens)
    {
        if (tokens.Count == 0) return tokens;
        var simple = new List<Token> { tokens[0] };
        var latest = tokens[0];
        for (var i = 1; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Flag != Flag.None && latest.Flag != Flag.None && t.SameAs(latest))
            {
                simple[^1].Flag = t.Flag == Flag.Plus || latest.Flag == Flag.Plus ? Flag.Plus : Flag.Star;
                continue;
            }
            latest = t;
            simple.Add(t);
        }
        return simple;
    }

    private static bool Match(Token a, Token b)
    {
        if (a.Type > b.Type) (a, b) = (b, a);
        return (a.Type, b.Type) switch
        {
            (TokenType.Character, TokenType.Character) => a.Rune == b.Rune,
            (TokenType.Character, TokenType.Set) => b.Runes.Contains(a.Rune),
            (TokenType.Set, TokenType.Set) => a.Runes.Overlaps(b.Runes),
            _ => true, // anything against a dot
        };
    }

    /// <summary>Strip matching unflagged prefixes and suffixes, keeping one token each side; false on a mismatch.</summary>
    private static bool TrimGlobs(ref List<Token> g1, ref List<Token> g2)
    {
        int l;
        for (l = 0; l < g1.Count && l < g2.Count && g1[l].Flag == Flag.None && g2[l].Flag == Flag.None; l++)
        {
            if (!Match(g1[l], g2[l])) return false;
        }
        if (l > 0) l--;
        int r1, r2;
        for (r1 = g1.Count - 1, r2 = g2.Count - 1; r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1[r1].Flag == Flag.None && g2[r2].Flag == Flag.None; r1--, r2--)
        {
            if (!Match(g1[r1], g2[r2])) return false;
        }
        if (r1 < g1.Count - 1)
        {
            r1++;
            r2++;
        }
        g1 = g1.GetRange(l, Math.Max(r1 + 1 - l, 0));
        g2 = g2.GetRange(l, Math.Max(r2 + 1 - l, 0));
        return true;
    }

    private static bool IntersectNormal(List<Token> g1, List<Token> g2)
    {
        int i, j;
        for (i = 0, j = 0; i < g1.Count && j < g2.Count; i++, j++)
        {
            if (g1[i].Flag == Flag.None && g2[j].Flag == Flag.None)
            {
                if (!Match(g1[i], g2[j])) return false;
            }
            else
            {
                return IntersectSpecial(g1.GetRange(i, g1.Count - i), g2.GetRange(j, g2.Count - j));
            }
        }
        return i == g1.Count && j == g2.Count;
    }

    private static bool IntersectSpecial(List<Token> g1, List<Token> g2)
    {
        if (g1[0].Flag != Flag.None) return g1[0].Flag == Flag.Plus ? IntersectPlus(g1, g2) : IntersectStar(g1, g2);
        return g2[0].Flag == Flag.Plus ? IntersectPlus(g2, g1) : IntersectStar(g2, g1);
    }

    private static bool IntersectPlus(List<Token> plussed, List<Token> other)
    {
        if (!Match(plussed[0], other[0])) return false;
        if (IntersectStar(plussed, other.GetRange(1, other.Count - 1))) return true;
        return other[0].Flag != Flag.None && IntersectNormal(plussed.GetRange(1, plussed.Count - 1), other);
    }

    private static bool IntersectStar(List<Token> starred, List<Token> other)
    {
        var starToken = starred[0];
        var nextToken = starred.Count > 1 ? starred[1] : null;
        for (var i = 0; i < other.Count; i++)
        {
            var t = other[i];
            if (nextToken is not null && Match(t, nextToken))
            {
                if (IntersectNormal(starred.GetRange(1, starred.Count - 1), other.GetRange(i, other.Count - i))) return true;
                if (!Match(t, starToken)) return false;
            }
            else if (!Match(t, starToken))
            {
                return false;
            }
        }
        return nextToken is null;
    }
}
