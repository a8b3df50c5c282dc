using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

public sealed class WithTests
{
    [Fact]
    public void With_input_replaces_input_for_the_expression_only()
    {
        const string module = """
            package p
            a := input.a
            p := [x, y] if {
                x := a with input as {"a": 1}
                y := a
            }
            """;
        Text(module, "data.p.p", """{"a": 2}""").ShouldBe("[1, 2]");
    }

    [Fact]
    public void With_input_path_upserts()
    {
        Text("package p\np := x if x := input with input.b.c as 2", "data.p.p", """{"a": 1}""").ShouldBe("{\"a\": 1, \"b\": {\"c\": 2}}");
    }

    [Fact]
    public void With_data_replaces_base_and_virtual_documents()
    {
        const string module = """
            package p
            q := 1
            r := q + data.base.v
            p := x if x := r with data.p.q as 10 with data.base.v as 5
            """;
        Text(module, "data.p.p", dataJson: """{"base": {"v": 1}}""").ShouldBe("15");
        Text(module, "data.p.r", dataJson: """{"base": {"v": 1}}""").ShouldBe("2");
    }

    [Fact]
    public void With_replaces_builtins_and_functions()
    {
        const string module = """
            package p
            f(x) := x + 1
            g(x) := x * 10
            count_one(_) := 1
            uses := [f(1), count([1, 2])]
            p := x if x := uses with f as g with count as count_one
            q := x if x := uses with f as 7
            """;
        Text(module, "data.p.p").ShouldBe("[10, 1]");
        Text(module, "data.p.q").ShouldBe("[7, 2]");
        Text(module, "data.p.uses").ShouldBe("[2, 2]");
    }

    [Fact]
    public void Mock_function_calls_the_original_builtin()
    {
        const string module = """
            package p
            mock_count(x) := count(x) + 100
            p := x if x := count([1]) with count as mock_count
            """;
        Text(module, "data.p.p").ShouldBe("101");
    }
}
