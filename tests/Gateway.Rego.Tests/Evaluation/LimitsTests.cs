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
