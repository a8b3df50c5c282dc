using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Glob patterns with the syntax and parse errors of github.com/gobwas/glob v0.2.3 (which OPA uses): '*' matches
/// any run of non-separator characters, '**' any run at all, '?' one non-separator character, '[abc]' / '[!abc]'
/// one listed (or unlisted) character, '[a-z]' / '[!a-z]' one character in (or out of) a single range, '{a,b}'
/// alternatives (nestable; an unclosed '{' keeps the alternatives read so far), '\' escapes. Patterns compile to
/// anchored .NET regexes over code points; compiled globs are cached.
/// </summary>
internal static class CoreGlob
{
    private const int CacheLimit = 512;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool Match(string pattern, IReadOnlyList<int> separators, string value)
    {
        var key = pattern + "-" + CoreText.FromCodePoints(separators.ToArray());
        if (!Cache.TryGetValue(key, out var regex))
        {
            regex = new Regex(Compile(pattern, separators), RegexOptions.CultureInvariant, CoreRegex.MatchTimeout);
            if (Cache.Count >= CacheLimit) Cache.Clear();
            Cache[key] = regex;
        }
        return CoreRegex.Guard(() => regex.IsMatch(value));
    }

    /// <summary>gobwas QuoteMeta: escape * ? \ [ ] { }.</summary>
    public static string QuoteMeta(string s)
    {
        var sb = new StringBuilder(s.Length * 2);
        foreach (var c in s)
        {
            if (c is '*' or '?' or '\\' or '[' or ']' or '{' or '}') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- lexer (gobwas/glob syntax/lexer, v0.2.3) ----
    private enum Tok { Eof, Text, Any, Super, Single, Not, Separator, RangeOpen, RangeClose, RangeLo, RangeHi, RangeBetween, TermsOpen, TermsClose }

    private sealed class Lexer(int[] data)
    {
        private int _pos;
        private int _termsLevel;
        private readonly Queue<(Tok Type, string Raw)> _tokens = new();
        private string? _error;

        public (Tok Type, string Raw) Next()
        {
            if (_error is not null) throw new BuiltinException(_error);
            if (_tokens.Count > 0) return _tokens.Dequeue();
            FetchItem();
            return Next();
        }

        private int Read() => _pos < data.Length ? data[_pos++] : -1;

        private void Unread() => _pos--;

        private int Peek() => _pos < data.Length ? data[_pos] : -1;

        private void FetchItem()
        {
            var r = Read();
            switch (r)
            {
                case -1: _tokens.Enqueue((Tok.Eof, "")); return;
                case '{':
                    _termsLevel++;
                    _tokens.Enqueue((Tok.TermsOpen, "{"));
                    return;
                case ',' when _termsLevel > 0: _tokens.Enqueue((Tok.Separator, ",")); return;
                case '}' when _termsLevel > 0:
                    _tokens.Enqueue((Tok.TermsClose, "}"));
                    _termsLevel--;
                    return;
                case '[':
                    _tokens.Enqueue((Tok.RangeOpen, "["));
                    FetchRange();
                    return;
                case '?': _tokens.Enqueue((Tok.Single, "?")); return;
                case '*':
                    if (Peek() == '*')
                    {
                        _pos++;
                        _tokens.Enqueue((Tok.Super, "**"));
                    }
                    else
                    {
                        _tokens.Enqueue((Tok.Any, "*"));
                    }
                    return;
                default:
                    Unread();
                    FetchText(_termsLevel > 0 ? ['?', '*', '[', '{', '}', ','] : ['?', '*', '[', '{']);
                    return;
            }
        }

        private void FetchRange()
        {
            var wantHi = false;
            var wantClose = false;
            var seenNot = false;
            while (true)
            {
                var r = Read();
                if (r == -1)
                {
                    _error = "unexpected end of input";
                    return;
                }
                if (wantClose)
                {
                    if (r != ']') _error = "expected close range character";
                    else _tokens.Enqueue((Tok.RangeClose, "]"));
                    return;
                }
                if (wantHi)
                {
                    _tokens.Enqueue((Tok.RangeHi, CoreText.FromCodePoints([r])));
                    wantClose = true;
                    continue;
                }
                if (!seenNot && r == '!')
                {
                    _tokens.Enqueue((Tok.Not, "!"));
                    seenNot = true;
                    continue;
                }
                if (Peek() == '-')
                {
                    _pos++;
                    _tokens.Enqueue((Tok.RangeLo, CoreText.FromCodePoints([r])));
                    _tokens.Enqueue((Tok.RangeBetween, "-"));
                    wantHi = true;
                    continue;
                }
                Unread();
                FetchText([']']);
                wantClose = true;
            }
        }

        private void FetchText(int[] breakers)
        {
            var text = new List<int>();
            var escaped = false;
            while (true)
            {
                var r = Read();
                if (r == -1) break;
                if (!escaped)
                {
                    if (r == '\\')
                    {
                        escaped = true;
                        continue;
                    }
                    if (Array.IndexOf(breakers, r) >= 0)
                    {
                        Unread();
                        break;
                    }
                }
                escaped = false;
                text.Add(r);
            }
            if (text.Count > 0) _tokens.Enqueue((Tok.Text, CoreText.FromCodePoints(text.ToArray())));
        }
    }

    // ---- parser (gobwas/glob syntax/ast) to a .NET pattern ----
    private sealed class Node(Node? parent, bool isAnyOf)
    {
        public Node? Parent { get; } = parent;
        public bool IsAnyOf { get; } = isAnyOf;
        public List<object> Children { get; } = [];
    }

    private static string Compile(string pattern, IReadOnlyList<int> separators)
    {
        var lexer = new Lexer(CoreText.CodePoints(pattern));
        var root = new Node(null, isAnyOf: false);
        var tree = root;
        var notSeparator = new CoreRe2Ranges();
        foreach (var s in separators) notSeparator.Add(s, s);
        var single = notSeparator.Negate().ToPattern();
        while (true)
        {
            var (type, raw) = lexer.Next();
            switch (type)
            {
                case Tok.Eof:
                    return @"\A" + Emit(root) + @"\z";
                case Tok.Text: tree.Children.Add(Regex.Escape(raw)); break;
                case Tok.Any: tree.Children.Add("(?:" + single + ")*"); break;
                case Tok.Super: tree.Children.Add(@"[\s\S]*"); break;
                case Tok.Single: tree.Children.Add(single); break;
                case Tok.RangeOpen: tree.Children.Add(ParseRange(lexer)); break;
                case Tok.TermsOpen:
                {
                    var anyOf = new Node(tree, isAnyOf: true);
                    tree.Children.Add(anyOf);
                    var p = new Node(anyOf, isAnyOf: false);
                    anyOf.Children.Add(p);
                    tree = p;
                    break;
                }
                case Tok.Separator:
                {
                    var p = new Node(tree.Parent, isAnyOf: false);
                    tree.Parent!.Children.Add(p);
                    tree = p;
                    break;
                }
                case Tok.TermsClose: tree = tree.Parent!.Parent!; break;
                default: throw new BuiltinException($"unexpected token: {type}<\"{raw}\">");
            }
        }
    }

    private static string Emit(Node node)
    {
        if (node.IsAnyOf) return "(?:" + string.Join("|", node.Children.Select(c => Emit((Node)c))) + ")";
        var sb = new StringBuilder();
        foreach (var child in node.Children) sb.Append(child is Node n ? Emit(n) : (string)child);
        return sb.ToString();
    }

    private static string ParseRange(Lexer lexer)
    {
        var not = false;
        int lo = 0, hi = 0;
        var chars = "";
        while (true)
        {
            var (type, raw) = lexer.Next();
            switch (type)
            {
                case Tok.Eof: throw new BuiltinException("unexpected end");
                case Tok.Not: not = true; break;
                case Tok.RangeLo: lo = CoreText.CodePointAt(raw, 0); break;
                case Tok.RangeBetween: break;
                case Tok.RangeHi:
                    hi = CoreText.CodePointAt(raw, 0);
                    if (hi < lo) throw new BuiltinException($"hi character '{raw}' should be greater than lo '{CoreText.FromCodePoints([lo])}'");
                    break;
                case Tok.Text: chars = raw; break;
                case Tok.RangeClose:
                {
                    var isRange = lo != 0 && hi != 0;
                    var isChars = chars.Length > 0;
                    if (isChars == isRange) throw new BuiltinException("could not parse range");
                    var set = new CoreRe2Ranges();
                    if (isRange) set.Add(lo, hi);
                    else
                    {
                        foreach (var c in CoreText.CodePoints(chars)) set.Add(c, c);
                    }
                    return (not ? set.Negate() : set).ToPattern();
                }
                default: throw new BuiltinException($"unexpected token: {type}<\"{raw}\">");
            }
        }
    }
}
