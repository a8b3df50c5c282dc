using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

// Operator precedence, loosest first, as in OPA: ':=' '=' (only at the top of a literal), 'in',
// relations (== != < <= > >=), '|', '&', '+ -', '* / %'. All binary operators associate left.
internal sealed partial class Parser
{
    /// <summary>A literal's expression: <c>a := b</c>, <c>a = b</c>, or a single term.</summary>
    private Term? ParseExpr()
    {
        var lhs = ParseInfix(keyVal: true);
        if (lhs is null) return null;
        if (Cur.Kind is TokenKind.Assign or TokenKind.Unify)
        {
            var op = Cur;
            Advance();
            var rhs = ParseInfix(keyVal: true);
            if (rhs is null) return null;
            var name = op.Kind == TokenKind.Assign ? "assign" : "eq";
            return new CallTerm(SpanFrom(lhs.Loc), OperatorRef(At(op), name), [lhs, rhs]);
        }
        return lhs;
    }

    /// <summary>
    /// Membership: <c>x in xs</c>, and where <paramref name="keyVal"/> allows it (not inside call
    /// arguments or collection items, where the comma separates elements), <c>k, v in xs</c>.
    /// </summary>
    private Term? ParseInfix(bool keyVal)
    {
        var lhs = ParseBinary();
        if (lhs is null) return null;
        var chain = 0;
        while (true)
        {
            if (keyVal && Cur.Kind == TokenKind.Comma)
            {
                var s = Save();
                Advance();
                var mhs = ParseBinary();
                if (mhs is not null && Cur.Kind == TokenKind.In)
                {
                    var inTok = Cur;
                    Advance();
                    var rhs = ParseBinary();
                    if (rhs is not null)
                    {
                        lhs = new CallTerm(SpanFrom(lhs.Loc), MemberRef(At(inTok), 3), [lhs, mhs, rhs]);
                        CheckChain(++chain);
                        if (Cur.Kind == TokenKind.In) continue;
                        return lhs;
                    }
                }
                Restore(s);
            }

            if (Cur.Kind != TokenKind.In) return lhs;
            var op = Cur;
            Advance();
            var coll = ParseBinary();
            if (coll is null) return null;
            lhs = new CallTerm(SpanFrom(lhs.Loc), MemberRef(At(op), 2), [lhs, coll]);
            CheckChain(++chain);
            if (Cur.Kind != TokenKind.In) return lhs;
        }
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Equal or TokenKind.Neq or TokenKind.Lt or TokenKind.Lte or TokenKind.Gt or TokenKind.Gte => 1,
        TokenKind.Or => 2,
        TokenKind.And => 3,
        TokenKind.Add or TokenKind.Sub => 4,
        TokenKind.Mul or TokenKind.Quo or TokenKind.Rem => 5,
        _ => 0,
    };

    private static string OperatorName(TokenKind kind) => kind switch
    {
        TokenKind.Equal => "equal",
        TokenKind.Neq => "neq",
        TokenKind.Lt => "lt",
        TokenKind.Lte => "lte",
        TokenKind.Gt => "gt",
        TokenKind.Gte => "gte",
        TokenKind.Or => "or",
        TokenKind.And => "and",
        TokenKind.Add => "plus",
        TokenKind.Sub => "minus",
        TokenKind.Mul => "mul",
        TokenKind.Quo => "div",
        _ => "rem",
    };

    /// <summary>Binary operators by precedence climbing, so native recursion stays bounded by the number of levels.</summary>
    private Term? ParseBinary()
    {
        var lhs = ParseTerm();
        return lhs is null ? null : ParseBinaryRest(lhs, 1);
    }

    private Term? ParseBinaryRest(Term lhs, int minPrecedence)
    {
        var chain = 0;
        while (Precedence(Cur.Kind) is var p && p >= minPrecedence && p > 0)
        {
            var op = Cur;
            Advance();
            var rhs = ParseTerm();
            if (rhs is null) return null;
            if (Precedence(Cur.Kind) > p)
            {
                rhs = ParseBinaryRest(rhs, p + 1);
                if (rhs is null) return null;
            }
            lhs = new CallTerm(SpanFrom(lhs.Loc), OperatorRef(At(op), OperatorName(op.Kind)), [lhs, rhs]);
            CheckChain(++chain);
        }
        return lhs;
    }
}
