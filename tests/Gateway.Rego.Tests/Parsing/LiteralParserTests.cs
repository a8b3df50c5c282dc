using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;
using static Gateway.Rego.Tests.Parsing.AstPrinter;

namespace Gateway.Rego.Tests.Parsing;

public sealed class LiteralParserTests
{
    private static string Q(string query) => Print(RegoParser.ParseQuery(query));

    [Theory]
    [InlineData("not x", "not x")]
    [InlineData("not f(x) == 1", "not equal(f(x), 1)")]
    [InlineData("some x", "some x")]
    [InlineData("some x, y, z", "some x, y, z")]
    [InlineData("some x in xs", "some x in xs")]
    [InlineData("some k, v in xs", "some k, v in xs")]
    [InlineData("some [a, b] in xs", "some [a, b] in xs")]
    [InlineData("some x in [1, 2, 3]", "some x in [1, 2, 3]")]
    [InlineData("every x in xs { x > 0 }", "every x in xs { gt(x, 0) }")]
    [InlineData("every k, v in {\"a\": 1} { k != v; v > 0 }", "every k, v in {\"a\": 1} { neq(k, v); gt(v, 0) }")]
    [InlineData("x with input as 1", "x with ref(input) as 1")]
    [InlineData("x with input.a as 1 with data.b.c as y", "x with input.a as 1 with data.b.c as y")]
    [InlineData("x with f as g", "x with ref(f) as g")]
    [InlineData("not x with input as {}", "not x with ref(input) as {}")]
    [InlineData("x := 1; y := 2", "assign(x, 1); assign(y, 2)")]
    [InlineData("x := 1\ny := 2\n", "assign(x, 1); assign(y, 2)")]
    [InlineData("x := 1 +\n  2", "assign(x, plus(1, 2))")]
    [InlineData("x := [\n 1,\n 2\n]", "assign(x, [1, 2])")]
    [InlineData("# comment\nx # trailing\n", "x")]
    public void Literal_forms(string query, string expected) => Q(query).ShouldBe(expected);

    [Fact]
    public void Literal_shapes()
    {
        var lits = RegoParser.ParseQuery("not a\nsome x\nsome k, v in c\nevery y in d { y }\nb with input as 1").Literals;
        lits[0].Negated.ShouldBeTrue();
        lits[1].Expr.ShouldBeOfType<SomeDecl>().Vars.Select(v => v.Name).ShouldBe(["x"]);
        var someIn = lits[2].Expr.ShouldBeOfType<SomeIn>();
        someIn.Key.ShouldBeOfType<VarTerm>().Name.ShouldBe("k");
        someIn.Value.ShouldBeOfType<VarTerm>().Name.ShouldBe("v");
        someIn.Collection.ShouldBeOfType<VarTerm>().Name.ShouldBe("c");
        var every = lits[3].Expr.ShouldBeOfType<Every>();
        every.Key.ShouldBeNull();
        every.Body.Literals.Count.ShouldBe(1);
        var with = lits[4].With.Single();
        with.Target.Head.ShouldBeOfType<VarTerm>().Name.ShouldBe("input");
        with.Target.Path.ShouldBeEmpty();
    }

    [Fact]
    public void Some_in_accepts_the_one_variable_form_with_null_key()
    {
        var some = RegoParser.ParseQuery("some x in xs").Literals[0].Expr.ShouldBeOfType<SomeIn>();
        some.Key.ShouldBeNull();
    }

    [Fact]
    public void Empty_query_is_an_empty_body() => RegoParser.ParseQuery("  # nothing\n").Literals.ShouldBeEmpty();

    [Theory]
    [InlineData("not some x", "illegal negation of 'some'")]
    [InlineData("not every x in y { x }", "illegal negation of 'every'")]
    [InlineData("every x in xs", "missing body")]
    [InlineData("every f(x) in xs { true }", "expected value to be a variable")]
    [InlineData("every x { true }", "expected `x[, y] in xs { ... }` expression")]
    [InlineData("some f(x)", "expected `x in xs` or `x, y in xs` expression")]
    [InlineData("some 1", "expected var")]
    [InlineData("x with 1 as 2", "expected ident")]
    [InlineData("x with input 2", "expected as keyword")]
    [InlineData("x with input.a[0] as 1 with", "expected ident")]
    [InlineData("x;", "unexpected eof token")]
    public void Literal_errors(string query, string message) =>
        Should.Throw<RegoParseException>(() => RegoParser.ParseQuery(query)).Reason.ShouldContain(message);
}
