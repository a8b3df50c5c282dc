using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Parsing;

internal sealed partial class Parser
{
    /// <summary>
    /// One term with its ref/call suffixes. Memoised by start position: the result of parsing a term
    /// depends only on where it starts, and OPA-style backtracking re-parses the same terms.
    /// </summary>
    private Term? ParseTerm()
    {
        var start = _pos;
        if (_memo.TryGetValue(start, out var m))
        {
            _pos = m.End;
            if (m.Err is { } e) _err ??= e;
            return m.Term;
        }
        var outer = _err;
        _err = null;
        Enter();
        var term = ParseTermUncached();
        Leave();
        var err = term is null ? _err : null;
        _err = outer ?? err;
        _memo[start] = new MemoEntry(term, _pos, err);
        return term;
    }

    private Term? ParseTermUncached()
    {
        var t = Cur;
        Term? term;
        switch (t.Kind)
        {
            case TokenKind.Null:
                Advance();
                term = new ScalarTerm(At(t), RegoNull.Instance);
                break;
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                term = new ScalarTerm(At(t), RegoBool.Of(t.Kind == TokenKind.True));
                break;
            case TokenKind.Sub:
            case TokenKind.Dot:
            case TokenKind.Number:
                term = ParseNumber();
                break;
            case TokenKind.String:
                Advance();
                term = new ScalarTerm(At(t), RegoStringPool.Get(t.Text!));
                break;
            case TokenKind.TemplatePart when t.TemplateFirst:
                term = ParseTemplateString();
                break;
            case TokenKind.Ident:
            case TokenKind.Contains: // contains is only a keyword in rule heads
                Advance();
                term = new VarTerm(At(t), t.Text!);
                break;
            case TokenKind.LBrack:
                term = ParseArray();
                break;
            case TokenKind.LBrace:
                term = ParseSetOrObject();
                break;
            case TokenKind.LParen:
                Advance();
                term = ParseInfix(keyVal: true);
                if (term is null) return null;
                if (Cur.Kind != TokenKind.RParen)
                {
                    Error(At(Cur), "non-terminated expression");
                    return null;
                }
                Advance();
                break;
            default:
                if (AtRefKeyword)
                {
                    Advance();
                    term = new VarTerm(At(t), t.Text!);
                    break;
                }
                Illegal();
                return null;
        }
        return term is null ? null : ParseTermFinish(term);
    }

    /// <summary>Like <see cref="ParseTerm"/> but a leading keyword is a plain name (package and import paths).</summary>
    private Term? ParseTermKeywordHead()
    {
        var t = Cur;
        if (!t.IsKeyword) return ParseTerm();
        Advance();
        return ParseTermFinish(new VarTerm(At(t), t.Text!));
    }

    /// <summary>Ref and call suffixes directly after a term (no space before them); bare data/input become refs.</summary>
    private Term? ParseTermFinish(Term head)
    {
        if (Cur is { SpaceBefore: false, Kind: TokenKind.LParen or TokenKind.Dot or TokenKind.LBrack })
        {
            return ParseRef(head, allowSpaceFirst: false);
        }
        if (head is VarTerm { Name: "data" or "input" } v) return new RefTerm(v.Loc, v, []);
        return head;
    }

    /// <summary>
    /// <c>head.a[b](args)…</c>. A call ends the ref; further <c>.x</c>/<c>[x]</c> after a call start a
    /// new ref whose head is the call. In rule heads the first suffix may follow a space.
    /// </summary>
    private Term? ParseRef(Term head, bool allowSpaceFirst)
    {
        switch (head)
        {
            case VarTerm or ArrayTerm or ObjectTerm or SetTerm or ArrayComprehension or SetComprehension
                or ObjectComprehension or CallTerm:
                break;
            default:
                Error(head.Loc, $"illegal ref (head cannot be {ValueName(head)})");
                return null;
        }

        var start = head.Loc;
        var path = new List<Term>();
        var first = true;
        while (true)
        {
            var t = Cur;
            if (t.SpaceBefore && !(first && allowSpaceFirst)) return new RefTerm(SpanFrom(start), head, path);
            first = false;
            switch (t.Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    if (Cur.SpaceBefore || (Cur.Kind != TokenKind.Ident && !Cur.IsKeyword))
                    {
                        Illegal("expected identifier");
                        return null;
                    }
                    path.Add(new ScalarTerm(At(Cur), RegoStringPool.Get(Cur.Text!)));
                    Advance();
                    break;
                case TokenKind.LBrack:
                {
                    Advance();
                    var key = ParseInfix(keyVal: true);
                    if (key is null) return null;
                    if (Cur.Kind != TokenKind.RBrack)
                    {
                        Illegal("expected ]");
                        return null;
                    }
                    Advance();
                    path.Add(key);
                    break;
                }
                case TokenKind.LParen:
                {
                    var op = new RefTerm(SpanFrom(start), head, path);
                    var call = ParseCall(op);
                    if (call is null) return null;
                    if (Cur is { SpaceBefore: false, Kind: TokenKind.Dot or TokenKind.LBrack })
                    {
                        // f(x).y(z)…: each call nests the next ref one level deeper.
                        Enter();
                        var outer = ParseRef(call, allowSpaceFirst: false);
                        Leave();
                        return outer;
                    }
                    return call;
                }
                default:
                    return new RefTerm(SpanFrom(start), head, path);
            }
        }
    }

    /// <summary><c>op(args)</c>, at the opening parenthesis. <c>set()</c> is the empty set.</summary>
    private Term? ParseCall(RefTerm op)
    {
        Advance();
        if (Cur.Kind == TokenKind.RParen)
        {
            Advance();
            if (op is { Head: VarTerm { Name: "set" }, Path.Count: 0 }) return new SetTerm(SpanFrom(op.Loc), []);
            return new CallTerm(SpanFrom(op.Loc), op, []);
        }
        var args = ParseTermList(TokenKind.RParen, null);
        return args is null ? null : new CallTerm(SpanFrom(op.Loc), op, args);
    }

    /// <summary>Comma-separated terms up to and including <paramref name="end"/>; a trailing comma is allowed.</summary>
    private List<Term>? ParseTermList(TokenKind end, List<Term>? items)
    {
        items ??= [];
        if (Cur.Kind == end)
        {
            Advance();
            return items;
        }
        while (true)
        {
            var term = ParseInfix(keyVal: false);
            if (term is null) return null;
            items.Add(term);
            if (Cur.Kind == end)
            {
                Advance();
                return items;
            }
            if (Cur.Kind != TokenKind.Comma)
            {
                Illegal($"expected \",\" or \"{Closer(end)}\"");
                return null;
            }
            Advance();
            if (Cur.Kind == end)
            {
                Advance();
                return items;
            }
        }
    }

    private static string Closer(TokenKind end) => end switch
    {
        TokenKind.RBrack => "]",
        TokenKind.RBrace => "}",
        _ => ")",
    };
}
