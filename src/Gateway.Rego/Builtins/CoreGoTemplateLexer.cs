using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

internal static partial class CoreGoTemplate
{
    private enum TokKind { End, Dot, Field, Variable, String, Number, Ident, LeftParen, RightParen, Pipe, Comma, Declare, Assign }

    private readonly record struct Token(TokKind Kind, string Text, object? Value, int Pos);

    /// <summary>Tokens of one action's content (between the delimiters).</summary>
    private sealed class Lexer(string src, int start, int end)
    {
        private int _pos = start;
        private Token? _peeked;

        public int Save() => _peeked is { } p ? p.Pos : _pos;

        public void Restore(int pos)
        {
            _pos = pos;
            _peeked = null;
        }

        public Token Peek() => _peeked ??= Read();

        public Token Next()
        {
            var t = Peek();
            _peeked = null;
            return t;
        }

        public void ExpectEnd(string context)
        {
            var t = Peek();
            if (t.Kind != TokKind.End) throw Error(src, t.Pos, $"unexpected \"{t.Text}\" in {context}");
        }

        private Token Read()
        {
            while (_pos < end && src[_pos] is ' ' or '\t' or '\r' or '\n') _pos++;
            if (_pos >= end) return new Token(TokKind.End, "", null, _pos);
            var at = _pos;
            var c = src[_pos];
            switch (c)
            {
                case '(': _pos++; return new Token(TokKind.LeftParen, "(", null, at);
                case ')': _pos++; return new Token(TokKind.RightParen, ")", null, at);
                case '|': _pos++; return new Token(TokKind.Pipe, "|", null, at);
                case ',': _pos++; return new Token(TokKind.Comma, ",", null, at);
                case ':' when _pos + 1 < end && src[_pos + 1] == '=':
                    _pos += 2;
                    return new Token(TokKind.Declare, ":=", null, at);
                case '=': _pos++; return new Token(TokKind.Assign, "=", null, at);
                case '"': return ReadQuoted(at);
                case '`':
                {
                    var close = src.IndexOf('`', _pos + 1);
                    if (close < 0 || close >= end) throw Error(src, at, "unterminated raw quoted string");
                    _pos = close + 1;
                    return new Token(TokKind.String, src[at.._pos], src[(at + 1)..close], at);
                }
                case '\'': return ReadChar(at);
                case '$':
                {
                    _pos++;
                    while (_pos < end && IsIdentChar(src[_pos])) _pos++;
                    ReadFieldChain();
                    return new Token(TokKind.Variable, src[at.._pos], null, at);
                }
                case '.':
                    if (_pos + 1 < end && char.IsAsciiDigit(src[_pos + 1])) return ReadNumber(at);
                    if (_pos + 1 < end && IsIdentChar(src[_pos + 1]))
                    {
                        ReadFieldChain();
                        return new Token(TokKind.Field, src[at.._pos], null, at);
                    }
                    _pos++;
                    return new Token(TokKind.Dot, ".", null, at);
            }
            if (char.IsAsciiDigit(c) || (c is '-' or '+' && _pos + 1 < end && (char.IsAsciiDigit(src[_pos + 1]) || src[_pos + 1] == '.')))
            {
                return ReadNumber(at);
            }
            if (IsIdentChar(c))
            {
                while (_pos < end && IsIdentChar(src[_pos])) _pos++;
                return new Token(TokKind.Ident, src[at.._pos], null, at);
            }
            throw Error(src, at, $"unexpected \"{c}\" in command");
        }

        private void ReadFieldChain()
        {
            while (_pos + 1 < end && src[_pos] == '.' && IsIdentChar(src[_pos + 1]))
            {
                _pos++;
                while (_pos < end && IsIdentChar(src[_pos])) _pos++;
            }
        }

        private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';

        private Token ReadNumber(int at)
        {
            while (_pos < end && (char.IsAsciiLetterOrDigit(src[_pos]) || src[_pos] is '.' or '_' or '+' or '-'))
            {
                // A sign is part of the number only at its start or right after an exponent letter.
                if (src[_pos] is '+' or '-' && _pos != at && src[_pos - 1] is not ('e' or 'E' or 'p' or 'P')) break;
                _pos++;
            }
            var text = src[at.._pos];
            var clean = text.Replace("_", "", StringComparison.Ordinal);
            var negative = clean.StartsWith('-');
            var body = clean.TrimStart('+', '-');
            object? value = null;
            if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !body.Contains('p', StringComparison.OrdinalIgnoreCase))
            {
                if (long.TryParse(body[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)) value = negative ? -h : h;
            }
            else if (body.StartsWith("0b", StringComparison.OrdinalIgnoreCase) || body.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
            {
                try { value = (negative ? -1 : 1) * Convert.ToInt64(body[2..], body[1] is 'b' or 'B' ? 2 : 8); }
                catch (FormatException) { }
                catch (OverflowException) { }
            }
            else if (body.IndexOfAny(['.', 'e', 'E']) >= 0)
            {
                if (double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) value = d;
            }
            else if (long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                value = l;
            }
            if (value is null) throw Error(src, at, $"bad number syntax: \"{text}\"");
            return new Token(TokKind.Number, text, value, at);
        }

        private Token ReadQuoted(int at)
        {
            var sb = new StringBuilder();
            _pos++;
            while (true)
            {
                if (_pos >= end || src[_pos] == '\n') throw Error(src, at, "unterminated quoted string");
                var c = src[_pos++];
                if (c == '"') break;
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                if (_pos >= end) throw Error(src, at, "unterminated quoted string");
                var e = src[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\\' or '"' or '\'': sb.Append(e); break;
                    case 'x' or 'u' or 'U':
                    {
                        var n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (_pos + n > end || !int.TryParse(src.AsSpan(_pos, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp))
                        {
                            throw Error(src, at, "invalid syntax");
                        }
                        _pos += n;
                        CoreText.AppendCodePoint(sb, cp);
                        break;
                    }
                    default: throw Error(src, at, "invalid syntax");
                }
            }
            return new Token(TokKind.String, src[at.._pos], sb.ToString(), at);
        }

        private Token ReadChar(int at)
        {
            var close = src.IndexOf('\'', _pos + 1);
            if (close < 0 || close >= end) throw Error(src, at, "unterminated character constant");
            var inner = src[(_pos + 1)..close];
            _pos = close + 1;
            long value = inner switch
            {
                "\\n" => '\n',
                "\\t" => '\t',
                "\\r" => '\r',
                "\\\\" => '\\',
                "\\'" => '\'',
                _ when inner.Length > 0 && CoreText.CodePointCount(inner) == 1 => CoreText.CodePointAt(inner, 0),
                _ => throw Error(src, at, "malformed character constant"),
            };
            return new Token(TokKind.Number, src[at.._pos], value, at);
        }
    }
}
