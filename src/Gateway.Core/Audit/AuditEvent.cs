namespace Gateway.Core.Audit;

/// <summary>
/// One thing that happened, before it joins the chain: what, to what, by whom, from where, with what
/// result. Field names follow ACR's ContainerRegistryRepositoryEvents / LoginEvents where they overlap.
/// </summary>
public sealed record AuditEvent
{
    public required DateTimeOffset Time { get; init; }
    /// <summary>push, pull, tag, delete, policy.reload, login, token, sign, …</summary>
    public required string Operation { get; init; }
    /// <summary>allowed, denied, succeeded, failed.</summary>
    public required string Result { get; init; }
    public string? Identity { get; init; }
    public string? IdentityType { get; init; }
    public string? Tenant { get; init; }
    public string? CallerAddress { get; init; }
    public string? UserAgent { get; init; }
    public string? Repository { get; init; }
    public string? Tag { get; init; }
    public string? Digest { get; init; }
    public string? MediaType { get; init; }
    public long? Size { get; init; }
    /// <summary>Why: the policy's deny messages, the error, the gate that decided.</summary>
    public string? Reason { get; init; }
    public string? PolicyVersion { get; init; }
    public string? CorrelationId { get; init; }
    public double? DurationMs { get; init; }
}
