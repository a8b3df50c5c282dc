using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

// Rules: heads (name, ref, function arguments, 'contains', value), bodies after 'if', default
// rules, else chains, and OPA's v1 checks that the old forms ('p { }', 'p[x] { }') are not used.
internal sealed partial class Parser
{
    private sealed record HeadParts(Location Loc, RefTerm Ref, IReadOnlyList<Term>? Args, Term? Key, Term? Value, bool Assign, bool Contains);

    private List<Rule>? ParseRules()
    {
        var start = Cur;
        var isDefault = false;
        if (Cur.Kind == TokenKind.Default && !NextStartsRef)
        {
            Advance();
            isDefault = true;
        }
        if (Cur.Kind != TokenKind.Ident && !AtRefKeyword)
        {
            Illegal();
            return null;
        }

        var h = ParseHead();
        if (h is null) return null;
        var head = new RuleHead(h.Loc, h.Ref, KindOf(h), h.Args, h.Key, h.Value, h.Assign);

        if (isDefault)
        {
            if (!ValidateDefault(start, h)) return null;
            return [new Rule(SpanFrom(start), head, Body.Empty(h.Loc), null, true)];
        }

        Body body;
        if (Cur.Kind == TokenKind.If)
        {
            Advance();
            var parsed = ParseIfBody();
            if (parsed is null) return null;
            body = parsed;
        }
        else if (Cur.Kind == TokenKind.LBrace)
        {
            Error(At(start), IfRequired(head));
            return null;
        }
        else
        {
            // A rule without a body: a constant, a 'contains' element, or a function returning true.
            if (!h.Contains && h.Value is null && h.Args is null)
            {
                if (h.Ref.Path.Count == 0)
                {
                    Error(h.Loc, "var cannot be used for rule name");
                    return null;
                }
                if (h.Ref.Path.Count == 1)
                {
                    Error(h.Loc, "`contains` keyword is required for partial set rules");
                    return null;
                }
            }
            return [new Rule(SpanFrom(start), head, Body.Empty(h.Loc), null, false)];
        }

        Rule? elseRule = null;
        if (Cur.Kind == TokenKind.Else && !NextStartsRef)
        {
            if (h.Ref.Path.Any(p => !IsGround(p)))
            {
                Error(At(Cur), "else keyword cannot be used on rules with variables in head");
                return null;
            }
            if (h.Contains)
            {
                Error(At(Cur), "else keyword cannot be used on multi-value rules");
                return null;
            }
            elseRule = ParseElseChain(head);
            if (elseRule is null) return null;
        }

        var rules = new List<Rule> { new(SpanFrom(start), head, body, elseRule, false) };

        // OPA still accepts further bodies after the first, 'p if { a } { b }', as more rules with the same head.
        while (Cur.Kind == TokenKind.LBrace)
        {
            if (elseRule is not null)
            {
                Error(At(Cur), "expected else keyword");
                return null;
            }
            var open = Cur;
            Advance();
            var extra = ParseBody(TokenKind.RBrace);
            if (extra is null) return null;
            rules.Add(new Rule(SpanFrom(open), head, extra, null, false));
        }
        return rules;
    }

    private static string IfRequired(RuleHead head) =>
        head.Args is null ? "`if` keyword is required before rule body" : "`if` keyword is required before function body";

    private static RuleKind KindOf(HeadParts h) =>
        h.Args is not null ? RuleKind.Function
        : h.Contains ? RuleKind.PartialSet
        : h.Ref.Path.Any(p => !IsGround(p)) ? RuleKind.PartialObject
        : RuleKind.Complete;

    private HeadParts? ParseHead()
    {
        var start = Cur;
        var name = new VarTerm(At(start), start.Text!);
        Advance();
        if (Precedence(Cur.Kind) > 0)
        {
            Illegal();
            return null;
        }

        Term headTerm = name;
        if (Cur.Kind is TokenKind.LParen or TokenKind.Dot or TokenKind.LBrack)
        {
            var r = ParseRef(name, allowSpaceFirst: true);
            if (r is null) return null;
            headTerm = r;
        }

        RefTerm headRef;
        IReadOnlyList<Term>? args = null;
        switch (headTerm)
        {
            case VarTerm v:
                headRef = new RefTerm(v.Loc, v, []);
                break;
            case RefTerm { Head: VarTerm } r:
                headRef = r;
                break;
            case CallTerm { Operator.Head: VarTerm } c:
                headRef = c.Operator;
                args = c.Args;
                break;
            default:
                Error(headTerm.Loc, "expected rule head name");
                return null;
        }

        Term? key = null;
        Term? value = null;
        var assign = false;
        var contains = false;
        switch (Cur.Kind)
        {
            case TokenKind.Contains:
                if (args is not null)
                {
                    Illegal($"the contains keyword can only be used with multi-value rule definitions (e.g., {RefNames.Dotted(headRef)} contains <VALUE> {{ ... }})");
                    return null;
                }
                Advance();
                key = ParseInfix(keyVal: true);
                if (key is null) return null;
                contains = true;
                break;
            case TokenKind.Unify:
            case TokenKind.Assign:
                assign = Cur.Kind == TokenKind.Assign;
                Advance();
                value = ParseInfix(keyVal: true);
                if (value is null) return null;
                break;
        }
        return new HeadParts(SpanFrom(start), headRef, args, key, value, assign, contains);
    }

    /// <summary>
    /// After <c>if</c>: a single literal, or a braced body. Like OPA, a literal that is a plain set
    /// (<c>p if { x }</c>) is re-read as a body.
    /// </summary>
    private Body? ParseIfBody()
    {
        var s = Save();
        var lit = ParseLiteral();
        if (lit is not null && lit.Expr is not TermExpr { Term: SetTerm }) return new Body(lit.Loc, [lit]);
        var literalError = _err;
        Restore(s);
        if (Cur.Kind != TokenKind.LBrace)
        {
            _err = literalError;
            return null;
        }
        Advance();
        return ParseBody(TokenKind.RBrace);
    }

    /// <summary>
    /// <c>else [= v | := v] [if] { … }</c>, repeated. Built iteratively (then linked from the end) so a long
    /// chain cannot exhaust the stack; its length counts against the nesting limit.
    /// </summary>
    private Rule? ParseElseChain(RuleHead head)
    {
        var parts = new List<(Location Loc, Location HeadLoc, Term? Value, bool Assign, Body Body)>();
        while (Cur.Kind == TokenKind.Else)
        {
            CheckChain(parts.Count + 1);
            var start = Cur;
            Advance();
            Term? value = null;
            var assign = false;
            switch (Cur.Kind)
            {
                case TokenKind.LBrace:
                case TokenKind.If:
                    break;
                case TokenKind.Assign:
                case TokenKind.Unify:
                    assign = Cur.Kind == TokenKind.Assign;
                    Advance();
                    value = ParseInfix(keyVal: true);
                    if (value is null) return null;
                    break;
                default:
                    Illegal("expected else value term or rule body");
                    return null;
            }
            var headLoc = SpanFrom(start);

            if (Cur.Kind == TokenKind.LBrace)
            {
                Error(At(start), IfRequired(head));
                return null;
            }
            if (Cur.Kind != TokenKind.If)
            {
                // 'else := v' without a body ends the chain.
                parts.Add((SpanFrom(start), headLoc, value, assign, Body.Empty(headLoc)));
                break;
            }
            Advance();
            Body? body;
            if (Cur.Kind == TokenKind.LBrace)
            {
                Advance();
                body = ParseBody(TokenKind.RBrace);
            }
            else if (Cur.Kind != TokenKind.Eof)
            {
                var lit = ParseLiteral();
                body = lit is null ? null : new Body(lit.Loc, [lit]);
            }
            else
            {
                Illegal("rule body expected");
                return null;
            }
            if (body is null) return null;
            parts.Add((SpanFrom(start), headLoc, value, assign, body));
        }

        Rule? next = null;
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            var p = parts[i];
            next = new Rule(p.Loc, head with { Loc = p.HeadLoc, Value = p.Value, Assign = p.Assign }, p.Body, next, false);
        }
        return next;
    }

    /// <summary>OPA's checks: a default rule has a constant value and distinct variable arguments.</summary>
    private bool ValidateDefault(Token start, HeadParts h)
    {
        if (h.Value is null)
        {
            Error(At(start), "illegal default rule (must have a value)");
            return false;
        }
        if (NonConstantKind(h.Value) is { } kind)
        {
            Error(At(start), $"illegal default rule (value cannot contain {kind})");
            return false;
        }
        if (h.Args is null) return true;
        var seen = new HashSet<string>();
        foreach (var arg in h.Args)
        {
            if (arg is not VarTerm v)
            {
                Error(At(start), $"illegal default rule (arguments cannot contain {ValueName(arg)})");
                return false;
            }
            if (!v.IsWildcard && !seen.Add(v.Name))
            {
                Error(At(start), $"illegal default rule (arguments cannot be repeated {v.Name})");
                return false;
            }
        }
        return true;
    }

    /// <summary>"var", "ref" or "call" if the term holds one outside a comprehension, else null.</summary>
    private static string? NonConstantKind(Term t) => t switch
    {
        VarTerm => "var",
        RefTerm => "ref",
        CallTerm => "call",
        ArrayTerm a => a.Items.Select(NonConstantKind).FirstOrDefault(k => k is not null),
        SetTerm s => s.Items.Select(NonConstantKind).FirstOrDefault(k => k is not null),
        ObjectTerm o => o.Items.Select(kv => NonConstantKind(kv.Key) ?? NonConstantKind(kv.Value)).FirstOrDefault(k => k is not null),
        TemplateStringTerm ts => ts.Parts.Select(p => p.Expr is null ? null : NonConstantKind(p.Expr)).FirstOrDefault(k => k is not null),
        _ => null,
    };
}
