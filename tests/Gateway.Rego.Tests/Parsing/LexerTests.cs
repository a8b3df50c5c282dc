using Gateway.Rego.Parsing;

namespace Gateway.Rego.Tests.Parsing;

public sealed class LexerTests
{
    private static List<Token> Lex(string src) => Lexer.Tokenize(src);

    private static TokenKind[] Kinds(string src) => Lex(src).Select(t => t.Kind).ToArray();

    [Fact]
    public void Operators_and_punctuation()
    {
        Kinds(":= = == != < <= > >= + - * / % & | [ ] { } ( ) , : ; .").ShouldBe(
        [
            TokenKind.Assign, TokenKind.Unify, TokenKind.Equal, TokenKind.Neq, TokenKind.Lt, TokenKind.Lte,
            TokenKind.Gt, TokenKind.Gte, TokenKind.Add, TokenKind.Sub, TokenKind.Mul, TokenKind.Quo, TokenKind.Rem,
            TokenKind.And, TokenKind.Or, TokenKind.LBrack, TokenKind.RBrack, TokenKind.LBrace, TokenKind.RBrace,
            TokenKind.LParen, TokenKind.RParen, TokenKind.Comma, TokenKind.Colon, TokenKind.Semicolon, TokenKind.Dot,
            TokenKind.Eof,
        ]);
    }

    [Fact]
    public void Keywords_and_identifiers()
    {
        Kinds("package import as default else not some with null true false in every contains if x _ __local1__ ifx").ShouldBe(
        [
            TokenKind.Package, TokenKind.Import, TokenKind.As, TokenKind.Default, TokenKind.Else, TokenKind.Not,
            TokenKind.Some, TokenKind.With, TokenKind.Null, TokenKind.True, TokenKind.False, TokenKind.In,
            TokenKind.Every, TokenKind.Contains, TokenKind.If, TokenKind.Ident, TokenKind.Ident, TokenKind.Ident,
            TokenKind.Ident, TokenKind.Eof,
        ]);
    }

    [Fact]
    public void Numbers_keep_their_text()
    {
        Lex("12 3.5 1e10 2E-3 0.25").Where(t => t.Kind == TokenKind.Number).Select(t => t.Text)
            .ShouldBe(["12", "3.5", "1e10", "2E-3", "0.25"]);
    }

    [Fact]
    public void Strings_are_decoded()
    {
        var toks = Lex("\"a\\tb\\u0041\" `x\\ny`");
        toks[0].Kind.ShouldBe(TokenKind.String);
        toks[0].Text.ShouldBe("a\tbA");
        toks[1].Text.ShouldBe("x\\ny");
    }

    [Fact]
    public void Rows_columns_and_spacing_are_tracked()
    {
        var toks = Lex("a.b\n  # comment\n\tc [d]");
        var a = toks[0];
        (a.Row, a.Col, a.Start, a.End, a.SpaceBefore, a.NewlineBefore).ShouldBe((1, 1, 0, 1, false, false));
        var dot = toks[1];
        dot.SpaceBefore.ShouldBeFalse();
        var c = toks[3];
        (c.Row, c.Col, c.Text, c.NewlineBefore, c.SpaceBefore).ShouldBe((3, 2, "c", true, true));
        var lbrack = toks[4];
        (lbrack.Kind, lbrack.SpaceBefore, lbrack.NewlineBefore).ShouldBe((TokenKind.LBrack, true, false));
    }

    [Fact]
    public void Raw_string_newlines_advance_rows()
    {
        var toks = Lex("`a\nb` x");
        toks[1].Row.ShouldBe(2);
        toks[1].Col.ShouldBe(4);
    }

    [Fact]
    public void Template_strings_are_split_at_embedded_expressions()
    {
        var toks = Lex("$\"a {x + {1}} b {y}\" z");
        toks.Select(t => t.Kind).ShouldBe(
        [
            TokenKind.TemplatePart, TokenKind.Ident, TokenKind.Add, TokenKind.LBrace, TokenKind.Number, TokenKind.RBrace,
            TokenKind.TemplatePart, TokenKind.Ident, TokenKind.TemplatePart, TokenKind.Ident, TokenKind.Eof,
        ]);
        (toks[0].Text, toks[0].TemplateFirst, toks[0].TemplateLast).ShouldBe(("a ", true, false));
        (toks[6].Text, toks[6].TemplateFirst, toks[6].TemplateLast).ShouldBe((" b ", false, false));
        (toks[8].Text, toks[8].TemplateFirst, toks[8].TemplateLast).ShouldBe(("", false, true));
        toks[9].Text.ShouldBe("z");
    }

    [Fact]
    public void Raw_template_keeps_backslashes_except_before_brace()
    {
        var toks = Lex("$`a\\n\\{b`");
        (toks[0].Text, toks[0].TemplateRaw, toks[0].TemplateLast).ShouldBe(("a\\n{b", true, true));
    }

    [Theory]
    [InlineData("\"abc", "non-terminated string")]
    [InlineData("\"a\nb\"", "non-terminated string")]
    [InlineData("\"\\x\"", "illegal escape sequence")]
    [InlineData("\"\\u12g4\"", "illegal escape sequence")]
    [InlineData("`abc", "non-terminated string")]
    [InlineData("!", "illegal ! character")]
    [InlineData("$", "illegal $ character")]
    [InlineData("1.x", "expected fraction")]
    [InlineData("1e+", "expected exponent")]
    [InlineData("0a2b", "illegal number format")]
    [InlineData("a\0", "illegal null character")]
    [InlineData("# \0", "illegal null character")]
    [InlineData("~", null)]
    public void Lexical_errors_end_the_token_stream(string src, string? reason)
    {
        var toks = Lex(src);
        var illegal = toks.Single(t => t.Kind == TokenKind.Illegal);
        illegal.Text.ShouldBe(reason);
        toks[^1].Kind.ShouldBe(TokenKind.Eof);
        toks.IndexOf(illegal).ShouldBe(toks.Count - 2);
    }

    [Fact]
    public void Byte_order_mark_is_skipped() => Kinds("\uFEFFx").ShouldBe([TokenKind.Ident, TokenKind.Eof]);
}
