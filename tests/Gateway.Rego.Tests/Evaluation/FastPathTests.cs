using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// The evaluator's allocation-free paths (reused body continuations, builtin arguments on a shared stack,
/// data refs resolved to their rule node) and the cases where they must step aside: nested enumerations,
/// negation, with, else, functions, mocks, overlays. Each query is evaluated twice on one prepared query,
/// so state left behind by the first evaluation would show in the second.
/// </summary>
public sealed class FastPathTests
{
    private static void Twice(string module, string query, string? input, string expected)
    {
        var q = Engine(module).Prepare(query);
        for (var i = 0; i < 2; i++)
        {
            var v = q.Evaluate(input is null ? null : Json(input)).Value;
            (v?.ToString() ?? "undefined").ShouldBe(expected);
        }
    }

    [Fact]
    public void Nested_enumerations_see_every_combination()
    {
        // Three enumerating literals: each level's continuation is live while the inner ones run.
        const string m = """
            package p
            import rego.v1
            pairs contains [x, y, z] if {
                some x in input.a
                some y in input.b
                x < y
                some z in input.c
                z != x
            }
            """;
        Twice(m, "data.p.pairs", """{"a": [1, 2], "b": [2, 3], "c": [1, 9]}""", "{[1, 2, 9], [1, 3, 9], [2, 3, 1], [2, 3, 9]}");
    }

    [Fact]
    public void Negation_inside_a_loop_is_undone_per_element()
    {
        const string m = """
            package p
            import rego.v1
            bad contains l if {
                some l in input.layers
                not l in {"a", "b"}
                not startswith(l, "ok")
            }
            """;
        Twice(m, "data.p.bad", """{"layers": ["a", "x", "ok1", "b", "y"]}""", "{\"x\", \"y\"}");
    }

    [Fact]
    public void Nested_builtin_calls_in_arguments_keep_their_own_slots()
    {
        // concat's arguments call builtins whose own arguments call builtins: each call's slots sit above its caller's.
        const string m = """
            package p
            import rego.v1
            r := concat(lower(upper("-")), [upper(lower("a")), substring(concat("", ["x", lower("YZ")]), 1, 2), trim(" q ", " ")])
            """;
        Twice(m, "data.p.r", null, "\"A-yz-q\"");
    }

    [Fact]
    public void Undefined_argument_makes_the_call_undefined_and_frees_the_slots()
    {
        const string m = """
            package p
            import rego.v1
            a := concat(",", [input.missing, "x"])
            b := concat(",", [upper("y"), "x"])
            """;
        Twice(m, "[data.p.a, data.p.b]", "{}", "undefined");
        Twice(m, "data.p.b", "{}", "\"Y,x\"");
    }

    [Fact]
    public void Functions_get_their_own_argument_arrays()
    {
        // A function's arguments are its cache key: they must not be a shared slice that the next call overwrites.
        const string m = """
            package p
            import rego.v1
            f(a, b) := concat("/", [a, b])
            r := [f("x", upper("y")), f("x", upper("z")), f("x", upper("y"))]
            """;
        Twice(m, "data.p.r", null, "[\"x/Y\", \"x/Z\", \"x/Y\"]");
    }

    [Fact]
    public void Mocked_builtins_take_the_general_path()
    {
        const string m = """
            package p
            import rego.v1
            r := upper(lower("Ab"))
            mocked := v if v := r with lower as "q"
            by_function := v if v := r with upper as concat_x
            concat_x(s) := concat("", [s, "x"])
            """;
        Twice(m, "[data.p.r, data.p.mocked, data.p.by_function]", null, "[\"AB\", \"Q\", \"abx\"]");
    }

    [Fact]
    public void Else_chains_and_with_in_a_loop()
    {
        const string m = """
            package p
            import rego.v1
            kind(x) := "small" if x < 10
            else := "big"
            kinds contains [x, k] if {
                some x in input.xs
                k := kind(x)
            }
            swapped contains v if {
                some x in input.xs
                v := kinds with input.xs as [x]
            }
            """;
        Twice(m, "data.p.kinds", """{"xs": [1, 20]}""", "{[1, \"small\"], [20, \"big\"]}");
        Twice(m, "data.p.swapped", """{"xs": [1, 20]}""", "{{[1, \"small\"]}, {[20, \"big\"]}}");
    }

    [Fact]
    public void Data_refs_to_rules_still_honour_with_data()
    {
        const string m = """
            package p
            import rego.v1
            limit := 3
            over contains x if {
                some x in input.xs
                x > data.p.limit
            }
            relaxed := v if v := over with data.p.limit as 10
            """;
        Twice(m, "data.p.over", """{"xs": [1, 5, 12]}""", "{5, 12}");
        Twice(m, "data.p.relaxed", """{"xs": [1, 5, 12]}""", "{12}");
    }

    [Fact]
    public void Refs_into_partial_sets_and_objects_below_the_rule_node()
    {
        const string m = """
            package p
            import rego.v1
            s contains x if some x in input.xs
            o[k] := v if some k, v in input.obj
            has_two if data.p.s[2]
            deep := data.p.o.a.b
            """;
        Twice(m, "[data.p.has_two, data.p.deep]", """{"xs": [1, 2], "obj": {"a": {"b": 7}}}""", "[true, 7]");
        Twice(m, "data.p.has_two", """{"xs": [1], "obj": {}}""", "undefined");
    }

    [Fact]
    public void Small_integers_are_shared_and_still_compare_by_value()
    {
        ReferenceEquals(RegoNumber.Of(5), RegoNumber.Of(5L)).ShouldBeTrue();
        RegoNumber.Of(5).ShouldBe(RegoNumber.Parse("5.0"));
        RegoNumber.Of(1024).ShouldBe(RegoNumber.Of(new System.Numerics.BigInteger(1024)));
        RegoNumber.Zero.ShouldBe(RegoNumber.Of(0));
        RegoNumber.Of(-17).CompareTo(RegoNumber.Of(-16)).ShouldBeLessThan(0);
    }
}
