namespace Gateway.Core.Signing.Policy;

/// <summary>What a trust policy does with its verdict: block unverified content, only record it, or not verify at all.</summary>
public enum VerificationLevel
{
    Enforce,
    Audit,
    Skip,
}
