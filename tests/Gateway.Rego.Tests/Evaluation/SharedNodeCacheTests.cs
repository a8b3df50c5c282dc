using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Documents that read neither input nor anything else that varies are computed once per prepared query and
/// shared by later evaluations. Sharing must never change a result: these tests evaluate the same prepared
/// query several times in the situations where a stale value would show.
/// </summary>
public sealed class SharedNodeCacheTests
{
    private const string Module = """
        package p
        import rego.v1

        allowed := {"a", "b"}
        alias := allowed
        limit := count(allowed) + 1
        from_input := input.x
        via_input := from_input
        now := time.now_ns()
        printed if print("hello")
        with_inside := v if v := input.x with input as {"x": 1}
        f(x) := x + 1
        g := f(1)
        h(x) := x + input.n
        k := h(1)
        s contains x if some x in allowed
        hoisted_input if {
            some p in allowed
            contains(lower(input.image), p)
        }
        """;

    [Theory]
    [InlineData("allowed", true)]
    [InlineData("alias", true)]
    [InlineData("limit", true)]
    [InlineData("g", true)]
    [InlineData("s", true)]
    [InlineData("from_input", false)]
    [InlineData("via_input", false)]
    [InlineData("now", false)]
    [InlineData("printed", false)]
    [InlineData("with_inside", false)]
    [InlineData("k", false)]
    [InlineData("f", false)]
    [InlineData("hoisted_input", false)]
    public void Only_documents_that_cannot_vary_are_shared(string rule, bool invariant)
    {
        var policy = Compiler.CompileModules([RegoParser.ParseModule("p.rego", Module)], BuiltinRegistry.Default);
        var node = Compiler.FindNode(policy.Root, [new RegoString("p"), new RegoString(rule)]);
        node.ShouldNotBeNull();
        node.QueryInvariant.ShouldBe(invariant);
    }

    /// <summary>
    /// A rule that reads input only through a call computed once before its loop (Compiler.Hoisting): it was once
    /// taken for input-independent, so the first request's decision was reused for every later one.
    /// </summary>
    [Fact]
    public void A_rule_reading_input_only_inside_a_hoisted_call_is_evaluated_for_each_input()
    {
        var q = Engine("""
            package p
            import rego.v1

            blocked := ["evil", "miner"]

            deny contains "image is blocked" if {
                some b in blocked
                contains(lower(input.image), b)
            }
            """).Prepare("data.p.deny");
        var blocked = RegoSet.Of([new RegoString("image is blocked")]);
        foreach (var round in new[] { "first", "second", "third" })
        {
            q.Evaluate(Json("""{"image": "Evil/Thing"}""")).Value.ShouldBe(blocked, $"{round} blocked image");
            q.Evaluate(Json("""{"image": "good/app"}""")).Value.ShouldBe(RegoSet.Empty, $"{round} good image");
        }
    }

    [Fact]
    public void Clock_dependent_rules_are_evaluated_again()
    {
        var q = Engine(Module).Prepare("data.p.now");
        var first = q.Evaluate(null, new EvaluationOptions { Time = new FixedTime(DateTimeOffset.UnixEpoch.AddSeconds(1)) }).Value;
        var second = q.Evaluate(null, new EvaluationOptions { Time = new FixedTime(DateTimeOffset.UnixEpoch.AddSeconds(2)) }).Value;
        first.ShouldBe(RegoNumber.Of(1_000_000_000L));
        second.ShouldBe(RegoNumber.Of(2_000_000_000L));
    }

    [Fact]
    public void Input_dependent_rules_follow_the_input()
    {
        var q = Engine(Module).Prepare("data.p.k");
        q.Evaluate(Json("""{"n": 1}""")).Value.ShouldBe(RegoNumber.Of(2));
        q.Evaluate(Json("""{"n": 5}""")).Value.ShouldBe(RegoNumber.Of(6));
    }

    [Fact]
    public void With_data_sees_the_replacement_after_the_document_was_shared()
    {
        var q = Engine(Module).Prepare("a := data.p.limit; b := data.p.limit with data.p.allowed as {\"x\"}");
        for (var i = 0; i < 2; i++)
        {
            var r = q.Evaluate();
            r.Bindings.Count.ShouldBe(1);
            r.Bindings[0]["a"].ShouldBe(RegoNumber.Of(3));
            r.Bindings[0]["b"].ShouldBe(RegoNumber.Of(2));
        }
    }

    [Fact]
    public void Print_runs_on_every_evaluation()
    {
        var q = Engine(Module).Prepare("data.p.printed");
        for (var i = 0; i < 2; i++)
        {
            var w = new StringWriter();
            q.Evaluate(null, new EvaluationOptions { PrintOutput = w }).Value.ShouldBe(RegoBool.True);
            w.ToString().ShouldBe("hello" + Environment.NewLine);
        }
    }

    [Fact]
    public void Builtin_errors_are_reported_on_every_evaluation()
    {
        var q = Engine("package p\nbad := 1 / 0\nok := 1\n").Prepare("data.p");
        var strict = new EvaluationOptions { StrictBuiltinErrors = true };
        for (var i = 0; i < 2; i++)
        {
            q.Evaluate().Value.ShouldBe(Json("""{"ok": 1}"""));
            Should.Throw<RegoException>(() => q.Evaluate(null, strict));
        }
    }

    [Fact]
    public void Rule_refs_next_to_base_data_find_both()
    {
        var e = Engine("package p\nq := 1\nr := data.p.base + q\n");
        e.AddDataJson("""{"p": {"base": 10}}""");
        var q = e.Prepare("x := data.p.r; y := data.p.q with data.p.q as 7");
        for (var i = 0; i < 2; i++)
        {
            var r = q.Evaluate();
            r.Bindings[0]["x"].ShouldBe(RegoNumber.Of(11));
            r.Bindings[0]["y"].ShouldBe(RegoNumber.Of(7));
        }
    }
}
