using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

// Arrays, sets, objects and comprehensions. As in OPA, a single term followed by '|' is tried as a
// comprehension first ({a | b} is a set comprehension, not a set holding a union); if its body
// fails at a comma the whole thing is re-read as a collection whose first element is an 'or' call.
internal sealed partial class Parser
{
    private Term? ParseArray()
    {
        var open = Cur;
        Advance();
        if (Cur.Kind == TokenKind.RBrack)
        {
            Advance();
            return new ArrayTerm(SpanFrom(open), []);
        }

        var maybeComprehension = true;
        if (Cur.Kind == TokenKind.Comma)
        {
            // OPA accepts a leading comma for backwards compatibility; it rules out a comprehension.
            maybeComprehension = false;
            Advance();
        }

        var s = Save();
        var head = ParseTerm();
        if (head is null) return null;

        switch (Cur.Kind)
        {
            case TokenKind.RBrack:
                Advance();
                return new ArrayTerm(SpanFrom(open), [head]);
            case TokenKind.Comma:
            {
                Advance();
                var rest = ParseTermList(TokenKind.RBrack, [head]);
                return rest is null ? null : new ArrayTerm(SpanFrom(open), rest);
            }
            case TokenKind.Or when maybeComprehension:
            {
                Advance();
                var body = ParseBody(TokenKind.RBrack);
                if (body is not null) return new ArrayComprehension(SpanFrom(open), head, body);
                if (Cur.Kind != TokenKind.Comma) return null;
                break;
            }
        }

        Restore(s);
        var items = ParseTermList(TokenKind.RBrack, null);
        return items is null ? null : new ArrayTerm(SpanFrom(open), items);
    }

    private Term? ParseSetOrObject()
    {
        var open = Cur;
        Advance();
        if (Cur.Kind == TokenKind.RBrace)
        {
            Advance();
            return new ObjectTerm(SpanFrom(open), []);
        }

        var maybeComprehension = true;
        if (Cur.Kind == TokenKind.Comma)
        {
            maybeComprehension = false;
            Advance();
        }

        var s = Save();
        var head = ParseTerm();
        if (head is null) return null;

        switch (Cur.Kind)
        {
            case TokenKind.Or when maybeComprehension:
            case TokenKind.RBrace:
            case TokenKind.Comma:
                return ParseSet(open, s, head, maybeComprehension);
            case TokenKind.Colon:
                return ParseObject(open, head, maybeComprehension);
        }

        Restore(s);
        head = ParseInfix(keyVal: false);
        if (head is null) return null;
        switch (Cur.Kind)
        {
            case TokenKind.RBrace:
            case TokenKind.Comma:
                return ParseSet(open, s, head, false);
            case TokenKind.Colon:
                // Still possibly an object comprehension, e.g. {a + 1: b | …}.
                return ParseObject(open, head, maybeComprehension);
        }
        Illegal("non-terminated set");
        return null;
    }

    private Term? ParseSet(Token open, Mark s, Term head, bool maybeComprehension)
    {
        switch (Cur.Kind)
        {
            case TokenKind.RBrace:
                Advance();
                return new SetTerm(SpanFrom(open), [head]);
            case TokenKind.Comma:
            {
                Advance();
                var rest = ParseTermList(TokenKind.RBrace, [head]);
                return rest is null ? null : new SetTerm(SpanFrom(open), rest);
            }
            case TokenKind.Or:
            {
                if (maybeComprehension)
                {
                    Advance();
                    var body = ParseBody(TokenKind.RBrace);
                    if (body is not null) return new SetComprehension(SpanFrom(open), head, body);
                    if (Cur.Kind != TokenKind.Comma) return null;
                }
                Restore(s);
                var items = ParseTermList(TokenKind.RBrace, null);
                return items is null ? null : new SetTerm(SpanFrom(open), items);
            }
            default:
                Illegal("non-terminated set");
                return null;
        }
    }

    /// <summary>At the colon after the first key.</summary>
    private Term? ParseObject(Token open, Term key, bool maybeComprehension)
    {
        Advance();
        var s = Save();

        // First try the value as a single term, which is what a comprehension head needs.
        var value = ParseTerm();
        if (value is null) return null;

        var maybeRelation = true;
        if (maybeComprehension)
        {
            if (Cur.Kind is TokenKind.RBrace or TokenKind.Comma) maybeRelation = false;
            if (Cur.Kind is TokenKind.RBrace or TokenKind.Comma or TokenKind.Or)
            {
                var result = ParseObjectFinish(open, key, value, true);
                // Without a relation to fall back to, keep the error from the pair list itself.
                if (result is not null || !maybeRelation) return result;
            }
        }

        Restore(s);
        if (maybeRelation)
        {
            value = ParseInfix(keyVal: false);
            if (value is null) return null;
            if (Cur.Kind is TokenKind.RBrace or TokenKind.Comma) return ParseObjectFinish(open, key, value, false);
        }
        Illegal("non-terminated object");
        return null;
    }

    private Term? ParseObjectFinish(Token open, Term key, Term value, bool maybeComprehension)
    {
        switch (Cur.Kind)
        {
            case TokenKind.RBrace:
                Advance();
                return new ObjectTerm(SpanFrom(open), [new KeyValuePair<Term, Term>(key, value)]);
            case TokenKind.Or:
                if (!maybeComprehension)
                {
                    Illegal("non-terminated object");
                    return null;
                }
                Advance();
                var body = ParseBody(TokenKind.RBrace);
                return body is null ? null : new ObjectComprehension(SpanFrom(open), key, value, body);
            case TokenKind.Comma:
            {
                Advance();
                var pairs = ParsePairList([new KeyValuePair<Term, Term>(key, value)]);
                return pairs is null ? null : new ObjectTerm(SpanFrom(open), pairs);
            }
            default:
                return null;
        }
    }

    /// <summary>Remaining <c>key: value</c> pairs of an object literal, through the closing brace.</summary>
    private List<KeyValuePair<Term, Term>>? ParsePairList(List<KeyValuePair<Term, Term>> pairs)
    {
        if (Cur.Kind == TokenKind.RBrace)
        {
            Advance();
            return pairs;
        }
        while (true)
        {
            var key = ParseInfix(keyVal: false);
            if (key is null) return null;
            if (Cur.Kind != TokenKind.Colon)
            {
                Illegal("expected \":\"");
                return null;
            }
            Advance();
            var value = ParseInfix(keyVal: false);
            if (value is null) return null;
            pairs.Add(new KeyValuePair<Term, Term>(key, value));
            if (Cur.Kind == TokenKind.RBrace)
            {
                Advance();
                return pairs;
            }
            if (Cur.Kind != TokenKind.Comma)
            {
                Illegal("expected \",\" or \"}\"");
                return null;
            }
            Advance();
            if (Cur.Kind == TokenKind.RBrace)
            {
                Advance();
                return pairs;
            }
        }
    }
}
