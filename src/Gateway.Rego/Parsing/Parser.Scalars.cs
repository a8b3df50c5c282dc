using System.Globalization;
using System.Numerics;
using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Parsing;

internal sealed partial class Parser
{
    // OPA rejects numbers whose binary exponent exceeds 1e5 (about 30,000 decimal digits).
    private const int MaxDecimalExponent = 30000;

    /// <summary>
    /// A number literal, possibly with a leading <c>-</c> or <c>.</c>, as OPA reads them. A minus in
    /// front of anything else is unary minus, written as <c>minus(0, x)</c>.
    /// </summary>
    private Term? ParseNumber()
    {
        var start = Cur;
        var prefix = "";
        if (Cur.Kind == TokenKind.Sub)
        {
            Advance();
            if (Cur.Kind is not (TokenKind.Number or TokenKind.Dot))
            {
                var operand = ParseTerm();
                if (operand is null) return null;
                var loc = SpanFrom(start);
                return new CallTerm(loc, OperatorRef(At(start), "minus"), [new ScalarTerm(At(start), RegoNumber.Zero), operand]);
            }
            prefix = "-";
        }
        if (Cur.Kind == TokenKind.Dot)
        {
            prefix += "0.";
            Advance();
            if (Cur.Kind != TokenKind.Number)
            {
                Illegal("expected number");
                return null;
            }
        }

        var numberToken = Cur;
        var lit = numberToken.Text!;
        if (!prefix.EndsWith('.') && lit.Length > 1 && lit[0] == '0')
        {
            var isDecimal = lit[1] == '.';
            var isScientific = lit.Length > 2 && lit[1] is 'e' or 'E';
            if (!isDecimal && !isScientific)
            {
                Illegal("expected number without leading zero");
                return null;
            }
        }
        if (prefix.EndsWith('.') && lit.Contains('.'))
        {
            // ".1.5" would be a dot, then "1.5"; there is no valid reading.
            Illegal("expected number");
            return null;
        }

        var text = prefix + lit;
        if (TooBig(text))
        {
            Error(At(numberToken), "number too big");
            return null;
        }
        var value = RegoNumber.Parse(text);
        if (value is null)
        {
            Error(At(numberToken), "number too big");
            return null;
        }
        Advance();
        return new ScalarTerm(SpanFrom(start), value);
    }

    /// <summary>Rough decimal magnitude check so that huge exponents fail fast instead of allocating.</summary>
    private static bool TooBig(string text)
    {
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? text : text[..e];
        var intDigits = mantissa.TrimStart('-').Split('.')[0].TrimStart('0').Length;
        if (e < 0) return intDigits > MaxDecimalExponent;
        var expText = text[(e + 1)..];
        if (!BigInteger.TryParse(expText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp)) return true;
        var magnitude = exp + intDigits;
        return BigInteger.Abs(magnitude) > MaxDecimalExponent;
    }

    /// <summary>
    /// <c>$"text {expr} text"</c> or <c>$`…`</c>: the lexer delivers the literal pieces as template-part
    /// tokens; each embedded expression is a literal (so it may carry <c>with</c> modifiers) that is
    /// not negated, not an assignment or unification, and not <c>some</c>/<c>every</c>.
    /// </summary>
    private Term? ParseTemplateString()
    {
        var open = Cur;
        var raw = open.TemplateRaw;
        var parts = new List<TemplatePart>();
        while (true)
        {
            var piece = Cur;
            if (piece.Text!.Length > 0) parts.Add(new TemplatePart(piece.Text, null));
            Advance();
            if (piece.TemplateLast) break;

            var lit = ParseLiteral();
            if (lit is null) return null;
            var problem = lit switch
            {
                { Negated: true } => "unexpected negation ('not') in template-string expression",
                { Expr: SomeDecl or SomeIn } => "unexpected 'some' in template-string expression",
                { Expr: Every } => "unexpected 'every' in template-string expression",
                { Expr: TermExpr { Term: CallTerm { Name: "eq" } } } => "unexpected unification ('=') in template-string expression",
                { Expr: TermExpr { Term: CallTerm { Name: "assign" } } } => "unexpected assignment (':=') in template-string expression",
                _ => null,
            };
            if (problem is not null)
            {
                Error(lit.Loc, problem);
                return null;
            }
            parts.Add(new TemplatePart(null, ((TermExpr)lit.Expr).Term) { With = lit.With });

            if (Cur is not { Kind: TokenKind.TemplatePart, TemplateFirst: false } || Cur.TemplateRaw != raw)
            {
                Error(At(Cur), "expected } to end template string expression");
                return null;
            }
        }
        return new TemplateStringTerm(SpanFrom(open), parts, raw);
    }
}
