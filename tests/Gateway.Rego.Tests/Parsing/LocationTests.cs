using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;

namespace Gateway.Rego.Tests.Parsing;

public sealed class LocationTests
{
    private const string Source = "package p\n\n# c\np := v if {\n\tv := foo.bar[1] + 2\n} else := 3\n";

    private static string Text(Location loc) => Source.Substring(loc.Offset, loc.Length);

    [Fact]
    public void Nodes_carry_file_row_column_and_source_span()
    {
        var m = RegoParser.ParseModule("f.rego", Source);
        Text(m.Package.Loc).ShouldBe("package p");
        var rule = m.Rules.Single();
        rule.Loc.File.ShouldBe("f.rego");
        (rule.Loc.Row, rule.Loc.Col).ShouldBe((4, 1));
        Text(rule.Loc).ShouldBe("p := v if {\n\tv := foo.bar[1] + 2\n} else := 3");
        Text(rule.Head.Loc).ShouldBe("p := v");

        var lit = rule.Body.Literals.Single();
        (lit.Loc.Row, lit.Loc.Col).ShouldBe((5, 2));
        Text(lit.Loc).ShouldBe("v := foo.bar[1] + 2");
        var assign = ((TermExpr)lit.Expr).Term.ShouldBeOfType<CallTerm>();
        Text(assign.Operator.Loc).ShouldBe(":=");
        var plus = assign.Args[1].ShouldBeOfType<CallTerm>();
        Text(plus.Loc).ShouldBe("foo.bar[1] + 2");
        var r = plus.Args[0].ShouldBeOfType<RefTerm>();
        Text(r.Loc).ShouldBe("foo.bar[1]");
        (r.Loc.Row, r.Loc.Col).ShouldBe((5, 7));
        Text(r.Path[0].Loc).ShouldBe("bar");
        Text(r.Path[1].Loc).ShouldBe("1");

        var e = rule.Else.ShouldNotBeNull();
        Text(e.Loc).ShouldBe("else := 3");
        (e.Loc.Row, e.Loc.Col).ShouldBe((6, 3));
    }

    [Fact]
    public void Collections_span_their_brackets()
    {
        const string q = "x := [1, {\"a\": {2}}, [y | y := 1]]";
        var term = ((CallTerm)((TermExpr)RegoParser.ParseQuery(q).Literals[0].Expr).Term).Args[1].ShouldBeOfType<ArrayTerm>();
        q.Substring(term.Loc.Offset, term.Loc.Length).ShouldBe("[1, {\"a\": {2}}, [y | y := 1]]");
        var obj = term.Items[1].ShouldBeOfType<ObjectTerm>();
        q.Substring(obj.Loc.Offset, obj.Loc.Length).ShouldBe("{\"a\": {2}}");
        var comp = term.Items[2].ShouldBeOfType<ArrayComprehension>();
        q.Substring(comp.Loc.Offset, comp.Loc.Length).ShouldBe("[y | y := 1]");
        comp.Loc.Col.ShouldBe(22);
    }

    [Fact]
    public void Query_file_name_defaults_to_query()
    {
        RegoParser.ParseQuery("x").Loc.File.ShouldBe("query");
        Should.Throw<RegoParseException>(() => RegoParser.ParseQuery("x :=")).Message.ShouldStartWith("query:1: rego_parse_error: ");
    }
}
