using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>A pattern Go's regexp/syntax would reject; the message is Go's ("error parsing regexp: …: `…`").</summary>
internal sealed class CoreRe2SyntaxException(string code, string expr)
    : Exception($"error parsing regexp: {code}: `{expr}`");

/// <summary>
/// Parses RE2 syntax exactly as Go's regexp/syntax does in Perl mode (same accepted language, same errors) and
/// writes an equivalent .NET pattern. Translation notes: ^ $ become \A \z (or multi-line forms under (?m)); . and
/// classes match whole code points (surrogate pairs); \d \s \w \b are ASCII; (?i) is applied by folding literals and
/// classes here; (?U) swaps greediness; every capture group is emitted unnamed so numbering stays left-to-right.
/// </summary>
internal sealed partial class CoreRe2Parser
{
    private const string ErrInvalidCharClass = "invalid character class";
    private const string ErrInvalidCharRange = "invalid character class range";
    private const string ErrInvalidEscape = "invalid escape sequence";
    private const string ErrInvalidNamedCapture = "invalid named capture";
    private const string ErrInvalidPerlOp = "invalid or unsupported Perl syntax";
    private const string ErrInvalidRepeatOp = "invalid nested repetition operator";
    private const string ErrInvalidRepeatSize = "invalid repeat count";
    private const string ErrMissingBracket = "missing closing ]";
    private const string ErrMissingParen = "missing closing )";
    private const string ErrMissingRepeatArgument = "missing argument to repetition operator";
    private const string ErrTrailingBackslash = "trailing backslash at end of expression";
    private const string ErrUnexpectedParen = "unexpected )";
    private const string ErrNestingDepth = "expression nests too deeply";
    private const int MaxNesting = 1000;
    private const string WordClass = "[0-9A-Za-z_]";

    [Flags]
    private enum ReFlags { None = 0, FoldCase = 1, DotNL = 2, MultiLine = 4, NonGreedy = 8 }

    /// <summary>One translated atom; Weight is the product of nested {n,m} counts, as Go's repeatIsValid measures.</summary>
    private sealed record Item(string Text, long Weight);

    private sealed class Frame
    {
        public readonly List<Item> Items = [];
        public readonly List<string> Alternatives = [];
        public long AltWeight = 1;
        public ReFlags SavedFlags;
        public bool Capture;
    }

    private readonly string _s;
    private ReFlags _flags;
    private readonly List<string?> _names = [null];
    private readonly Stack<Frame> _frames = new();

    private CoreRe2Parser(string pattern) => _s = pattern;

    /// <summary>The translated pattern, its number of capture groups and their names (index 0 is the whole match).</summary>
    public static (string Pattern, IReadOnlyList<string?> Names) Translate(string pattern)
    {
        var p = new CoreRe2Parser(pattern);
        var text = p.Parse();
        return (text, p._names);
    }

    private Frame Top => _frames.Peek();

    private string Parse()
    {
        _frames.Push(new Frame());
        var t = 0;
        var lastRepeat = -1;
        while (t < _s.Length)
        {
            var repeat = -1;
            var c = _s[t];
            switch (c)
            {
                case '(':
                    if (t + 1 < _s.Length && _s[t + 1] == '?')
                    {
                        t = ParsePerlFlags(t);
                        break;
                    }
                    OpenGroup(capture: true, name: null);
                    t++;
                    break;
                case '|':
                    FinishAlternative();
                    t++;
                    break;
                case ')':
                    CloseGroup();
                    t++;
                    break;
                case '^':
                    Push(_flags.HasFlag(ReFlags.MultiLine) ? "(?m:^)" : @"\A");
                    t++;
                    break;
                case '$':
                    Push(_flags.HasFlag(ReFlags.MultiLine) ? "(?m:$)" : @"\z");
                    t++;
                    break;
                case '.':
                    Push(_flags.HasFlag(ReFlags.DotNL) ? @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S])" : @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\n])");
                    t++;
                    break;
                case '[':
                    t = ParseClass(t);
                    break;
                case '*' or '+' or '?':
                {
                    var before = t;
                    t = Repeat(c.ToString(), 0, 0, before, t + 1, lastRepeat, isCounted: false);
                    repeat = before;
                    break;
                }
                case '{':
                {
                    var before = t;
                    if (!TryParseRepeat(t, out var min, out var max, out var after))
                    {
                        PushLiteral('{');
                        t++;
                        break;
                    }
                    if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) throw Error(ErrInvalidRepeatSize, before, after);
                    var quant = max == min ? $"{{{min}}}" : max < 0 ? $"{{{min},}}" : $"{{{min},{max}}}";
                    t = Repeat(quant, min, max, before, after, lastRepeat, isCounted: true);
                    repeat = before;
                    break;
                }
                case '\\':
                    t = ParseBackslash(t);
                    break;
                default:
                {
                    var cp = CoreText.CodePointAt(_s, t);
                    PushLiteral(cp);
                    t += CoreText.WidthAt(_s, t);
                    break;
                }
            }
            lastRepeat = repeat;
        }
        if (_frames.Count != 1) throw new CoreRe2SyntaxException(ErrMissingParen, _s);
        FinishAlternative();
        return "(?:" + string.Join("|", Top.Alternatives) + ")";
    }

    private CoreRe2SyntaxException Error(string code, int from, int to) => new(code, _s[from..to]);

    private void Push(string text, long weight = 1) => Top.Items.Add(new Item(text, weight));

    private void PushLiteral(int cp)
    {
        if (_flags.HasFlag(ReFlags.FoldCase))
        {
            var orbit = CoreRe2Ranges.FoldOrbit(cp).ToList();
            if (orbit.Count > 1)
            {
                var set = new CoreRe2Ranges();
                foreach (var f in orbit) set.Add(f, f);
                Push(set.ToPattern());
                return;
            }
        }
        Push(EscapeLiteral(cp));
    }

    private static string EscapeLiteral(int cp)
    {
        if (cp < 0x80 && (char.IsAsciiLetterOrDigit((char)cp) || cp == '_')) return ((char)cp).ToString();
        if (cp < 0x10000) return "\\u" + cp.ToString("X4", CultureInfo.InvariantCulture);
        var s = char.ConvertFromUtf32(cp);
        return "(?:\\u" + ((int)s[0]).ToString("X4", CultureInfo.InvariantCulture) + "\\u" + ((int)s[1]).ToString("X4", CultureInfo.InvariantCulture) + ")";
    }

    private void OpenGroup(bool capture, string? name)
    {
        if (_frames.Count > MaxNesting) throw new CoreRe2SyntaxException(ErrNestingDepth, _s);
        if (capture) _names.Add(name);
        _frames.Push(new Frame { SavedFlags = _flags, Capture = capture });
    }

    private void FinishAlternative()
    {
        var f = Top;
        f.Alternatives.Add(string.Concat(f.Items.Select(i => i.Text)));
        foreach (var i in f.Items) f.AltWeight = Math.Max(f.AltWeight, i.Weight);
        f.Items.Clear();
    }

    private void CloseGroup()
    {
        if (_frames.Count < 2) throw new CoreRe2SyntaxException(ErrUnexpectedParen, _s);
        FinishAlternative();
        var f = _frames.Pop();
        _flags = f.SavedFlags;
        var body = string.Join("|", f.Alternatives);
        Push((f.Capture ? "(" : "(?:") + body + ")", f.AltWeight);
    }

    /// <summary>Apply a repetition to the last atom, with Go's checks in Go's order.</summary>
    private int Repeat(string quant, int min, int max, int before, int after, int lastRepeat, bool isCounted)
    {
        var nonGreedy = _flags.HasFlag(ReFlags.NonGreedy);
        if (after < _s.Length && _s[after] == '?')
        {
            after++;
            nonGreedy = !nonGreedy;
        }
        if (lastRepeat >= 0) throw Error(ErrInvalidRepeatOp, lastRepeat, after);
        var items = Top.Items;
        if (items.Count == 0) throw Error(ErrMissingRepeatArgument, before, after);
        var sub = items[^1];
        var weight = sub.Weight;
        if (isCounted)
        {
            var m = max < 0 ? min : max;
            weight = m == 0 ? 0 : m * Math.Max(sub.Weight, 1);
            if ((min >= 2 || max >= 2) && weight > 1000) throw Error(ErrInvalidRepeatSize, before, after);
        }
        items[^1] = new Item("(?:" + sub.Text + ")" + quant + (nonGreedy ? "?" : ""), weight);
        return after;
    }

    /// <summary>Go's parseRepeat: {n}, {n,}, {n,m}; false when the text is not a repeat (then '{' is a literal).</summary>
    private bool TryParseRepeat(int t, out int min, out int max, out int after)
    {
        min = max = 0;
        after = t;
        var i = t + 1;
        if (!TryParseInt(ref i, out min)) return false;
        if (i >= _s.Length) return false;
        if (_s[i] == ',')
        {
            i++;
            if (i >= _s.Length) return false;
            if (_s[i] == '}') max = -1;
            else if (!TryParseInt(ref i, out max)) return false;
        }
        else
        {
            max = min;
        }
        if (i >= _s.Length || _s[i] != '}') return false;
        after = i + 1;
        return true;
    }

    private bool TryParseInt(ref int i, out int value)
    {
        value = 0;
        var start = i;
        while (i < _s.Length && char.IsAsciiDigit(_s[i])) i++;
        if (i == start) return false;
        // Go disallows leading zeros and reports numbers of 8+ digits as -1 (too large).
        if (i - start >= 2 && _s[start] == '0') return false;
        if (i - start >= 8)
        {
            value = -1;
            return true;
        }
        value = int.Parse(_s.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>"(?" constructs: named captures, flag changes, non-capturing groups; everything else is unsupported.</summary>
    private int ParsePerlFlags(int start)
    {
        var rest = _s.Length - start;
        var isNamed = (rest > 4 && _s[start + 2] == 'P' && _s[start + 3] == '<') || (rest > 3 && _s[start + 2] == '<');
        if (isNamed)
        {
            var begin = _s[start + 2] == 'P' ? start + 4 : start + 3;
            var end = _s.IndexOf('>', start);
            if (end < 0) throw new CoreRe2SyntaxException(ErrInvalidNamedCapture, _s[start..]);
            var name = _s[begin..end];
            if (name.Length == 0 || !name.All(ch => ch == '_' || char.IsAsciiLetterOrDigit(ch)))
            {
                throw new CoreRe2SyntaxException(ErrInvalidNamedCapture, _s[start..(end + 1)]);
            }
            OpenGroup(capture: true, name);
            return end + 1;
        }
        var t = start + 2;
        var flags = _flags;
        var negated = false;
        var sawFlag = false;
        while (t < _s.Length)
        {
            var c = _s[t];
            t += CoreText.WidthAt(_s, t);
            switch (c)
            {
                case 'i': flags = Set(flags, ReFlags.FoldCase, !negated); sawFlag = true; continue;
                case 'm': flags = Set(flags, ReFlags.MultiLine, !negated); sawFlag = true; continue;
                case 's': flags = Set(flags, ReFlags.DotNL, !negated); sawFlag = true; continue;
                case 'U': flags = Set(flags, ReFlags.NonGreedy, !negated); sawFlag = true; continue;
                case '-':
                    if (negated) break;
                    negated = true;
                    sawFlag = false;
                    continue;
                case ':' or ')':
                    if (negated && !sawFlag) break;
                    if (c == ':') OpenGroup(capture: false, name: null);
                    _flags = flags;
                    return t;
            }
            break;
        }
        throw Error(ErrInvalidPerlOp, start, t);
    }

    private static ReFlags Set(ReFlags flags, ReFlags flag, bool on) => on ? flags | flag : flags & ~flag;

    private int ParseBackslash(int t)
    {
        if (t + 1 < _s.Length)
        {
            switch (_s[t + 1])
            {
                case 'A': Push(@"\A"); return t + 2;
                case 'z': Push(@"\z"); return t + 2;
                case 'b': Push($"(?:(?<={WordClass})(?!{WordClass})|(?<!{WordClass})(?={WordClass}))"); return t + 2;
                case 'B': Push($"(?:(?<={WordClass})(?={WordClass})|(?<!{WordClass})(?!{WordClass}))"); return t + 2;
                case 'C': throw Error(ErrInvalidEscape, t, t + 2);
                case 'Q':
                {
                    var end = _s.IndexOf(@"\E", t + 2, StringComparison.Ordinal);
                    var lit = end < 0 ? _s[(t + 2)..] : _s[(t + 2)..end];
                    foreach (var cp in CoreText.CodePoints(lit)) PushLiteral(cp);
                    return end < 0 ? _s.Length : end + 2;
                }
                case 'p' or 'P':
                {
                    var set = new CoreRe2Ranges();
                    var next = ParseUnicodeClass(t, set);
                    Push(set.ToPattern());
                    return next;
                }
                case 'd' or 'D' or 's' or 'S' or 'w' or 'W':
                {
                    var set = new CoreRe2Ranges();
                    AddPerlClass(set, _s[t + 1]);
                    Push(set.ToPattern());
                    return t + 2;
                }
            }
        }
        var (r, after) = ParseEscape(t);
        PushLiteral(r);
        return after;
    }

    /// <summary>Go's parseEscape: one escaped character (octal, hex, C escapes, escaped punctuation).</summary>
    private (int Rune, int After) ParseEscape(int t)
    {
        var i = t + 1;
        if (i >= _s.Length) throw new CoreRe2SyntaxException(ErrTrailingBackslash, "");
        var c = CoreText.CodePointAt(_s, i);
        i += CoreText.WidthAt(_s, i);
        switch (c)
        {
            case >= '1' and <= '7' when i < _s.Length && _s[i] is >= '0' and <= '7':
            case '0':
            {
                var r = c - '0';
                for (var k = 1; k < 3 && i < _s.Length && _s[i] is >= '0' and <= '7'; k++) r = r * 8 + (_s[i++] - '0');
                return (r, i);
            }
            case 'x':
            {
                if (i >= _s.Length) break;
                var d = _s[i++];
                if (d == '{')
                {
                    var nhex = 0;
                    var r = 0;
                    while (true)
                    {
                        if (i >= _s.Length) throw Error(ErrInvalidEscape, t, i);
                        var h = _s[i++];
                        if (h == '}') break;
                        var v = HexValue(h);
                        if (v < 0) throw Error(ErrInvalidEscape, t, i);
                        r = r * 16 + v;
                        if (r > CoreRe2Ranges.MaxRune) throw Error(ErrInvalidEscape, t, i);
                        nhex++;
                    }
                    if (nhex == 0) throw Error(ErrInvalidEscape, t, i);
                    return (r, i);
                }
                var x = HexValue(d);
                if (i >= _s.Length) throw Error(ErrInvalidEscape, t, i);
                var y = HexValue(_s[i++]);
                if (x < 0 || y < 0) break;
                return (x * 16 + y, i);
            }
            case 'a': return ('\a', i);
            case 'f': return ('\f', i);
            case 'n': return ('\n', i);
            case 'r': return ('\r', i);
            case 't': return ('\t', i);
            case 'v': return ('\v', i);
            default:
                // Escaped ASCII punctuation is always itself.
                if (c < 0x80 && !char.IsAsciiLetterOrDigit((char)c)) return (c, i);
                break;
        }
        throw Error(ErrInvalidEscape, t, i);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
