using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins.GraphQl;

internal enum TokenKind
{
    Invalid,
    EOF,
    Bang,
    Dollar,
    Amp,
    ParenL,
    ParenR,
    Spread,
    Colon,
    Equals,
    At,
    BracketL,
    BracketR,
    BraceL,
    BraceR,
    Pipe,
    Name,
    Int,
    Float,
    String,
    BlockString,
    Comment,
}

internal readonly record struct Token(TokenKind Kind, string Value, GqlPosition Pos)
{
    /// <summary>How gqlparser prints a token kind in messages ("&lt;EOF&gt;", "{", "Name", ...).</summary>
    public static string KindText(TokenKind kind) => kind switch
    {
        TokenKind.Invalid => "<Invalid>",
        TokenKind.EOF => "<EOF>",
        TokenKind.Bang => "!",
        TokenKind.Dollar => "$",
        TokenKind.Amp => "&",
        TokenKind.ParenL => "(",
        TokenKind.ParenR => ")",
        TokenKind.Spread => "...",
        TokenKind.Colon => ":",
        TokenKind.Equals => "=",
        TokenKind.At => "@",
        TokenKind.BracketL => "[",
        TokenKind.BracketR => "]",
        TokenKind.BraceL => "{",
        TokenKind.BraceR => "}",
        TokenKind.Pipe => "|",
        _ => kind.ToString(),
    };

    /// <summary>gqlparser's Token.String(): the kind, then the quoted value when there is one.</summary>
    public override string ToString() => Value != "" ? KindText(Kind) + " " + GoQuote.Quote(Value) : KindText(Kind);
}

/// <summary>
/// GraphQL lexer following gqlparser's: positions count Unicode code points, and a lexing error yields an
/// Invalid token whose position the parser reports (the error text itself only surfaces through the parser).
/// </summary>
internal sealed class Lexer(string input)
{
    private readonly string _input = input;
    private int _start;          // UTF-16 index
    private int _startRunes;
    private int _end;            // UTF-16 index
    private int _endRunes;
    private int _line = 1;
    private int _lineStartRunes;

    private Token MakeToken(TokenKind kind) => MakeValueToken(kind, _input[_start.._end]);

    private Token MakeValueToken(TokenKind kind, string value) =>
        new(kind, value, new GqlPosition(_line, _startRunes - _lineStartRunes + 1));

    private (Token, GqlError) MakeError(string message)
    {
        var pos = new GqlPosition(_line, _endRunes - _lineStartRunes + 1);
        return (new Token(TokenKind.Invalid, "", pos), new GqlError(message, pos));
    }

    /// <summary>The next token, skipping whitespace and comments; a lexing error comes back with an Invalid token.</summary>
    public (Token Token, GqlError? Error) ReadToken()
    {
        while (true)
        {
            SkipWhitespace();
            _start = _end;
            _startRunes = _endRunes;
            if (_end >= _input.Length) return (MakeToken(TokenKind.EOF), null);

            var r = _input[_start];
            _end++;
            _endRunes++;
            switch (r)
            {
                case '!': return (MakeValueToken(TokenKind.Bang, ""), null);
                case '$': return (MakeValueToken(TokenKind.Dollar, ""), null);
                case '&': return (MakeValueToken(TokenKind.Amp, ""), null);
                case '(': return (MakeValueToken(TokenKind.ParenL, ""), null);
                case ')': return (MakeValueToken(TokenKind.ParenR, ""), null);
                case '.':
                    if (_input.Length > _start + 2 && _input[_start + 1] == '.' && _input[_start + 2] == '.')
                    {
                        _end += 2;
                        _endRunes += 2;
                        return (MakeValueToken(TokenKind.Spread, ""), null);
                    }
                    break;
                case ':': return (MakeValueToken(TokenKind.Colon, ""), null);
                case '=': return (MakeValueToken(TokenKind.Equals, ""), null);
                case '@': return (MakeValueToken(TokenKind.At, ""), null);
                case '[': return (MakeValueToken(TokenKind.BracketL, ""), null);
                case ']': return (MakeValueToken(TokenKind.BracketR, ""), null);
                case '{': return (MakeValueToken(TokenKind.BraceL, ""), null);
                case '}': return (MakeValueToken(TokenKind.BraceR, ""), null);
                case '|': return (MakeValueToken(TokenKind.Pipe, ""), null);
                case '#':
                    SkipComment();
                    continue;
                case '"':
                    if (_input.Length > _start + 2 && _input[_start + 1] == '"' && _input[_start + 2] == '"') return ReadBlockString();
                    return ReadString();
                default:
                    if (r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')) return ReadName();
                    if (r == '-' || (r >= '0' && r <= '9')) return ReadNumber();
                    break;
            }

            _end--;
            _endRunes--;
            if (r < 0x20 && r != '\t' && r != '\n' && r != '\r')
            {
                // gqlparser formats the code with %04d (decimal), which we keep for identical messages.
                return MakeError($"Cannot contain the invalid character \"\\u{((int)r).ToString("D4", CultureInfo.InvariantCulture)}\"");
            }
            if (r == '\'') return MakeError("Unexpected single quote character ('), did you mean to use a double quote (\")?");
            var ch = char.IsHighSurrogate(r) && _start + 1 < _input.Length ? _input.Substring(_start, 2) : r.ToString();
            return MakeError($"Cannot parse the unexpected character \"{ch}\".");
        }
    }

    private void SkipWhitespace()
    {
        while (_end < _input.Length)
        {
            switch (_input[_end])
            {
                case '\t' or ' ' or ',' or '\uFEFF':
                    _end++;
                    _endRunes++;
                    break;
                case '\n':
                    _end++;
                    _endRunes++;
                    _line++;
                    _lineStartRunes = _endRunes;
                    break;
                case '\r':
                    _end++;
                    _endRunes++;
                    _line++;
                    _lineStartRunes = _endRunes;
                    if (_end < _input.Length && _input[_end] == '\n')
                    {
                        _end++;
                        _endRunes++;
                    }
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>Advance over one code point (a surrogate pair counts once).</summary>
    private void AdvanceRune()
    {
        if (char.IsHighSurrogate(_input[_end]) && _end + 1 < _input.Length && char.IsLowSurrogate(_input[_end + 1])) _end += 2;
        else _end++;
        _endRunes++;
    }

    private void SkipComment()
    {
        while (_end < _input.Length)
        {
            var c = _input[_end];
            if (c > 0x1f || c == '\t') AdvanceRune();
            else break;
        }
    }

    private bool AcceptChar(char a, char b = '\0')
    {
        if (_end >= _input.Length) return false;
        var c = _input[_end];
        if (c != a && (b == '\0' || c != b)) return false;
        _end++;
        _endRunes++;
        return true;
    }

    private int AcceptDigits()
    {
        var n = 0;
        while (_end < _input.Length && _input[_end] >= '0' && _input[_end] <= '9')
        {
            _end++;
            _endRunes++;
            n++;
        }
        return n;
    }

    private string DescribeNext() => _end < _input.Length ? "\"" + _input[_end] + "\"" : "<EOF>";

    private (Token, GqlError?) ReadNumber()
    {
        var isFloat = false;
        _end--;
        _endRunes--;
        AcceptChar('-');
        if (AcceptChar('0'))
        {
            var consumed = AcceptDigits();
            if (consumed != 0)
            {
                _end -= consumed;
                _endRunes -= consumed;
                return MakeError($"Invalid number, unexpected digit after 0: {DescribeNext()}.");
            }
        }
        else if (AcceptDigits() == 0)
        {
            return MakeError($"Invalid number, expected digit but got: {DescribeNext()}.");
        }

        if (AcceptChar('.'))
        {
            isFloat = true;
            if (AcceptDigits() == 0) return MakeError($"Invalid number, expected digit but got: {DescribeNext()}.");
        }
        if (AcceptChar('e', 'E'))
        {
            isFloat = true;
            AcceptChar('-', '+');
            if (AcceptDigits() == 0) return MakeError($"Invalid number, expected digit but got: {DescribeNext()}.");
        }
        return (MakeToken(isFloat ? TokenKind.Float : TokenKind.Int), null);
    }

    private (Token, GqlError?) ReadName()
    {
        while (_end < _input.Length)
        {
            var c = _input[_end];
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
            {
                _end++;
                _endRunes++;
            }
            else
            {
                break;
            }
        }
        return (MakeToken(TokenKind.Name), null);
    }

    private (Token, GqlError?) ReadString()
    {
        StringBuilder? buf = null; // only needed once an escape appears
        _start++;
        _startRunes++;
        while (_end < _input.Length)
        {
            var c = _input[_end];
            if (c is '\n' or '\r') break;
            if (c < 0x20 && c != '\t') return MakeError($"Invalid character within String: \"\\u{((int)c).ToString("D4", CultureInfo.InvariantCulture)}\".");
            switch (c)
            {
                case '"':
                {
                    var t = MakeToken(TokenKind.String);
                    if (buf is not null) t = t with { Value = buf.ToString() };
                    _end++;
                    _endRunes++;
                    return (t, null);
                }
                case '\\':
                {
                    if (_end + 1 >= _input.Length)
                    {
                        _end++;
                        _endRunes++;
                        return MakeError("Invalid character escape sequence.");
                    }
                    buf ??= new StringBuilder(_input, _start, _end - _start, 64);
                    var escape = _input[_end + 1];
                    if (escape == 'u')
                    {
                        if (_end + 6 >= _input.Length)
                        {
                            _end++;
                            _endRunes++;
                            return MakeError($"Invalid character escape sequence: \\{_input[_end..]}.");
                        }
                        if (!TryUnhex(_input.AsSpan(_end + 2, 4), out var code))
                        {
                            _end++;
                            _endRunes++;
                            return MakeError($"Invalid character escape sequence: \\{_input.Substring(_end, 5)}.");
                        }
                        // Go writes a lone surrogate code as U+FFFD.
                        buf.Append(code is >= 0xD800 and <= 0xDFFF ? '\uFFFD' : (char)code);
                        _end += 6;
                        _endRunes += 6;
                    }
                    else
                    {
                        char? decoded = escape switch
                        {
                            '"' or '/' or '\\' => escape,
                            'b' => '\b',
                            'f' => '\f',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            _ => null,
                        };
                        if (decoded is null)
                        {
                            _end++;
                            _endRunes++;
                            return MakeError($"Invalid character escape sequence: \\{escape}.");
                        }
                        buf.Append(decoded.Value);
                        _end += 2;
                        _endRunes += 2;
                    }
                    break;
                }
                default:
                {
                    var from = _end;
                    AdvanceRune();
                    buf?.Append(_input, from, _end - from);
                    break;
                }
            }
        }
        return MakeError("Unterminated string.");
    }

    private (Token, GqlError?) ReadBlockString()
    {
        var buf = new StringBuilder();
        _start += 3;
        _startRunes += 3;
        _end += 2;
        _endRunes += 2;
        while (_end < _input.Length)
        {
            var c = _input[_end];
            if (c == '"' && _end + 3 <= _input.Length && _input[_end + 1] == '"' && _input[_end + 2] == '"')
            {
                var t = MakeValueToken(TokenKind.BlockString, BlockStringValue(buf.ToString()));
                _end += 3;
                _endRunes += 3;
                return (t, null);
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            {
                return MakeError($"Invalid character within String: \"\\u{((int)c).ToString("D4", CultureInfo.InvariantCulture)}\".");
            }
            if (c == '\\' && _end + 4 <= _input.Length && _input[_end + 1] == '"' && _input[_end + 2] == '"' && _input[_end + 3] == '"')
            {
                buf.Append("\"\"\"");
                _end += 4;
                _endRunes += 4;
            }
            else if (c == '\r')
            {
                if (_end + 1 < _input.Length && _input[_end + 1] == '\n')
                {
                    _end++;
                    _endRunes++;
                }
                buf.Append('\n');
                _end++;
                _endRunes++;
                _line++;
                _lineStartRunes = _endRunes;
            }
            else
            {
                var from = _end;
                AdvanceRune();
                buf.Append(_input, from, _end - from);
                if (c == '\n')
                {
                    _line++;
                    _lineStartRunes = _endRunes;
                }
            }
        }
        return MakeError("Unterminated string.");
    }

    private static bool TryUnhex(ReadOnlySpan<char> hex, out int value)
    {
        value = 0;
        foreach (var c in hex)
        {
            value <<= 4;
            if (c is >= '0' and <= '9') value |= c - '0';
            else if (c is >= 'a' and <= 'f') value |= c - 'a' + 10;
            else if (c is >= 'A' and <= 'F') value |= c - 'A' + 10;
            else return false;
        }
        return true;
    }

    /// <summary>
    /// gqlparser's block string value: the common indent (measured over all lines, including the first,
    /// where the spec skips it) is removed from every line but the first; leading and trailing blank lines go.
    /// </summary>
    internal static string BlockStringValue(string raw)
    {
        var lines = raw.Split('\n');
        var commonIndent = int.MaxValue;
        foreach (var line in lines)
        {
            var indent = LeadingWhitespace(line);
            if (indent < line.Length && indent < commonIndent)
            {
                commonIndent = indent;
                if (commonIndent == 0) break;
            }
        }
        if (commonIndent != int.MaxValue)
        {
            for (var i = 1; i < lines.Length; i++)
            {
                lines[i] = lines[i].Length < commonIndent ? "" : lines[i][commonIndent..];
            }
        }
        var start = 0;
        var end = lines.Length;
        while (start < end && LeadingWhitespace(lines[start]) == int.MaxValue) start++;
        while (start < end && LeadingWhitespace(lines[end - 1]) == int.MaxValue) end--;
        return string.Join('\n', lines[start..end]);
    }

    private static int LeadingWhitespace(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != ' ' && s[i] != '\t') return i;
        }
        return int.MaxValue; // an all-blank line does not count towards the indent
    }
}
