using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

// Bodies and literals: expressions, 'not', 'some', 'every' and 'with' modifiers.
internal sealed partial class Parser
{
    /// <summary>
    /// A body inside braces or after a comprehension bar, through the closing <paramref name="end"/>
    /// token. Literals are separated by ';' or a newline.
    /// </summary>
    private Body? ParseBody(TokenKind end)
    {
        Enter();
        var body = ParseBodyInner(end);
        Leave();
        return body;
    }

    private Body? ParseBodyInner(TokenKind end)
    {
        var first = Cur;
        if (first.Kind == end)
        {
            Error(At(first), "found empty body");
            return null;
        }
        var literals = new List<Literal>();
        while (true)
        {
            var lit = ParseLiteral();
            if (lit is null) return null;
            literals.Add(lit);
            if (Cur.Kind == TokenKind.Semicolon)
            {
                Advance();
                continue;
            }
            if (Cur.Kind == end)
            {
                var loc = SpanFrom(first);
                Advance();
                return new Body(loc, literals);
            }
            if (!Cur.NewlineBefore)
            {
                Illegal($"expected \\n or ; or {Closer(end)}");
                return null;
            }
        }
    }

    /// <summary>
    /// A top-level query. Like OPA, literals may follow each other after ';', a newline, or nothing
    /// at all (OPA reads each as its own statement and joins them).
    /// </summary>
    private Body? ParseQueryBody()
    {
        var first = Cur;
        var literals = new List<Literal>();
        while (Cur.Kind != TokenKind.Eof)
        {
            var lit = ParseLiteral();
            if (lit is null) return null;
            literals.Add(lit);
            if (Cur.Kind == TokenKind.Semicolon)
            {
                Advance();
                if (Cur.Kind == TokenKind.Eof)
                {
                    Illegal();
                    return null;
                }
            }
        }
        return new Body(literals.Count == 0 ? At(first) : SpanFrom(first), literals);
    }

    private Literal? ParseLiteral()
    {
        var start = Cur;

        // A keyword directly followed by '.' or '[' starts a ref (OPA's keywords-in-refs).
        if (AtRefKeyword) return ParseLiteralExpr(start, negated: false);

        var negated = false;
        if (Cur.Kind == TokenKind.Not && !NextStartsRef)
        {
            Advance();
            negated = true;
        }

        switch (Cur.Kind)
        {
            case TokenKind.Some:
                if (negated)
                {
                    Illegal("illegal negation of 'some'");
                    return null;
                }
                return ParseSome(start);
            case TokenKind.Every:
                if (negated)
                {
                    Illegal("illegal negation of 'every'");
                    return null;
                }
                return ParseEvery(start);
            default:
                return ParseLiteralExpr(start, negated);
        }
    }

    private Literal? ParseLiteralExpr(Token start, bool negated)
    {
        var term = ParseExpr();
        if (term is null) return null;
        IReadOnlyList<WithModifier> with = [];
        if (Cur.Kind == TokenKind.With)
        {
            var mods = ParseWith();
            if (mods is null) return null;
            with = mods;
        }
        return new Literal(SpanFrom(start), new TermExpr(term.Loc, term), negated, with);
    }

    /// <summary><c>some x, y</c> or <c>some x in xs</c> / <c>some k, v in xs</c>.</summary>
    private Literal? ParseSome(Token start)
    {
        Advance();
        var s = Save();
        var term = ParseInfix(keyVal: true);
        if (term is CallTerm call)
        {
            Expr expr;
            switch (call.Name)
            {
                case "internal.member_2" when call.Args.Count == 2:
                    expr = new SomeIn(SpanFrom(start), null, call.Args[0], call.Args[1]);
                    break;
                case "internal.member_3" when call.Args.Count == 3:
                    expr = new SomeIn(SpanFrom(start), call.Args[0], call.Args[1], call.Args[2]);
                    break;
                default:
                    Illegal("expected `x in xs` or `x, y in xs` expression");
                    return null;
            }
            IReadOnlyList<WithModifier> with = [];
            if (Cur.Kind == TokenKind.With)
            {
                var mods = ParseWith();
                if (mods is null) return null;
                with = mods;
            }
            return new Literal(SpanFrom(start), expr, false, with);
        }

        Restore(s);
        var vars = new List<VarTerm>();
        while (true)
        {
            if (Cur.Kind != TokenKind.Ident)
            {
                Illegal("expected var");
                return null;
            }
            vars.Add(new VarTerm(At(Cur), Cur.Text!));
            Advance();
            if (Cur.Kind != TokenKind.Comma) break;
            Advance();
        }
        var loc = SpanFrom(start);
        return new Literal(loc, new SomeDecl(loc, vars), false, []);
    }

    /// <summary><c>every v in xs { … }</c> / <c>every k, v in xs { … }</c>; key and value must be variables.</summary>
    private Literal? ParseEvery(Token start)
    {
        Advance();
        var term = ParseInfix(keyVal: true);
        if (term is null) return null;
        Term? key = null;
        Term value;
        Term domain;
        switch (term)
        {
            case CallTerm { Name: "internal.member_2", Args.Count: 2 } c:
                value = c.Args[0];
                domain = c.Args[1];
                break;
            case CallTerm { Name: "internal.member_3", Args.Count: 3 } c:
                key = c.Args[0];
                value = c.Args[1];
                domain = c.Args[2];
                if (key is not VarTerm)
                {
                    Illegal("expected key to be a variable");
                    return null;
                }
                break;
            default:
                Illegal("expected `x[, y] in xs { ... }` expression");
                return null;
        }
        if (value is not VarTerm)
        {
            Illegal("expected value to be a variable");
            return null;
        }
        if (Cur.Kind != TokenKind.LBrace)
        {
            Illegal("missing body");
            return null;
        }
        Advance();
        var body = ParseBody(TokenKind.RBrace);
        if (body is null) return null;
        var every = new Every(SpanFrom(start), key, value, domain, body);
        IReadOnlyList<WithModifier> with = [];
        if (Cur.Kind == TokenKind.With)
        {
            var mods = ParseWith();
            if (mods is null) return null;
            with = mods;
        }
        return new Literal(SpanFrom(start), every, false, with);
    }

    /// <summary>One or more <c>with target as value</c>; the target is a name or ref.</summary>
    private List<WithModifier>? ParseWith()
    {
        var mods = new List<WithModifier>();
        do
        {
            var start = Cur;
            Advance();
            if (Cur.Kind != TokenKind.Ident)
            {
                Illegal("expected ident");
                return null;
            }
            var target = ParseTerm();
            if (target is null) return null;
            RefTerm path;
            switch (target)
            {
                case RefTerm r:
                    path = r;
                    break;
                case VarTerm v:
                    path = new RefTerm(v.Loc, v, []);
                    break;
                default:
                    Error(target.Loc, "expected with target path");
                    return null;
            }
            if (Cur.Kind != TokenKind.As)
            {
                Illegal("expected as keyword");
                return null;
            }
            Advance();
            var value = ParseInfix(keyVal: true);
            if (value is null) return null;
            mods.Add(new WithModifier(SpanFrom(start), path, value));
        }
        while (Cur.Kind == TokenKind.With);
        return mods;
    }
}
