using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Loop-invariant call hoisting (Compiler.Hoisting): a pure builtin call whose arguments are bound before an
/// enumeration is computed once before it. The first tests prove the compiler does hoist (the compiled body holds
/// the hoist literal before the enumeration); the rest prove results and errors are what the policy as written gives.
/// </summary>
public sealed class HoistingTests
{
    private const string SecretEnv = """
        package p
        import rego.v1
        patterns := ["password", "secret", "token"]
        secrets contains name if {
            some e in input.env
            name := split(e, "=")[0]
            some pattern in patterns
            contains(lower(name), pattern)
        }
        """;

    private static IrLiteral[] BodyOf(string module, string rule)
    {
        var policy = Compiler.CompileModules([RegoParser.ParseModule("p.rego", module)], BuiltinRegistry.Default);
        var node = Compiler.FindNode(policy.Root, [new RegoString("p"), new RegoString(rule)]);
        node.ShouldNotBeNull();
        return node.Rules[0].Body.Literals;
    }

    private static string Shape(IrLiteral lit) => lit.Expr switch
    {
        IrHoist h => "hoist " + h.Call.Target.Name,
        IrSomeIn => "some-in",
        _ => lit.Expr.GetType().Name,
    };

    [Fact]
    public void A_call_on_an_outer_loop_variable_is_computed_before_the_inner_loop()
    {
        var shapes = BodyOf(SecretEnv, "secrets").Select(Shape).ToArray();
        // lower(name) moves in front of "some pattern in patterns"; contains(…, pattern) depends on the inner loop and stays.
        shapes.ShouldBe(["some-in", "IrUnify", "hoist lower", "some-in", "IrCallExpr"]);
        Text(SecretEnv, "data.p.secrets", """{"env": ["PATH=/bin", "DB_PASSWORD=x", "GITHUB_TOKEN=y", "Secret_Key=z", "TZ=UTC"]}""")
            .ShouldBe("{\"DB_PASSWORD\", \"GITHUB_TOKEN\", \"Secret_Key\"}");
    }

    [Fact]
    public void A_call_assigned_inside_an_inner_loop_is_hoisted_too()
    {
        const string m = """
            package p
            import rego.v1
            r contains [v, y] if {
                some x in input.xs
                some y in input.ys
                v := lower(x)
            }
            """;
        BodyOf(m, "r").Select(Shape).ShouldBe(["some-in", "hoist lower", "some-in", "IrUnify"]);
        Text(m, "data.p.r", """{"xs": ["A", "b"], "ys": [1, 2]}""").ShouldBe("{[\"a\", 1], [\"a\", 2], [\"b\", 1], [\"b\", 2]}");
    }

    [Fact]
    public void Calls_that_depend_on_the_inner_loop_or_sit_in_a_with_literal_stay_put()
    {
        const string m = """
            package p
            import rego.v1
            r contains x if {
                some x in input.a
                some y in input.b
                upper(y) == x
                lower(x) == "k" with input as {}
            }
            """;
        BodyOf(m, "r").Select(Shape).ShouldNotContain(s => s.StartsWith("hoist", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_is_hoisted_without_an_enumeration_to_hoist_out_of()
    {
        const string m = """
            package p
            import rego.v1
            r if {
                x := input.x
                lower(x) == "a"
            }
            """;
        BodyOf(m, "r").Select(Shape).ShouldBe(["IrUnify", "IrCallExpr"]);
    }

    [Fact]
    public void Results_match_across_repeated_evaluations_of_one_prepared_query()
    {
        var q = Engine(SecretEnv).Prepare("data.p.secrets");
        q.Evaluate(Json("""{"env": ["A_TOKEN=1"]}""")).Value!.ToString().ShouldBe("{\"A_TOKEN\"}");
        q.Evaluate(Json("""{"env": ["B=1"]}""")).Value!.ToString().ShouldBe("set()");
        q.Evaluate(Json("""{"env": ["password=1", "X"]}""")).Value!.ToString().ShouldBe("{\"password\"}");
    }

    internal const string FailingInLoop = """
        package p
        import rego.v1
        r contains y if {
            some x in input.xs
            some y in input.ys
            to_number(x) == y
        }
        """;

    [Fact]
    public void A_failing_hoisted_call_fails_its_expression_where_it_was_written()
    {
        // to_number("nope") is a builtin error: in the lenient mode the expression is undefined for that x only.
        BodyOf(FailingInLoop, "r").Select(Shape).ShouldContain("hoist to_number");
        Text(FailingInLoop, "data.p.r", """{"xs": ["nope", "2"], "ys": [1, 2, 3]}""").ShouldBe("{2}");
    }

    [Fact]
    public void Strict_mode_reports_the_error_of_a_hoisted_call_only_when_the_policy_would_evaluate_it()
    {
        var strict = new EvaluationOptions { StrictBuiltinErrors = true };
        // The inner loop is empty: the call is never reached as written, so there is no error to report.
        Text(FailingInLoop, "data.p.r", """{"xs": ["nope"], "ys": []}""", options: strict).ShouldBe("set()");
        // The inner loop has elements: the error is reported with the call's own location.
        var ex = Error(FailingInLoop, "data.p.r", """{"xs": ["nope"], "ys": [1]}""", strict);
        ex.Code.ShouldBe(RegoErrorCodes.EvalBuiltin);
        ex.Message.ShouldStartWith("test-0.rego:6:");
        ex.Message.ShouldContain("to_number");
    }

    internal const string NegatedHoist = """
        package p
        import rego.v1
        r contains y if {
            some x in input.xs
            some y in input.ys
            not startswith(object.get(x, "name", 1), y)
        }
        """;

    [Fact]
    public void A_hoisted_call_that_is_undefined_leaves_a_negation_true()
    {
        BodyOf(NegatedHoist, "r").Select(Shape).ShouldContain("hoist object.get");
        // object.get gives 1 for the first x: startswith(1, y) is a type error, so the negation holds for every y.
        Text(NegatedHoist, "data.p.r", """{"xs": [{"other": 1}], "ys": ["a", "b"]}""").ShouldBe("{\"a\", \"b\"}");
        Text(NegatedHoist, "data.p.r", """{"xs": [{"name": "ab"}], "ys": ["a", "b"]}""").ShouldBe("{\"b\"}");
    }

    [Fact]
    public void A_mocked_builtin_is_used_at_the_hoisted_site_too()
    {
        const string m = """
            package p
            import rego.v1
            r contains y if {
                some x in input.xs
                some y in input.ys
                lower(x) == y
            }
            mocked := v if v := r with lower as upper
            """;
        Text(m, "data.p.mocked", """{"xs": ["Ab"], "ys": ["ab", "AB"]}""").ShouldBe("{\"AB\"}");
        Text(m, "data.p.r", """{"xs": ["Ab"], "ys": ["ab", "AB"]}""").ShouldBe("{\"ab\"}");
    }
}
