using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Builtins.GraphQl;

/// <summary>Query and schema validation beyond the conformance cases: gqlparser's rules and their messages.</summary>
public sealed class GraphQlValidationTests
{
    private const string Schema = """
        type Query {
          employee(id: String!): Employee
          employees(first: Int, kind: Kind): [Employee!]!
          search(term: String): SearchResult
        }
        type Mutation { raise(id: String!, amount: Int!): Employee }
        type Employee implements Node { id: ID! name: String salary: Int manager: Employee }
        type Team implements Node { id: ID! members: [Employee] }
        interface Node { id: ID! }
        union SearchResult = Employee | Team
        enum Kind { FULL_TIME PART_TIME }
        input Range { from: Int! to: Int }
        """;

    private static RegoValue Call(string name, params RegoValue[] args) => GraphQlCase.Call(name, args);

    private static bool IsValid(string query, string schema = Schema) =>
        ((RegoBool)Call("graphql.is_valid", new RegoString(query), new RegoString(schema))).Value;

    /// <summary>The message graphql.parse fails with (without the "graphql.parse: " prefix the evaluator adds).</summary>
    private static string ParseError(string query, string schema = Schema)
    {
        var ex = Should.Throw<BuiltinException>(() => Call("graphql.parse", new RegoString(query), new RegoString(schema)));
        ex.ShouldNotBeOfType<BuiltinTypeException>();
        return ex.Message;
    }

    [Fact]
    public void AValidQueryWithFragmentsVariablesAndDirectives()
    {
        const string query = """
            query Q($id: String!, $withSalary: Boolean = false, $kind: Kind) {
              employee(id: $id) { ...Basic salary @include(if: $withSalary) }
              employees(first: 10, kind: $kind) { name manager { name } }
              search(term: "x") {
                __typename
                ... on Employee { name }
                ... on Team { members { id } }
              }
            }
            fragment Basic on Employee { id name }
            """;
        IsValid(query).ShouldBeTrue();
    }

    [Fact]
    public void UnknownFieldIsReportedWithASuggestion()
    {
        ParseError("{ employee(id: \"1\") { nam } }")
            .ShouldBe("Cannot query field \"nam\" on type \"Employee\". Did you mean \"name\"?\n in GraphQL string at location 1:23");
    }

    [Fact]
    public void FieldOnAbstractTypeSuggestsAnInlineFragment()
    {
        ParseError("{ search { name } }")
            .ShouldStartWith("Cannot query field \"name\" on type \"SearchResult\". Did you mean to use an inline fragment on \"Employee\"?");
    }

    [Fact]
    public void MissingRequiredArgument()
    {
        ParseError("{\n  employee { id }\n}")
            .ShouldBe("Field \"employee\" argument \"id\" of type \"String!\" is required, but it was not provided in GraphQL string at location 2:3");
    }

    [Theory]
    [InlineData("{ employee(id: \"1\", nope: 1) { id } }", "Unknown argument \"nope\" on field \"employee\" of type \"Query\".")]
    [InlineData("query { employees(first: \"ten\") { id } }", "Int cannot represent non-integer value: \"ten\"")]
    [InlineData("{ employees(kind: HOURLY) { id } }", "Value \"HOURLY\" does not exist in \"Kind\" enum.")]
    [InlineData("{ employees(first: 3000000000000000000000) { id } }", "Int cannot represent non 32-bit signed integer value: 3000000000000000000000")]
    [InlineData("{ employee(id: null) { id } }", "Expected value of type \"String!\", found null.")]
    [InlineData("query ($id: String!) { employee(id: \"1\") { id } }", "Variable \"$id\" is never used.")]
    [InlineData("query Q { employee(id: $id) { id } }", "Variable \"$id\" is not defined by operation \"Q\".")]
    [InlineData("query ($n: String) { employees(first: $n) { id } }", "Variable \"$n\" of type \"String\" used in position expecting type \"Int\".")]
    [InlineData("query ($e: Employee) { employee(id: \"1\") { id } }", "Variable \"$e\" cannot be non-input type \"Employee\".")]
    [InlineData("{ employee(id: \"1\") }", "Field \"employee\" of type \"Employee\" must have a selection of subfields. Did you mean \"employee { ... }\"?")]
    [InlineData("{ employee(id: \"1\") { name { x } } }", "Field \"name\" must not have a selection since type \"String\" has no subfields.")]
    [InlineData("{ employee(id: \"1\") { ...F } } fragment F on Employee { ...G } fragment G on Employee { ...F }", "Cannot spread fragment \"F\" within itself via G.")]
    [InlineData("{ employee(id: \"1\") { id } } fragment Unused on Employee { id }", "Fragment \"Unused\" is never used.")]
    [InlineData("{ employee(id: \"1\") { ...Nope } }", "Unknown fragment \"Nope\".")]
    [InlineData("{ employee(id: \"1\") { ... on Team { id } } }", "Fragment cannot be spread here as objects of type \"Employee\" can never be of type \"Team\".")]
    [InlineData("{ employee(id: \"1\") { id @nope } }", "Unknown directive \"@nope\".")]
    [InlineData("{ employee(id: \"1\") @deprecated { id } }", "Directive \"@deprecated\" may not be used on FIELD.")]
    [InlineData("{ employee(id: \"1\") { a: id a: name } }", "Fields \"a\" conflict because id and name are different fields. Use different aliases on the fields to fetch both if this was intentional.")]
    [InlineData("{ employee(id: \"1\") { id } } { employees { id } }", "This anonymous operation must be the only defined operation.")]
    [InlineData("query A { employees { id } } query A { employees { id } }", "There can be only one operation named \"A\".")]
    [InlineData("subscription { employees { id } }", "Schema does not support operation type \"subscription\"")]
    [InlineData("query ($r: Nope) { employees { id } }", "Unknown type \"Nope\".")]
    public void InvalidQueriesAreRejectedWithGqlparserMessages(string query, string message)
    {
        IsValid(query).ShouldBeFalse();
        var text = ParseError(query);
        // OPA reports all errors as one text; the one this query is about must be among them.
        (text + "\n").ShouldContain(message.TrimEnd('.'));
    }

    [Fact]
    public void MutationsValidateAgainstTheMutationType()
    {
        IsValid("mutation { raise(id: \"1\", amount: 10) { salary } }").ShouldBeTrue();
        IsValid("mutation { raise(id: \"1\") { salary } }").ShouldBeFalse();
    }

    [Fact]
    public void VariableWithADefaultMayFillANonNullPosition()
    {
        IsValid("query ($id: String = \"1\") { employee(id: $id) { id } }").ShouldBeTrue();
        IsValid("query ($id: String) { employee(id: $id) { id } }").ShouldBeFalse();
    }

    [Fact]
    public void VariablesUsedInsideFragmentsCount()
    {
        IsValid("query ($id: String!) { ...Q } fragment Q on Query { employee(id: $id) { id } }").ShouldBeTrue();
    }

    [Fact]
    public void IntrospectionFieldsAreKnown()
    {
        IsValid("{ __schema { types { name kind } } __type(name: \"Employee\") { fields { name } } }").ShouldBeTrue();
    }

    [Theory]
    [InlineData("type Query { a: Int } type Query { b: Int }", "Cannot redeclare type Query.")]
    [InlineData("schema { query: Nope }", "Schema root query refers to a type Nope that does not exist.")]
    [InlineData("type Query { a: Nope }", "Undefined type Nope.")]
    [InlineData("type Query { __a: Int }", "Name \"__a\" must not begin with \"__\", which is reserved by GraphQL introspection.")]
    [InlineData("type Query { a(x: Query): Int }", "cannot use Query as argument x because OBJECT is not a valid input type")]
    [InlineData("interface I { id: ID! } type Query implements I { name: String }", "For Query to implement I it must have a field called id.")]
    [InlineData("interface I { id: ID! } type Query implements I { id: String }", "For Query to implement I the field id must have type ID!.")]
    [InlineData("type Query { a: Int @nope }", "Undefined directive nope.")]
    [InlineData("type Query { a: Int a: String }", "Field Query.a can only be defined once.")]
    [InlineData("enum E { true } type Query { a: E }", "ENUM E: non-enum value true.")]
    [InlineData("scalar S extend type S @deprecated type Query { a: S }", "Cannot extend type S because the base type is a SCALAR, not OBJECT.")]
    public void InvalidSchemas(string schema, string message)
    {
        Call("graphql.schema_is_valid", new RegoString(schema)).ShouldBe(RegoBool.False);
        var text = ParseError("{ a }", schema);
        // gqlerror's text "input:LINE:COL: message" (every schema here is one line), behind OPA's prefix.
        text.ShouldStartWith("Error in gqlparser SchemaDocument to Schema conversion: input:1:");
        text.ShouldEndWith(": " + message);
    }

    [Fact]
    public void SchemaValidationDoesNotLeakIntoTheReturnedSchemaAst()
    {
        // Loading merges the extension into Query and adds __schema/__type; the returned AST must be the document as written.
        const string schema = "type Query { a: Int } extend type Query { b: Int }";
        var result = (RegoArray)Call("graphql.parse", new RegoString("{ a b }"), new RegoString(schema));
        var expected = Call("graphql.parse_schema", new RegoString(schema));
        result[1].ShouldBe(expected);
        var definitions = (RegoArray)((RegoObject)expected).Get("Definitions")!;
        ((RegoArray)((RegoObject)definitions[0]).Get("Fields")!).Count.ShouldBe(1);
    }
}
