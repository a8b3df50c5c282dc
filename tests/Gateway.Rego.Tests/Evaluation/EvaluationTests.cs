using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

public sealed class EvaluationTests
{
    [Theory]
    [InlineData("p := [x, y] if { [x, y] = [y, 1] }", "[1, 1]")]
    [InlineData("p := x if { {\"a\": x, \"b\": [1, y]} = {\"a\": 2, \"b\": [y, 1]} }", "2")]
    [InlineData("p := x if { [1, x] = [1, 2] }", "2")]
    [InlineData("p if { [1, 2] = [1, 3] }", "undefined")]
    [InlineData("p := i if { [1, 2, 3][i] = 3 }", "2")]
    [InlineData("p := [a, b] if { [a, [b, 3]] := [1, [2, 3]] }", "[1, 2]")]
    [InlineData("p := k if { {\"k\": k} = {\"k\": {1, 2}} }", "{1, 2}")]
    public void Unification(string rule, string expected)
    {
        Text("package p\n" + rule, "data.p.p").ShouldBe(expected);
    }

    [Fact]
    public void Refs_with_variables_enumerate_base_and_virtual_documents()
    {
        const string module = """
            package p
            q := {"x": 1}
            """;
        const string keys = """
            package k
            keys contains k if data.p[k]
            """;
        var e = Engine(module, keys);
        e.AddDataJson("""{"p": {"b": 2}}""");
        e.Prepare("data.k.keys").Evaluate().Value!.ToString().ShouldBe("{\"b\", \"q\"}");
    }

    [Fact]
    public void Partial_object_conflict_is_an_error()
    {
        var ex = Error("package p\np[k] := v if { some k, v in {\"a\": 1} }\np[\"a\"] := 2", "data.p.p");
        ex.Code.ShouldBe(RegoErrorCodes.EvalConflict);
        ex.RegoMessage.ShouldBe("object keys must be unique");
    }

    [Fact]
    public void Complete_rule_conflict_is_an_error()
    {
        var ex = Error("package p\np := x if { some x in [1, 2] }", "data.p.p");
        ex.Code.ShouldBe(RegoErrorCodes.EvalConflict);
        ex.RegoMessage.ShouldBe("complete rules must not produce multiple outputs");
    }

    [Fact]
    public void Function_conflict_is_an_error()
    {
        Error("package p\nf(x) := 1 if x > 0\nf(x) := 2 if x > 1\np := f(5)", "data.p.p").RegoMessage
            .ShouldBe("functions must not produce multiple outputs for same inputs");
    }

    [Fact]
    public void Default_applies_only_when_no_rule_is_defined()
    {
        const string module = "package p\ndefault p := \"d\"\np := input.v";
        Text(module, "data.p.p").ShouldBe("\"d\"");
        Text(module, "data.p.p", """{"v": "x"}""").ShouldBe("\"x\"");
    }

    [Fact]
    public void Else_chains_apply_in_order()
    {
        const string module = """
            package p
            f(x) := "neg" if x < 0
            else := "zero" if x == 0
            else := "pos"
            p := [f(-1), f(0), f(1)]
            """;
        Text(module, "data.p.p").ShouldBe("[\"neg\", \"zero\", \"pos\"]");
    }

    [Fact]
    public void Functions_match_argument_patterns()
    {
        const string module = """
            package p
            f([a, b]) := a + b
            f({"k": v}) := v
            p := [f([1, 2]), f({"k": 9})]
            """;
        Text(module, "data.p.p").ShouldBe("[3, 9]");
    }

    [Fact]
    public void Ref_head_rules_build_nested_objects()
    {
        const string module = """
            package p
            users[name].groups contains g if {
                some u in input.users
                name := u.name
                some g in u.groups
            }
            users.admin.groups contains "root"
            """;
        Text(module, "data.p.users", """{"users": [{"name": "a", "groups": ["x", "y"]}]}""")
            .ShouldBe("{\"a\": {\"groups\": {\"x\", \"y\"}}, \"admin\": {\"groups\": {\"root\"}}}");
    }

    [Fact]
    public void Package_document_merges_base_data_and_omits_undefined_rules()
    {
        const string module = "package p\na := 1\nb if false\nf(x) := x";
        Text(module, "data.p", dataJson: """{"p": {"c": 2}}""").ShouldBe("{\"a\": 1, \"c\": 2}");
    }

    [Fact]
    public void Negation_succeeds_when_the_expression_has_no_solution()
    {
        const string module = "package p\nbad := {\"x\"}\nok if not bad[input.v]";
        Text(module, "data.p.ok", """{"v": "y"}""").ShouldBe("true");
        Text(module, "data.p.ok", """{"v": "x"}""").ShouldBe("undefined");
    }

    [Fact]
    public void Comprehensions_capture_outer_variables()
    {
        Text("package p\np := [y | some y in [1, 2, 3]; y > n] if n := input.n", "data.p.p", """{"n": 1}""").ShouldBe("[2, 3]");
    }

    [Fact]
    public void Comprehension_variable_does_not_leak()
    {
        Text("package p\np := x if {\n\ty := {x | x := [1, 2][_]}\n\tx := count(y)\n}", "data.p.p").ShouldBe("2");
    }

    [Fact]
    public void Every_requires_all_elements()
    {
        const string module = "package p\nok if every x in input.xs { x > 0 }";
        Text(module, "data.p.ok", """{"xs": [1, 2]}""").ShouldBe("true");
        Text(module, "data.p.ok", """{"xs": [1, -2]}""").ShouldBe("undefined");
        Text(module, "data.p.ok", """{"xs": []}""").ShouldBe("true");
        Text(module, "data.p.ok", """{"xs": 3}""").ShouldBe("undefined");
    }

    [Fact]
    public void Some_in_enumerates_keys_and_values()
    {
        Text("package p\np := {k: v | some k, v in {\"a\": 1, \"b\": 2}; v > 1}", "data.p.p").ShouldBe("{\"b\": 2}");
        Text("package p\np := [x | some [x, 1] in [[\"a\", 1], [\"b\", 2]]]", "data.p.p").ShouldBe("[\"a\"]");
    }

    [Fact]
    public void Template_strings_format_values_like_opa()
    {
        Text("package p\np := $\"{1} {\"s\"} {[1, \"a\"]} {{\"k\": true}} {input.none}\"", "data.p.p")
            .ShouldBe("\"1 s [1, \\\"a\\\"] {\\\"k\\\": true} <undefined>\"");
    }

    [Fact]
    public void Walk_enumerates_paths_and_values()
    {
        Text("package p\np := {[path, v] | walk({\"a\": [1]}, [path, v]); is_number(v)}", "data.p.p").ShouldBe("{[[\"a\", 0], 1]}");
    }

    [Fact]
    public void Number_keys_read_string_keys_of_base_data()
    {
        Text("package p\np := data.d[2]", "data.p.p", dataJson: """{"d": {"2": "two"}}""").ShouldBe("\"two\"");
    }

    [Fact]
    public void Partial_set_membership_is_evaluated_for_the_key()
    {
        const string module = """
            package p
            admins contains u if { some u in input.users; startswith(u, "adm") }
            ok if admins["admin1"]
            """;
        Text(module, "data.p.ok", """{"users": ["bob", "admin1"]}""").ShouldBe("true");
        Text(module, "data.p.ok", """{"users": ["bob"]}""").ShouldBe("undefined");
    }
}
