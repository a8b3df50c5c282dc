namespace Gateway.Core.Signing.Trust;

/// <summary>The "Gateway:Trust" configuration section.</summary>
public sealed record TrustOptions
{
    /// <summary>The trust policy file (relative to the working directory). Absent file = content trust off (every scope skipped).</summary>
    public string PolicyFile { get; init; } = "policies/trustpolicy.json";

    /// <summary>How long a positive verdict is reused for the same (repository, digest, trust policy version).</summary>
    public TimeSpan VerdictCacheTtl { get; init; } = TimeSpan.FromMinutes(10);
}
