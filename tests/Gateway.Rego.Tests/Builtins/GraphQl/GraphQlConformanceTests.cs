using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Builtins.GraphQl;

/// <summary>OPA's graphql conformance cases, run directly against the builtins.</summary>
public sealed class GraphQlConformanceTests
{
    public static TheoryData<string> Generic()
    {
        var data = new TheoryData<string>();
        foreach (var c in GraphQlCase.ByNote.Values)
        {
            if (!c.Raw.TryGetProperty("manual", out _)) data.Add(c.Note);
        }
        return data;
    }

    [Fact]
    public void AllCasesAreLoaded() => GraphQlCase.ByNote.Count.ShouldBe(144);

    [Theory]
    [MemberData(nameof(Generic))]
    public void Case(string note)
    {
        var c = GraphQlCase.ByNote[note];
        if (c.Raw.TryGetProperty("error", out var error))
        {
            var args = c.ArgValues();
            var ex = Should.Throw<BuiltinException>(() => GraphQlCase.Call(c.Function, args));
            ex.ShouldNotBeOfType<BuiltinTypeException>();
            // The evaluator prefixes the builtin name; OPA's runner checks the message contains want_error.
            $"{c.Function}: {ex.Message}".ShouldContain(error.GetString()!);
            return;
        }

        var result = c.Invoke();
        if (c.Raw.TryGetProperty("equals", out var name))
        {
            RegoJson.ToJson(result).ShouldBe(RegoJson.ToJson(c.Var(name.GetString()!)));
            result.ShouldBe(c.Var(name.GetString()!));
        }
        else if (c.Raw.TryGetProperty("result", out var expected))
        {
            result.ShouldBe(RegoBool.Of(expected.GetBoolean()));
        }
    }

    private static RegoArray Parse(string note) => (RegoArray)GraphQlCase.ByNote[note].Invoke();

    [Theory]
    [InlineData("graphql_parse/success extending non-existent types")]
    [InlineData("graphql_parse/success validation rules are independent case 2")]
    [InlineData("graphql_parse/success no unused variables")]
    public void ParseReturnsTheQueryAst(string note)
    {
        var result = Parse(note);
        result.Count.ShouldBe(2);
        RegoJson.ToJson(result[0]).ShouldBe(RegoJson.ToJson(GraphQlCase.ByNote[note].Var("q_ast")));
        result[1].ShouldBeOfType<RegoObject>().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ParseOfAnEmptyQueryIsAnEmptyObject()
    {
        var result = Parse("graphql_parse/success deprecating types");
        result[0].ShouldBe(RegoObject.Empty);
        result[1].ShouldBeOfType<RegoObject>().Get("Definitions").ShouldBeOfType<RegoArray>().Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("graphql_parse/success - AST objects - Employee example")]
    public void ParseRoundTripsAstObjects(string note)
    {
        var c = GraphQlCase.ByNote[note];
        var query = c.Var("query_ast");
        var schema = c.Var("schema_ast");
        GraphQlCase.Call("graphql.parse", query, schema).ShouldBe(new RegoArray([query, schema]));
    }

    [Theory]
    [InlineData("graphql_parse_and_verify/success extending non-existent types")]
    [InlineData("graphql_parse_and_verify/success validation rules are independent case 2")]
    [InlineData("graphql_parse_and_verify/success no unused variables")]
    public void ParseAndVerifyReturnsTheQueryAst(string note)
    {
        var result = Parse(note);
        result.Count.ShouldBe(3);
        result[0].ShouldBe(RegoBool.True);
        RegoJson.ToJson(result[1]).ShouldBe(RegoJson.ToJson(GraphQlCase.ByNote[note].Var("q_ast")));
    }

    [Fact]
    public void ParseAndVerifyOfAnInvalidQueryIsUnverified()
    {
        var result = Parse("graphql_parse_and_verify/success validation rules are independent case 1");
        result.ShouldBe(new RegoArray([RegoBool.False, RegoObject.Empty, RegoObject.Empty]));
    }

    [Fact]
    public void ParseAndVerifyOfAnEmptyQuery()
    {
        var result = Parse("graphql_parse_and_verify/success deprecating types");
        result[0].ShouldBe(RegoBool.True);
        result[1].ShouldBe(RegoObject.Empty);
    }

    [Fact]
    public void ParseAndVerifyRoundTripsAstObjects()
    {
        var c = GraphQlCase.ByNote["graphql_parse_and_verify/success - AST objects - Employee example"];
        var query = c.Var("query_ast");
        var schema = c.Var("schema_ast");
        GraphQlCase.Call("graphql.parse_and_verify", query, schema).ShouldBe(new RegoArray([RegoBool.True, query, schema]));
    }
}
