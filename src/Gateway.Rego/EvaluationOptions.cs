namespace Gateway.Rego;

/// <summary>Per-evaluation settings. The default instance is what most callers want.</summary>
public sealed record EvaluationOptions
{
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Builtin errors (e.g. "div: divide by zero") fail the query instead of making the expression undefined.</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>The clock builtins see (<c>time.now_ns</c>); the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Cancels evaluation with an <c>eval_cancel_error</c>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Maximum number of evaluation steps (literals evaluated); exceeding it fails with <c>eval_cancel_error</c>.</summary>
    public long StepBudget { get; init; } = long.MaxValue;

    /// <summary>Maximum nesting of rule and function evaluations.</summary>
    public int MaxCallDepth { get; init; } = 2_000;

    /// <summary>Where <c>print</c> writes, one line per call; discarded when null.</summary>
    public TextWriter? PrintOutput { get; init; }

    /// <summary>Randomness for <c>rand.intn</c> and friends; shared randomness when null.</summary>
    public Random? Random { get; init; }
}
