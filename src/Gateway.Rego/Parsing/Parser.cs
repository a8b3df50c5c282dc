using System.Runtime.CompilerServices;
using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Parsing;

/// <summary>
/// Recursive-descent parser for Rego v1 over the token list from <see cref="Lexer"/>, following the
/// structure of OPA's parser (including where it backtracks). Grammar functions return null on
/// failure after recording the first error; backtracking restores the position and the error.
/// Terms are memoised by start token so that backtracking stays linear, and every nesting
/// construct goes through <see cref="Enter"/>, which bounds depth and native stack use.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>Maximum syntactic nesting (collections, calls, bodies, operator chains, else chains).</summary>
    public const int MaxDepth = 1000;

    private const string DepthExceeded = "nesting depth exceeded";

    private readonly string _file;
    private readonly Token[] _toks;
    private readonly Dictionary<int, MemoEntry> _memo = [];
    private readonly List<Comment> _comments = [];
    private int _pos;
    private int _depth;
    private ParseError? _err;

    private readonly record struct ParseError(Location Loc, string Message);

    private readonly record struct Mark(int Pos, ParseError? Err);

    private readonly record struct MemoEntry(Term? Term, int End, ParseError? Err);

    public Parser(string file, string text)
    {
        _file = file;
        _toks = [.. Lexer.Tokenize(text, _comments)];
    }

    private ref readonly Token Cur => ref _toks[_pos];

    private ref readonly Token Next => ref _toks[Math.Min(_pos + 1, _toks.Length - 1)];

    private void Advance()
    {
        if (_pos < _toks.Length - 1) _pos++;
    }

    /// <summary>End offset of the last consumed token.</summary>
    private int PrevEnd => _pos > 0 ? _toks[_pos - 1].End : 0;

    private Location At(Token t) => new(_file, t.Row, t.Col, t.Start, t.End - t.Start);

    private Location SpanFrom(Token start) => new(_file, start.Row, start.Col, start.Start, Math.Max(0, PrevEnd - start.Start));

    private Location SpanFrom(Location start) => start with { Length = Math.Max(0, PrevEnd - start.Offset) };

    private Mark Save() => new(_pos, _err);

    private void Restore(Mark m)
    {
        _pos = m.Pos;
        _err = m.Err;
    }

    private void Error(Location loc, string message) => _err ??= new ParseError(loc, message);

    /// <summary>Records "unexpected X token: note" at the current token (or the lexer's message for an illegal token).</summary>
    private void Illegal(string note = "")
    {
        var t = Cur;
        if (t.Kind == TokenKind.Illegal)
        {
            Error(At(t), t.Text ?? "illegal token");
            return;
        }
        var what = t.IsKeyword ? "keyword" : "token";
        Error(At(t), note.Length > 0 ? $"unexpected {t.Describe()} {what}: {note}" : $"unexpected {t.Describe()} {what}");
    }

    private RegoParseException ErrorException() =>
        _err is { } e
            ? new RegoParseException(e.Loc, e.Message)
            : new RegoParseException(At(Cur), "unexpected parse failure");

    /// <summary>Returns <paramref name="value"/>, or throws the recorded error if parsing failed.</summary>
    private T Require<T>(T? value) where T : class => value ?? throw ErrorException();

    private void Enter()
    {
        if (++_depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new RegoParseException(At(Cur), DepthExceeded);
        }
    }

    private void Leave() => _depth--;

    /// <summary>Operator chains build trees as deep as the chain is long; count that against the limit too.</summary>
    private void CheckChain(int length)
    {
        if (_depth + length > MaxDepth) throw new RegoParseException(At(Cur), DepthExceeded);
    }

    /// <summary>True when the token after the current one is <c>.</c> or <c>[</c> with no space: a keyword starting a ref.</summary>
    private bool NextStartsRef => Next is { SpaceBefore: false, Kind: TokenKind.Dot or TokenKind.LBrack };

    private bool AtRefKeyword => Cur.IsRefKeyword && NextStartsRef;

    private static RefTerm OperatorRef(Location loc, string name) => new(loc, new VarTerm(loc, name), []);

    private static RefTerm MemberRef(Location loc, int arity) =>
        new(loc, new VarTerm(loc, "internal"), [new ScalarTerm(loc, new RegoString(arity == 2 ? "member_2" : "member_3"))]);

    /// <summary>OPA's <c>ValueName</c>, used in messages such as "illegal ref (head cannot be number)".</summary>
    private static string ValueName(Term t) => t switch
    {
        ScalarTerm { Value: RegoNull } => "null",
        ScalarTerm { Value: RegoBool } => "boolean",
        ScalarTerm { Value: RegoNumber } => "number",
        ScalarTerm { Value: RegoString } => "string",
        ScalarTerm s => s.Value.TypeName,
        VarTerm => "var",
        RefTerm => "ref",
        ArrayTerm => "array",
        SetTerm => "set",
        ObjectTerm => "object",
        ArrayComprehension => "arraycomprehension",
        SetComprehension => "setcomprehension",
        ObjectComprehension => "objectcomprehension",
        CallTerm => "call",
        TemplateStringTerm => "templatestring",
        _ => "term",
    };

    /// <summary>A term without variables, refs or calls (so a head ref element that is ground names a fixed key).</summary>
    private static bool IsGround(Term t) => t switch
    {
        ScalarTerm => true,
        ArrayTerm a => a.Items.All(IsGround),
        SetTerm s => s.Items.All(IsGround),
        ObjectTerm o => o.Items.All(kv => IsGround(kv.Key) && IsGround(kv.Value)),
        _ => false,
    };
}
