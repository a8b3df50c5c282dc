using System.Text;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

public sealed class LimitsTests
{
    private const string Slow = """
        package p
        n := numbers.range(1, 300)
        p := count([1 | some a in n; some b in n; a + b > 0])
        """;

    [Fact]
    public void Step_budget_stops_evaluation_cleanly()
    {
        var ex = Error(Slow, "data.p.p", options: new EvaluationOptions { StepBudget = 10_000 });
        ex.Code.ShouldBe(RegoErrorCodes.EvalCancel);
    }

    /// <summary>
    /// The budget is a number of steps, exactly: the evaluation that needs B steps passes with a budget of B and
    /// fails with B - 1, in every evaluation of the same query (the evaluator is reused, and rules get compiled
    /// along the way) and across the checks the counter makes every 1,024 steps.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Step_budget_is_exact_and_the_same_in_every_evaluation(int codegenThreshold)
    {
        var engine = new RegoEngine { CodegenThreshold = codegenThreshold };
        // Reads input: a document that does not is computed once and shared by later evaluations.
        engine.AddModule("slow.rego", Slow.Replace("numbers.range(1, 300)", "numbers.range(1, input.n)"));
        var query = engine.Prepare("data.p.p");
        var input = RegoJson.Parse("{\"n\": 300}");
        bool Passes(long budget)
        {
            try
            {
                query.Evaluate(input, new EvaluationOptions { StepBudget = budget });
                return true;
            }
            catch (RegoException e) when (e.Code == RegoErrorCodes.EvalCancel)
            {
                return false;
            }
        }
        long low = 0, high = 10_000_000;
        Passes(high).ShouldBeTrue();
        while (low + 1 < high)
        {
            var mid = (low + high) / 2;
            if (Passes(mid)) high = mid;
            else low = mid;
        }
        high.ShouldBeGreaterThan(3 * 1024);
        for (var i = 0; i < 3; i++)
        {
            Passes(high).ShouldBeTrue();
            Passes(high - 1).ShouldBeFalse();
        }
    }

    [Fact]
    public void Cancellation_stops_evaluation_cleanly()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Error(Slow, "data.p.p", options: new EvaluationOptions { Cancellation = cts.Token }).Code.ShouldBe(RegoErrorCodes.EvalCancel);
    }

    [Fact]
    public void Long_rule_chains_hit_the_depth_limit_instead_of_overflowing_the_stack()
    {
        var sb = new StringBuilder("package p\n");
        const int n = 3000;
        for (var i = 0; i < n; i++) sb.Append($"r{i} := r{i + 1} + 1\n");
        sb.Append($"r{n} := 0\n");
        var ex = Error(sb.ToString(), "data.p.r0");
        ex.Code.ShouldBe(RegoErrorCodes.EvalInternal);
        ex.RegoMessage.ShouldBe("maximum evaluation depth exceeded");

        Text(sb.ToString(), "data.p.r2500").ShouldBe("500");
    }

    [Fact]
    public void Deeply_nested_input_is_handled()
    {
        RegoValue v = RegoNumber.Of(1);
        for (var i = 0; i < 500; i++) v = new RegoArray([v]);
        var r = Engine("package p\np := count([x | walk(input, [_, x])])").Prepare("data.p.p").Evaluate(v);
        r.Value.ShouldBe(RegoNumber.Of(501));
    }
}

public sealed class StackDepthTests
{
    /// <summary>Runs on a thread with a small stack, so exhausting it would crash the test process.</summary>
    private static T OnSmallStack<T>(Func<T> f, int stackSize = 256 * 1024)
    {
        T result = default!;
        Exception? error = null;
        var t = new Thread(() =>
        {
            try
            {
                result = f();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, stackSize);
        t.Start();
        t.Join();
        if (error is not null) throw error;
        return result;
    }

    [Fact]
    public void Very_long_enumerating_body_fails_cleanly_on_a_small_stack()
    {
        var sb = new StringBuilder("package p\np if {\n");
        for (var i = 0; i < 5000; i++) sb.Append($"\tsome x{i} in [1]\n");
        sb.Append("}\n");
        var q = Engine(sb.ToString()).Prepare("data.p.p");
        var ex = Should.Throw<RegoException>(() => OnSmallStack(() => q.Evaluate()));
        ex.RegoMessage.ShouldBe("maximum evaluation depth exceeded");

        // The evaluator is still usable on this thread afterwards.
        Engine("package p\nq := 1").Prepare("data.p.q").Evaluate().Value.ShouldBe(RegoNumber.Of(1));
    }

    [Fact]
    public void Moderately_long_enumerating_body_evaluates()
    {
        var sb = new StringBuilder("package p\np if {\n");
        for (var i = 0; i < 100; i++) sb.Append($"\tsome x{i} in [1]\n");
        sb.Append("}\n");
        var q = Engine(sb.ToString()).Prepare("data.p.p");
        OnSmallStack(() => q.Evaluate(), 1024 * 1024).Value.ShouldBe(RegoBool.True);
    }
}
