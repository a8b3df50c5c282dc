using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// Recursive-descent GraphQL parser following gqlparser step for step, so the first error and its
/// position (which OPA reports verbatim) are the same. As in gqlparser, the first error sticks: after it,
/// peek/next keep returning the last token and every loop stops, and the error is thrown at the end.
/// </summary>
internal sealed partial class GqlParser
{
    private readonly Lexer _lexer;
    private readonly string? _file;
    private GqlError? _err;
    private bool _peeked;
    private Token _peekToken;
    private GqlError? _peekError;
    private Token _prev = new(TokenKind.Invalid, "", new GqlPosition(0, 0));

    private GqlParser(string source, string? file)
    {
        _lexer = new Lexer(source);
        _file = file;
    }

    /// <summary>Parse an executable document. Throws <see cref="GqlException"/> on the first syntax error.</summary>
    public static GqlQueryDocument ParseQuery(string source)
    {
        var p = new GqlParser(source, null);
        var doc = p.ParseQueryDocument();
        return p._err is null ? doc : throw new GqlException(p._err);
    }

    /// <summary>Parse a type-system document; <paramref name="builtIn"/> marks every definition as built in (the prelude).</summary>
    public static GqlSchemaDocument ParseSchema(string source, bool builtIn = false, string? file = null)
    {
        var p = new GqlParser(source, file);
        var doc = p.ParseSchemaDocument();
        if (p._err is not null) throw new GqlException(p._err);
        foreach (var d in doc.Definitions) d.BuiltIn = builtIn;
        foreach (var d in doc.Extensions) d.BuiltIn = builtIn;
        return doc;
    }

    private GqlPosition? PeekPos() => _err is not null ? null : Peek().Pos;

    private Token Peek()
    {
        if (_err is not null) return _prev;
        if (!_peeked)
        {
            (_peekToken, _peekError) = _lexer.ReadToken();
            _peeked = true;
        }
        return _peekToken;
    }

    private void Error(Token tok, string message)
    {
        if (_err is not null) return;
        _err = new GqlError(message, tok.Pos, _file);
    }

    private Token Next()
    {
        if (_err is not null) return _prev;
        GqlError? lexError;
        if (_peeked)
        {
            _peeked = false;
            _prev = _peekToken;
            lexError = _peekError;
        }
        else
        {
            (_prev, lexError) = _lexer.ReadToken();
        }
        if (lexError is not null) _err = lexError with { File = _file };
        return _prev;
    }

    private Token ExpectKeyword(string value)
    {
        var tok = Peek();
        if (tok.Kind == TokenKind.Name && tok.Value == value) return Next();
        Error(tok, $"Expected {GoQuote.Quote(value)}, found {tok}");
        return tok;
    }

    private Token Expect(TokenKind kind)
    {
        var tok = Peek();
        if (tok.Kind == kind) return Next();
        Error(tok, $"Expected {Token.KindText(kind)}, found {Token.KindText(tok.Kind)}");
        return tok;
    }

    private bool Skip(TokenKind kind)
    {
        if (_err is not null) return false;
        if (Peek().Kind != kind) return false;
        Next();
        return true;
    }

    private void UnexpectedError() => UnexpectedToken(Peek());

    private void UnexpectedToken(Token tok) => Error(tok, $"Unexpected {tok}");

    /// <summary>Zero or more items between <paramref name="start"/> and <paramref name="end"/>, if <paramref name="start"/> is there.</summary>
    private void Many(TokenKind start, TokenKind end, Action item)
    {
        if (!Skip(start)) return;
        while (Peek().Kind != end && _err is null) item();
        Next();
    }

    /// <summary>One or more items between <paramref name="start"/> and <paramref name="end"/>, if <paramref name="start"/> is there.</summary>
    private void Some(TokenKind start, TokenKind end, Action item)
    {
        if (!Skip(start)) return;
        var called = false;
        while (Peek().Kind != end && _err is null)
        {
            called = true;
            item();
        }
        if (!called)
        {
            Error(Peek(), $"expected at least one definition, found {Token.KindText(Peek().Kind)}");
            return;
        }
        Next();
    }

    private string ParseName() => Expect(TokenKind.Name).Value;

    private List<GqlDirective> ParseDirectives(bool isConst)
    {
        var directives = new List<GqlDirective>();
        while (Peek().Kind == TokenKind.At)
        {
            if (_err is not null) break;
            directives.Add(ParseDirective(isConst));
        }
        return directives;
    }

    private GqlDirective ParseDirective(bool isConst)
    {
        Expect(TokenKind.At);
        var d = new GqlDirective { Position = PeekPos() };
        d.Name = ParseName();
        d.Arguments = ParseArguments(isConst);
        return d;
    }

    private List<GqlArgument> ParseArguments(bool isConst)
    {
        var arguments = new List<GqlArgument>();
        Many(TokenKind.ParenL, TokenKind.ParenR, () => arguments.Add(ParseArgument(isConst)));
        return arguments;
    }

    private GqlArgument ParseArgument(bool isConst)
    {
        var arg = new GqlArgument { Position = PeekPos() };
        arg.Name = ParseName();
        Expect(TokenKind.Colon);
        arg.Value = ParseValueLiteral(isConst);
        return arg;
    }

    private GqlType ParseTypeReference()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var typ = new GqlType();
        if (Skip(TokenKind.BracketL))
        {
            typ.Position = PeekPos();
            typ.Elem = ParseTypeReference();
            Expect(TokenKind.BracketR);
        }
        else
        {
            typ.Position = PeekPos();
            typ.NamedType = ParseName();
        }
        if (Skip(TokenKind.Bang))
        {
            typ.Position = PeekPos();
            typ.NonNull = true;
        }
        return typ;
    }

    private string ParseOperationType()
    {
        var tok = Next();
        switch (tok.Value)
        {
            case GqlOperation.Query:
            case GqlOperation.Mutation:
            case GqlOperation.Subscription:
                return tok.Value;
        }
        UnexpectedToken(tok);
        return "";
    }

    private GqlValue? ParseValueLiteral(bool isConst)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var token = Peek();
        GqlValueKind kind;
        switch (token.Kind)
        {
            case TokenKind.BracketL:
                return ParseList(isConst);
            case TokenKind.BraceL:
                return ParseObject(isConst);
            case TokenKind.Dollar:
                if (isConst)
                {
                    UnexpectedError();
                    return null;
                }
                return new GqlValue { Position = token.Pos, Raw = ParseVariable(), Kind = GqlValueKind.Variable };
            case TokenKind.Int: kind = GqlValueKind.IntValue; break;
            case TokenKind.Float: kind = GqlValueKind.FloatValue; break;
            case TokenKind.String: kind = GqlValueKind.StringValue; break;
            case TokenKind.BlockString: kind = GqlValueKind.BlockValue; break;
            case TokenKind.Name:
                kind = token.Value switch
                {
                    "true" or "false" => GqlValueKind.BooleanValue,
                    "null" => GqlValueKind.NullValue,
                    _ => GqlValueKind.EnumValue,
                };
                break;
            default:
                UnexpectedError();
                return null;
        }
        Next();
        return new GqlValue { Position = token.Pos, Raw = token.Value, Kind = kind };
    }

    private GqlValue ParseList(bool isConst)
    {
        var values = new List<GqlChildValue>();
        var pos = PeekPos();
        Many(TokenKind.BracketL, TokenKind.BracketR, () => values.Add(new GqlChildValue { Value = ParseValueLiteral(isConst) }));
        return new GqlValue { Children = values, Kind = GqlValueKind.ListValue, Position = pos };
    }

    private GqlValue ParseObject(bool isConst)
    {
        var fields = new List<GqlChildValue>();
        var pos = PeekPos();
        Many(TokenKind.BraceL, TokenKind.BraceR, () => fields.Add(ParseObjectField(isConst)));
        return new GqlValue { Children = fields, Kind = GqlValueKind.ObjectValue, Position = pos };
    }

    private GqlChildValue ParseObjectField(bool isConst)
    {
        var field = new GqlChildValue { Position = PeekPos() };
        field.Name = ParseName();
        Expect(TokenKind.Colon);
        field.Value = ParseValueLiteral(isConst);
        return field;
    }

    private string ParseVariable()
    {
        Expect(TokenKind.Dollar);
        return ParseName();
    }
}
