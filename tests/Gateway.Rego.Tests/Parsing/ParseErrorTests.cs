using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;

namespace Gateway.Rego.Tests.Parsing;

public sealed class ParseErrorTests
{
    [Fact]
    public void Message_is_formatted_like_OPA_with_file_and_row()
    {
        var ex = Should.Throw<RegoParseException>(() => RegoParser.ParseModule("test-0.rego", "package p\n\np if {\n  x := [1, 2\n}\n"));
        ex.Code.ShouldBe("rego_parse_error");
        ex.Location.File.ShouldBe("test-0.rego");
        ex.Location.Row.ShouldBe(5);
        ex.Location.Col.ShouldBe(1);
        ex.Reason.ShouldBe("unexpected } token: expected \",\" or \"]\"");
        ex.Message.ShouldBe("test-0.rego:5: rego_parse_error: unexpected } token: expected \",\" or \"]\"");
    }

    [Fact]
    public void Term_errors_without_a_file_name_show_row_and_column()
    {
        var ex = Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("{1: }"));
        ex.Message.ShouldBe("1:5: rego_parse_error: unexpected } token");
    }

    [Theory]
    [InlineData("x := 1 2", 1, 8, "unexpected number token: expected \\n or ; or }")]
    [InlineData("x := \"abc", 1, 6, "non-terminated string")]
    [InlineData("x := \"a\\qb\"", 1, 6, "illegal escape sequence")]
    [InlineData("x := `abc", 1, 6, "non-terminated string")]
    [InlineData("x := 1 ! 2", 1, 8, "illegal ! character")]
    [InlineData("x := @", 1, 6, "illegal token")]
    [InlineData("x := 1.", 1, 6, "expected fraction")]
    [InlineData("x := 1e", 1, 6, "expected exponent")]
    [InlineData("x := 12ab", 1, 6, "illegal number format")]
    [InlineData("x := 007", 1, 6, "unexpected number token: expected number without leading zero")]
    [InlineData("x := 1e999999", 1, 6, "number too big")]
    [InlineData("x := a[1", 2, 1, "unexpected } token: expected ]")]
    [InlineData("x := (1 + 2", 2, 1, "non-terminated expression")]
    [InlineData("x := 1[0]", 1, 6, "illegal ref (head cannot be number)")]
    [InlineData("x := \"a\".b", 1, 6, "illegal ref (head cannot be string)")]
    [InlineData("x := a.1", 1, 8, "unexpected number token: expected identifier")]
    [InlineData("x := {1: 2 3}", 1, 12, "unexpected number token: non-terminated object")]
    [InlineData("x := {1: 2, 3 4}", 1, 15, "unexpected number token: expected \":\"")]
    [InlineData("x := {1, 2 3}", 1, 12, "unexpected number token: expected \",\" or \"}\"")]
    [InlineData("x := [y | ]", 1, 11, "found empty body")]
    [InlineData("x := f(1 2)", 1, 10, "unexpected number token: expected \",\" or \")\"")]
    [InlineData("\n\n   x := in", 3, 9, "unexpected in keyword")]
    [InlineData("x := \0", 1, 6, "illegal null character")]
    public void Errors_point_at_the_offending_token(string body, int row, int col, string reason)
    {
        var ex = Should.Throw<RegoParseException>(() => RegoParser.ParseModule("m.rego", "package p\np if {\n" + body + "\n}"));
        ex.Reason.ShouldBe(reason);
        ex.Location.Row.ShouldBe(row + 2);
        ex.Location.Col.ShouldBe(col);
    }

    [Theory]
    [InlineData(10_000, "[", "]")]
    [InlineData(100_000, "[", "")]
    [InlineData(5_000, "{", "}")]
    [InlineData(5_000, "(", ")")]
    [InlineData(5_000, "f(", ")")]
    [InlineData(5_000, "[x | x = ", "]")]
    [InlineData(5_000, "{\"a\": ", "}")]
    [InlineData(5_000, "$\"{", "}\"")]
    [InlineData(5_000, "f(x).g(", ")")]
    [InlineData(5_000, "-", "")]
    public void Deep_nesting_is_a_parse_error(int depth, string open, string close)
    {
        var text = "x := " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        Should.Throw<RegoParseException>(() => RegoParser.ParseQuery(text)).Reason.ShouldBe("nesting depth exceeded");
    }

    [Theory]
    [InlineData(" + 1")]
    [InlineData(" in x")]
    [InlineData(" | 1")]
    public void Long_operator_chains_are_a_parse_error(string link)
    {
        var text = "x := 1" + string.Concat(Enumerable.Repeat(link, 50_000));
        Should.Throw<RegoParseException>(() => RegoParser.ParseQuery(text)).Reason.ShouldBe("nesting depth exceeded");
    }

    [Fact]
    public void Long_else_chain_is_a_parse_error()
    {
        var text = "package p\np := 1 if false" + string.Concat(Enumerable.Repeat(" else := 1 if false", 5_000));
        Should.Throw<RegoParseException>(() => RegoParser.ParseModule("m.rego", text)).Reason.ShouldBe("nesting depth exceeded");
    }

    [Fact]
    public void Moderate_nesting_parses()
    {
        var text = string.Concat(Enumerable.Repeat("[", 200)) + "1" + string.Concat(Enumerable.Repeat("]", 200));
        RegoParser.ParseTerm(text).ShouldBeOfType<ArrayTerm>();
        var chain = "x := 1" + string.Concat(Enumerable.Repeat(" + 1", 500));
        RegoParser.ParseQuery(chain).Literals.Count.ShouldBe(1);
    }

    [Fact]
    public void Parse_term_rejects_expressions()
    {
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("1 + 2"));
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("x = 1"));
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("1; 2"));
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("not x"));
    }
}
