using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// <c>some k, v in coll</c> with fresh variables stores members straight into their frame slots (no unification,
/// no trail) and clears them afterwards. These cases would show a slot left set: evaluations of one prepared
/// query reuse its frames, so a stale member would turn the next evaluation's enumeration into a comparison.
/// </summary>
public sealed class EnumerationTests
{
    private static void Each(string module, string query, params (string Input, string Expected)[] cases)
    {
        var q = Engine(module).Prepare(query);
        foreach (var (input, expected) in cases) (q.Evaluate(Json(input)).Value?.ToString() ?? "undefined").ShouldBe(expected);
    }

    [Fact]
    public void A_search_stopped_at_its_first_solution_leaves_the_frame_clean()
    {
        // A constant-valued rule stops at the first solution: the loop ends early, then the frame is reused.
        const string m = """
            package p
            import rego.v1
            big if {
                some x in input.a
                x > 1
            }
            """;
        Each(m, "data.p.big", ("""{"a": [5, 0, 9]}""", "true"), ("""{"a": [0, 1]}""", "undefined"), ("""{"a": [1, 7]}""", "true"));
    }

    [Fact]
    public void Keys_and_values_of_arrays_objects_and_sets()
    {
        const string m = """
            package p
            import rego.v1
            arr contains [i, v] if some i, v in input.arr
            obj contains [k, v] if some k, v in input.obj
            set contains [k, v] if some k, v in {x | some x in input.arr}
            """;
        Each(m, "data.p.arr", ("""{"arr": ["a", "b"]}""", "{[0, \"a\"], [1, \"b\"]}"), ("""{"arr": ["c"]}""", "{[0, \"c\"]}"));
        Each(m, "data.p.obj", ("""{"obj": {"y": 2, "x": 1}}""", "{[\"x\", 1], [\"y\", 2]}"), ("""{"obj": {}}""", "set()"));
        Each(m, "data.p.set", ("""{"arr": ["a", "b", "a"]}""", "{[\"a\", \"a\"], [\"b\", \"b\"]}"));
    }

    [Fact]
    public void A_pattern_variable_bound_by_a_keyed_lookup_is_compared_not_overwritten()
    {
        // data.p.s[3] evaluates the rule with x already bound to 3: the enumeration must test membership.
        const string m = """
            package p
            import rego.v1
            s contains x if some x in input.a
            """;
        Each(m, "data.p.s[3]", ("""{"a": [1, 3]}""", "3"), ("""{"a": [1, 2]}""", "undefined"), ("""{"a": [3]}""", "3"));
        Each(m, "data.p.s", ("""{"a": [2, 1]}""", "{1, 2}"));
    }

    [Fact]
    public void Nested_loops_over_the_same_collection_see_every_pair()
    {
        const string m = """
            package p
            import rego.v1
            pairs contains [a, b] if {
                some a in input.xs
                some b in input.xs
                a < b
            }
            """;
        Each(m, "data.p.pairs", ("""{"xs": [3, 1, 2]}""", "{[1, 2], [1, 3], [2, 3]}"), ("""{"xs": [1]}""", "set()"));
    }
}
