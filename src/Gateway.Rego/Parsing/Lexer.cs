namespace Gateway.Rego.Parsing;

/// <summary>
/// Turns Rego source into tokens, all at once. Template strings are lexed here too: the lexer keeps a
/// stack of open template strings and counts braces inside each embedded expression, so the brace
/// that closes an expression continues the template. The first lexical error produces an
/// <see cref="TokenKind.Illegal"/> token followed by end of input; the parser reports it when it gets there.
/// </summary>
internal sealed partial class Lexer
{
    private readonly string _src;
    private readonly List<Token> _tokens = [];
    private readonly List<Comment>? _comments;
    // Open template strings whose embedded expression is being lexed: raw-ness and brace depth.
    private readonly List<(bool Raw, int Depth)> _templates = [];
    private int _pos;
    private int _row = 1;
    private int _lineStart;
    private bool _space;
    private bool _newline;

    private Lexer(string src, List<Comment>? comments)
    {
        _src = src;
        _comments = comments;
    }

    /// <summary>Tokens of <paramref name="src"/>, ending with <see cref="TokenKind.Eof"/>; comments go to <paramref name="comments"/> if given.</summary>
    public static List<Token> Tokenize(string src, List<Comment>? comments = null)
    {
        var lexer = new Lexer(src, comments);
        lexer.Run();
        return lexer._tokens;
    }

    private int Col(int pos) => pos - _lineStart + 1;

    private void Run()
    {
        if (_src.Length > 0 && _src[0] == '\uFEFF') _pos = 1;
        while (true)
        {
            SkipTrivia();
            if (_pos >= _src.Length)
            {
                Add(TokenKind.Eof, _pos, _row, Col(_pos), null);
                return;
            }
            if (!ScanToken()) return;
        }
    }

    private void SkipTrivia()
    {
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c is ' ' or '\t' or '\r')
            {
                _space = true;
                _pos++;
            }
            else if (c == '\n')
            {
                _space = _newline = true;
                NewLine(++_pos);
            }
            else if (c == '#')
            {
                _space = true;
                var start = _pos;
                while (_pos < _src.Length && _src[_pos] != '\n' && _src[_pos] != '\0') _pos++;
                if (_pos < _src.Length && _src[_pos] == '\0') return;
                // The text excludes '#' and a carriage return before the newline.
                var end = _pos > start + 1 && _src[_pos - 1] == '\r' ? _pos - 1 : _pos;
                _comments?.Add(new Comment(_row, Col(start), start, _src[(start + 1)..end]));
            }
            else
            {
                return;
            }
        }
    }

    private void NewLine(int nextLineStart)
    {
        _row++;
        _lineStart = nextLineStart;
    }

    private void Add(TokenKind kind, int start, int row, int col, string? text,
        bool templateFirst = false, bool templateLast = false, bool templateRaw = false)
    {
        _tokens.Add(new Token(kind, start, _pos, row, col, text, _space, _newline, templateFirst, templateLast, templateRaw));
        _space = _newline = false;
    }

    /// <summary>Emits the error token and stops: nothing after a lexical error can parse anyway.</summary>
    private bool Fail(int start, int row, int col, string? reason)
    {
        Add(TokenKind.Illegal, start, row, col, reason);
        _tokens.Add(new Token(TokenKind.Eof, _pos, _pos, _row, Col(_pos), null, false, false));
        return false;
    }

    /// <summary>Scans one token at <see cref="_pos"/>; false after a lexical error.</summary>
    private bool ScanToken()
    {
        var start = _pos;
        var row = _row;
        var col = Col(start);
        var c = _src[_pos];

        if (IsLetter(c))
        {
            while (_pos < _src.Length && (IsLetter(_src[_pos]) || IsDigit(_src[_pos]))) _pos++;
            var ident = _src[start.._pos];
            Add(Token.KeywordKind(ident), start, row, col, ident);
            return true;
        }

        if (c is >= '0' and <= '9') return ScanNumber(start, row, col);

        _pos++;
        switch (c)
        {
            case '"': return ScanString(start, row, col);
            case '`': return ScanRawString(start, row, col);
            case '[': Add(TokenKind.LBrack, start, row, col, null); return true;
            case ']': Add(TokenKind.RBrack, start, row, col, null); return true;
            case '{':
                if (_templates.Count > 0) _templates[^1] = (_templates[^1].Raw, _templates[^1].Depth + 1);
                Add(TokenKind.LBrace, start, row, col, null);
                return true;
            case '}':
                if (_templates.Count > 0)
                {
                    var (raw, depth) = _templates[^1];
                    if (depth == 0)
                    {
                        // This brace closes an embedded expression: the template string resumes.
                        _templates.RemoveAt(_templates.Count - 1);
                        return ScanTemplate(start, row, col, raw, first: false);
                    }
                    _templates[^1] = (raw, depth - 1);
                }
                Add(TokenKind.RBrace, start, row, col, null);
                return true;
            case '(': Add(TokenKind.LParen, start, row, col, null); return true;
            case ')': Add(TokenKind.RParen, start, row, col, null); return true;
            case ',': Add(TokenKind.Comma, start, row, col, null); return true;
            case ';': Add(TokenKind.Semicolon, start, row, col, null); return true;
            case '.': Add(TokenKind.Dot, start, row, col, null); return true;
            case '+': Add(TokenKind.Add, start, row, col, null); return true;
            case '-': Add(TokenKind.Sub, start, row, col, null); return true;
            case '*': Add(TokenKind.Mul, start, row, col, null); return true;
            case '/': Add(TokenKind.Quo, start, row, col, null); return true;
            case '%': Add(TokenKind.Rem, start, row, col, null); return true;
            case '&': Add(TokenKind.And, start, row, col, null); return true;
            case '|': Add(TokenKind.Or, start, row, col, null); return true;
            case ':': Add(Follow('=') ? TokenKind.Assign : TokenKind.Colon, start, row, col, null); return true;
            case '=': Add(Follow('=') ? TokenKind.Equal : TokenKind.Unify, start, row, col, null); return true;
            case '<': Add(Follow('=') ? TokenKind.Lte : TokenKind.Lt, start, row, col, null); return true;
            case '>': Add(Follow('=') ? TokenKind.Gte : TokenKind.Gt, start, row, col, null); return true;
            case '!':
                if (Follow('=')) { Add(TokenKind.Neq, start, row, col, null); return true; }
                return Fail(start, row, col, "illegal ! character");
            case '$':
                if (Follow('"')) return ScanTemplate(start, row, col, raw: false, first: true);
                if (Follow('`')) return ScanTemplate(start, row, col, raw: true, first: true);
                return Fail(start, row, col, "illegal $ character");
            case '\0':
                return Fail(start, row, col, "illegal null character");
            default:
                return Fail(start, row, col, null);
        }
    }

    private bool Follow(char expected)
    {
        if (_pos < _src.Length && _src[_pos] == expected)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private bool ScanNumber(int start, int row, int col)
    {
        while (_pos < _src.Length && _src[_pos] is >= '0' and <= '9') _pos++;
        if (_pos < _src.Length && _src[_pos] == '.')
        {
            _pos++;
            if (SkipDigits() == 0) return Fail(start, row, col, "expected fraction");
        }
        if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < _src.Length && _src[_pos] is '+' or '-') _pos++;
            if (SkipDigits() == 0) return Fail(start, row, col, "expected exponent");
        }
        if (_pos < _src.Length && IsLetter(_src[_pos]))
        {
            while (_pos < _src.Length && (IsLetter(_src[_pos]) || IsDigit(_src[_pos]))) _pos++;
            return Fail(start, row, col, "illegal number format");
        }
        Add(TokenKind.Number, start, row, col, _src[start.._pos]);
        return true;
    }

    private int SkipDigits()
    {
        var from = _pos;
        while (_pos < _src.Length && _src[_pos] is >= '0' and <= '9') _pos++;
        return _pos - from;
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsDigit(char c) => c is >= '0' and <= '9' || (c >= 0x80 && char.IsDigit(c));
}
