namespace Gateway.Core.Admission.Policy;

/// <summary>The "Gateway:Policy" configuration section.</summary>
public sealed record PolicyOptions
{
    /// <summary>Folder of Rego modules and data documents (relative to the working directory).</summary>
    public string Path { get; init; } = "policies";

    /// <summary>Turn Rego admission off entirely (the gate is not registered).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The decision: a set of messages; empty means allowed.</summary>
    public string Query { get; init; } = "data.gateway.admission.deny";

    /// <summary>How long a pull decision may be reused for the same digest, roles, signatures and policy version.</summary>
    public TimeSpan PullDecisionCacheTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Evaluation step budget per decision: a runaway policy is an error (and a denial), not a hung request.</summary>
    public long StepBudget { get; init; } = 5_000_000;
}
