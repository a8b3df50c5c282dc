using System.Text;

namespace Gateway.Rego.Parsing;

internal sealed partial class Lexer
{
    private const string NonTerminated = "non-terminated string";

    /// <summary>A "…" string; <see cref="_pos"/> is just past the opening quote. Escapes are JSON's.</summary>
    private bool ScanString(int start, int row, int col)
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n') return Fail(start, row, col, NonTerminated);
            var c = _src[_pos];
            if (c == '\0') return Fail(start, row, col, "illegal null character");
            if (c == '"')
            {
                _pos++;
                Add(TokenKind.String, start, row, col, sb.ToString());
                return true;
            }
            if (c == '\\')
            {
                var error = ReadEscape(sb, template: false);
                if (error is not null) return Fail(start, row, col, error);
                continue;
            }
            sb.Append(c);
            _pos++;
        }
    }

    /// <summary>A `…` raw string: no escapes, may span lines.</summary>
    private bool ScanRawString(int start, int row, int col)
    {
        var from = _pos;
        while (true)
        {
            if (_pos >= _src.Length) return Fail(start, row, col, NonTerminated);
            var c = _src[_pos];
            if (c == '\0') return Fail(start, row, col, "illegal null character");
            _pos++;
            if (c == '`')
            {
                Add(TokenKind.String, start, row, col, _src[from..(_pos - 1)]);
                return true;
            }
            if (c == '\n') NewLine(_pos);
        }
    }

    /// <summary>
    /// One literal piece of a template string, from just past <c>$"</c> (or <c>$`</c>, or the <c>}</c>
    /// closing an embedded expression) up to and including the next unescaped <c>{</c> or the closing
    /// delimiter. <c>\{</c> is a literal brace; the "…" form also takes JSON escapes and may not span lines.
    /// </summary>
    private bool ScanTemplate(int start, int row, int col, bool raw, bool first)
    {
        var sb = new StringBuilder();
        var close = raw ? '`' : '"';
        while (true)
        {
            if (_pos >= _src.Length || (!raw && _src[_pos] == '\n')) return Fail(start, row, col, NonTerminated);
            var c = _src[_pos];
            if (c == '\0') return Fail(start, row, col, "illegal null character");
            if (c == close || c == '{')
            {
                _pos++;
                var last = c == close;
                if (!last) _templates.Add((raw, 0));
                Add(TokenKind.TemplatePart, start, row, col, sb.ToString(), first, last, raw);
                return true;
            }
            if (c == '\\')
            {
                if (raw)
                {
                    // Raw templates keep backslashes, except that \{ stands for a literal brace.
                    if (_pos + 1 < _src.Length && _src[_pos + 1] == '{')
                    {
                        sb.Append('{');
                        _pos += 2;
                    }
                    else
                    {
                        sb.Append('\\');
                        _pos++;
                    }
                    continue;
                }
                var error = ReadEscape(sb, template: true);
                if (error is not null) return Fail(start, row, col, error);
                continue;
            }
            sb.Append(c);
            _pos++;
            if (c == '\n') NewLine(_pos);
        }
    }

    /// <summary>Decodes the escape at <see cref="_pos"/> (a backslash) into <paramref name="sb"/>; returns an error message or null.</summary>
    private string? ReadEscape(StringBuilder sb, bool template)
    {
        if (_pos + 1 >= _src.Length) return NonTerminated;
        var e = _src[_pos + 1];
        _pos += 2;
        switch (e)
        {
            case '"': sb.Append('"'); return null;
            case '\\': sb.Append('\\'); return null;
            case '/': sb.Append('/'); return null;
            case 'b': sb.Append('\b'); return null;
            case 'f': sb.Append('\f'); return null;
            case 'n': sb.Append('\n'); return null;
            case 'r': sb.Append('\r'); return null;
            case 't': sb.Append('\t'); return null;
            case '{' when template: sb.Append('{'); return null;
            case 'u':
                if (!TryHex4(_pos, out var unit)) return "illegal escape sequence";
                _pos += 4;
                if (char.IsHighSurrogate(unit) && _pos + 5 < _src.Length && _src[_pos] == '\\' && _src[_pos + 1] == 'u'
                    && TryHex4(_pos + 2, out var low) && char.IsLowSurrogate(low))
                {
                    sb.Append(unit).Append(low);
                    _pos += 6;
                }
                else
                {
                    // Like Go's JSON decoder, a lone surrogate becomes the replacement character.
                    sb.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                }
                return null;
            default:
                return "illegal escape sequence";
        }
    }

    private bool TryHex4(int at, out char value)
    {
        value = '\0';
        if (at + 4 > _src.Length) return false;
        var v = 0;
        for (var i = at; i < at + 4; i++)
        {
            var d = HexValue(_src[i]);
            if (d < 0) return false;
            v = (v << 4) | d;
        }
        value = (char)v;
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
