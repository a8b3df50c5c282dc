using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Parsing.AstPrinter;

namespace Gateway.Rego.Tests.Parsing;

public sealed class ExpressionParserTests
{
    private static string Q(string query) => Print(RegoParser.ParseQuery(query));

    private static string T(string term) => Print(RegoParser.ParseTerm(term));

    [Theory]
    [InlineData("a + b * c == d", "equal(plus(a, mul(b, c)), d)")]
    [InlineData("a * b + c", "plus(mul(a, b), c)")]
    [InlineData("1 - 2 - 3", "minus(minus(1, 2), 3)")]
    [InlineData("8 / 4 / 2", "div(div(8, 4), 2)")]
    [InlineData("a % b * c", "mul(rem(a, b), c)")]
    [InlineData("a | b & c", "or(a, and(b, c))")]
    [InlineData("a & b | c", "or(and(a, b), c)")]
    [InlineData("a | b + c", "or(a, plus(b, c))")]
    [InlineData("a == b != c", "neq(equal(a, b), c)")]
    [InlineData("a < b", "lt(a, b)")]
    [InlineData("a <= b", "lte(a, b)")]
    [InlineData("a > b", "gt(a, b)")]
    [InlineData("a >= b", "gte(a, b)")]
    [InlineData("x := a == b", "assign(x, equal(a, b))")]
    [InlineData("x = a + 1", "eq(x, plus(a, 1))")]
    [InlineData("(a + b) * c", "mul(plus(a, b), c)")]
    [InlineData("x in xs == true", "internal.member_2(x, equal(xs, true))")]
    [InlineData("x in xs in ys", "internal.member_2(internal.member_2(x, xs), ys)")]
    [InlineData("k, v in xs", "internal.member_3(k, v, xs)")]
    [InlineData("b := k, v in xs", "assign(b, internal.member_3(k, v, xs))")]
    [InlineData("f(k, v in xs)", "f(k, internal.member_2(v, xs))")]
    [InlineData("x := [k, v in xs]", "assign(x, [k, internal.member_2(v, xs)])")]
    [InlineData("x := {k, v in xs}", "assign(x, {k, internal.member_2(v, xs)})")]
    public void Operators_follow_OPA_precedence(string query, string expected) => Q(query).ShouldBe(expected);

    [Fact]
    public void Infix_operators_are_calls_with_OPA_operator_names()
    {
        var call = RegoParser.ParseQuery("a + b").Literals[0].Expr.ShouldBeOfType<TermExpr>().Term.ShouldBeOfType<CallTerm>();
        call.Name.ShouldBe("plus");
        call.Operator.Head.ShouldBeOfType<VarTerm>().Name.ShouldBe("plus");
        call.Args.Count.ShouldBe(2);
        var member = RegoParser.ParseQuery("x in y").Literals[0].Expr.ShouldBeOfType<TermExpr>().Term.ShouldBeOfType<CallTerm>();
        member.Name.ShouldBe("internal.member_2");
        member.Operator.Path.Single().ShouldBeOfType<ScalarTerm>().Value.ShouldBe(new RegoString("member_2"));
    }

    [Theory]
    [InlineData("-1", "-1")]
    [InlineData("- 1", "-1")]
    [InlineData("-1.5e3", "-1500")]
    [InlineData("1 -1", "minus(1, 1)")]
    [InlineData("1 - -1", "minus(1, -1)")]
    [InlineData("-x", "minus(0, x)")]
    [InlineData("-x.y", "minus(0, x.y)")]
    [InlineData("-(a + b)", "minus(0, plus(a, b))")]
    [InlineData("[-1, -x]", "[-1, minus(0, x)]")]
    public void Minus_forms(string query, string expected) => Q(query).ShouldBe(expected);

    [Fact]
    public void Negative_literal_is_a_scalar_number()
    {
        RegoParser.ParseTerm("-7").ShouldBeOfType<ScalarTerm>().Value.ShouldBe(RegoNumber.Of(-7));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("1.25", "1.25")]
    [InlineData("0.5", "0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("1e3", "1000")]
    [InlineData("1E+2", "100")]
    [InlineData("25e-1", "2.5")]
    [InlineData("0e5", "0")]
    [InlineData("1e400", "1" + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    public void Numbers(string text, string expected)
    {
        var scalar = RegoParser.ParseTerm(text).ShouldBeOfType<ScalarTerm>();
        scalar.Value.ShouldBeOfType<RegoNumber>();
        scalar.Value.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("\"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\"", "a\"b\\c/d\n\t\r\b\f")]
    [InlineData("\"\\u00e9\\u4e2d\"", "é中")]
    [InlineData("\"\\ud83d\\ude00\"", "😀")]
    [InlineData("\"\\ud83d\"", "\uFFFD")]
    [InlineData("`raw \\n \"x\"`", "raw \\n \"x\"")]
    [InlineData("`two\nlines`", "two\nlines")]
    public void Scalars(string text, string expected)
    {
        var value = RegoParser.ParseTerm(text).ShouldBeOfType<ScalarTerm>().Value;
        switch (value)
        {
            case RegoString s:
                s.Value.ShouldBe(expected);
                break;
            default:
                value.ToString().ShouldBe(expected);
                break;
        }
    }

    [Theory]
    [InlineData("a.b[c][\"d\"][0]", "a.b[c].d[0]")]
    [InlineData("a[\"not an ident\"]", "a[\"not an ident\"]")]
    [InlineData("data.x.y", "data.x.y")]
    [InlineData("data", "ref(data)")]
    [InlineData("input", "ref(input)")]
    [InlineData("input.if.in", "input.if.in")]
    [InlineData("[1, 2][0]", "[1, 2][0]")]
    [InlineData("{\"a\": 1}.a", "{\"a\": 1}.a")]
    [InlineData("a[x + 1]", "a[plus(x, 1)]")]
    [InlineData("a[_]", "a[_]")]
    [InlineData("{x | x = 1}[y]", "{x | eq(x, 1)}[y]")]
    public void Refs(string text, string expected) => T(text).ShouldBe(expected);

    [Theory]
    [InlineData("f(x)", "f(x)")]
    [InlineData("f()", "f()")]
    [InlineData("a.b.c(x, 1)", "a.b.c(x, 1)")]
    [InlineData("count([1, 2,])", "count([1, 2])")]
    [InlineData("f(x).y", "f(x).y")]
    [InlineData("f(x)[0].z", "f(x)[0].z")]
    [InlineData("f(g(x), h(y, z))", "f(g(x), h(y, z))")]
    public void Calls(string query, string expected) => Q(query).ShouldBe(expected);

    [Fact]
    public void Call_operator_keeps_the_dotted_ref()
    {
        var call = RegoParser.ParseQuery("data.lib.f(1)").Literals[0].Expr.ShouldBeOfType<TermExpr>().Term.ShouldBeOfType<CallTerm>();
        call.Name.ShouldBe("data.lib.f");
        call.Operator.Head.ShouldBeOfType<VarTerm>().Name.ShouldBe("data");
    }

    [Fact]
    public void Ref_on_a_call_has_the_call_as_head()
    {
        var r = RegoParser.ParseTerm("f(x).y").ShouldBeOfType<RefTerm>();
        r.Head.ShouldBeOfType<CallTerm>().Name.ShouldBe("f");
        r.Path.Single().ShouldBeOfType<ScalarTerm>().Value.ShouldBe(new RegoString("y"));
    }

    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, \"a\", null]", "[1, \"a\", null]")]
    [InlineData("[1, 2,]", "[1, 2]")]
    [InlineData("{}", "{}")]
    [InlineData("set()", "set()")]
    [InlineData("{1}", "{1}")]
    [InlineData("{1, 2, 3,}", "{1, 2, 3}")]
    [InlineData("{\"a\": 1, \"b\": [2]}", "{\"a\": 1, \"b\": [2]}")]
    [InlineData("{1: 2, [3]: {4}, x: y}", "{1: 2, [3]: {4}, x: y}")]
    [InlineData("{\"foo\": {{1}}}", "{\"foo\": {{1}}}")]
    [InlineData("{a + 1: b}", "{plus(a, 1): b}")]
    [InlineData("{\"k\": a | b}", "{\"k\": a | b}")]
    [InlineData("{\"k\": a | b, \"j\": 1}", "{\"k\": or(a, b), \"j\": 1}")]
    [InlineData("[x | x = 1]", "[x | eq(x, 1)]")]
    [InlineData("[x | some x in xs; x > 1]", "[x | some x in xs; gt(x, 1)]")]
    [InlineData("{x | x = 1}", "{x | eq(x, 1)}")]
    [InlineData("{k: v | some k, v in o}", "{k: v | some k, v in o}")]
    [InlineData("{a | b}", "{a | b}")]
    [InlineData("[a | b, c]", "[or(a, b), c]")]
    [InlineData("{a | b, c}", "{or(a, b), c}")]
    [InlineData("[x | x := 1\n y := 2]", "[x | assign(x, 1); assign(y, 2)]")]
    public void Collections_and_comprehensions(string text, string expected) => T(text).ShouldBe(expected);

    [Fact]
    public void Collection_term_types()
    {
        RegoParser.ParseTerm("{}").ShouldBeOfType<ObjectTerm>().Items.ShouldBeEmpty();
        RegoParser.ParseTerm("set()").ShouldBeOfType<SetTerm>().Items.ShouldBeEmpty();
        RegoParser.ParseTerm("{1}").ShouldBeOfType<SetTerm>();
        RegoParser.ParseTerm("{1: 2}").ShouldBeOfType<ObjectTerm>();
        RegoParser.ParseTerm("[x | x = 1]").ShouldBeOfType<ArrayComprehension>();
        RegoParser.ParseTerm("{x | x = 1}").ShouldBeOfType<SetComprehension>();
        RegoParser.ParseTerm("{x: 1 | x = 1}").ShouldBeOfType<ObjectComprehension>();
    }

    [Fact]
    public void Space_before_a_bracket_ends_the_ref()
    {
        // OPA reads "x [1]" as two terms; as a query that is two literals.
        Q("x [1]").ShouldBe("x; [1]");
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("x [1]"));
        Should.Throw<RegoParseException>(() => RegoParser.ParseTerm("x. y"));
    }

    [Fact]
    public void Keyword_followed_by_a_ref_suffix_is_a_name()
    {
        Q("not.x").ShouldBe("not.x");
        Q("not x.y").ShouldBe("not x.y");
    }

    [Fact]
    public void Contains_outside_rule_heads_is_a_variable() => Q("contains := 1").ShouldBe("assign(contains, 1)");

    [Fact]
    public void Template_strings_in_a_query() =>
        Q("x = $\"{true} {[1, 2]} {{1}}\"").ShouldBe("eq(x, $\"{true} {[1, 2]} {{1}}\")");
}
