using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;
using static Gateway.Rego.Tests.Parsing.AstPrinter;

namespace Gateway.Rego.Tests.Parsing;

public sealed class TemplateStringTests
{
    private static TemplateStringTerm Template(string text) => RegoParser.ParseTerm(text).ShouldBeOfType<TemplateStringTerm>();

    [Fact]
    public void Empty_template_has_no_parts()
    {
        Template("$\"\"").Parts.ShouldBeEmpty();
        Template("$``").Parts.ShouldBeEmpty();
    }

    [Fact]
    public void Text_and_expressions_alternate()
    {
        var t = Template("$\"a {x} b {1 + y}\"");
        t.Raw.ShouldBeFalse();
        t.Parts.Count.ShouldBe(4);
        t.Parts[0].Text.ShouldBe("a ");
        t.Parts[1].Expr.ShouldBeOfType<VarTerm>().Name.ShouldBe("x");
        t.Parts[2].Text.ShouldBe(" b ");
        Print(t.Parts[3].Expr!).ShouldBe("plus(1, y)");
    }

    [Theory]
    [InlineData("$\"\\t\\n\\\"\"", "$\"\t\n\"\"")]
    [InlineData("$\"\\{42}\"", "$\"{42}\"")]
    [InlineData("$\"foo \\{42} bar \\{43} baz\"", "$\"foo {42} bar {43} baz\"")]
    [InlineData("$\"\\{{42}\"", "$\"{{42}\"")]
    [InlineData("$\"{[x | some x in a]}\"", "$\"{[x | some x in a]}\"")]
    [InlineData("$\"{{x: x | some x in a}}\"", "$\"{{x: x | some x in a}}\"")]
    [InlineData("$\"{{\"a\": \"b\"}}, {set()}\"", "$\"{{\"a\": \"b\"}}, {set()}\"")]
    [InlineData("$\"{$\"{a}\"} {$\"{$\"{b}\"} baz\"}\"", "$\"{$\"{a}\"} {$\"{$\"{b}\"} baz\"}\"")]
    [InlineData("$`{$\"{a}\"}\n{$`{$`{b}`}\nbaz`}`", "$`{$\"{a}\"}\n{$`{$`{b}`}\nbaz`}`")]
    [InlineData("$`\\{42} \\n`", "$`{42} \\n`")]
    [InlineData("$\"foo {a with input as {\"a\": 42}}\"", "$\"foo {a with ref(input) as {\"a\": 42}}\"")]
    public void Rendering(string text, string expected) => Print(RegoParser.ParseTerm(text)).ShouldBe(expected);

    [Fact]
    public void Escaped_brace_followed_by_expression_is_text_then_expression()
    {
        var t = Template("$\"\\{{42}\"");
        t.Parts[0].Text.ShouldBe("{");
        t.Parts[1].Expr.ShouldBeOfType<ScalarTerm>();
    }

    [Fact]
    public void With_inside_an_expression_is_kept_on_the_part()
    {
        var t = Template("$\"{a with input as 1}\"");
        var part = t.Parts.Single();
        part.Expr.ShouldBeOfType<VarTerm>();
        part.With.Single().Target.Head.ShouldBeOfType<VarTerm>().Name.ShouldBe("input");
    }

    [Fact]
    public void Raw_template_spans_lines()
    {
        var t = Template("$`<v>\n{y}\n</v>`");
        t.Raw.ShouldBeTrue();
        t.Parts.Select(p => p.Text ?? Print(p.Expr!)).ShouldBe(["<v>\n", "y", "\n</v>"]);
    }

    [Fact]
    public void Template_as_function_argument_in_rule_head()
    {
        var m = RegoParser.ParseModule("t.rego", "package test\n\nf($\"{x} {input.y}\") := 42 if {\n  x = \"foo\"\n}\n");
        m.Rules.Single().Head.Args!.Single().ShouldBeOfType<TemplateStringTerm>();
    }

    [Theory]
    [InlineData("$\"{x := 1}\"", "unexpected assignment (':=') in template-string expression")]
    [InlineData("$\"{x = 1}\"", "unexpected unification ('=') in template-string expression")]
    [InlineData("$\"{not x}\"", "unexpected negation ('not') in template-string expression")]
    [InlineData("$\"{some x in y}\"", "unexpected 'some' in template-string expression")]
    [InlineData("$\"{x y}\"", "expected } to end template string expression")]
    [InlineData("$\"abc", "non-terminated string")]
    [InlineData("$\"a\nb\"", "non-terminated string")]
    [InlineData("$`abc", "non-terminated string")]
    [InlineData("$\"\\q\"", "illegal escape sequence")]
    [InlineData("$x", "illegal $ character")]
    public void Template_errors(string text, string message) =>
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm(text)).Reason.ShouldBe(message);
}
