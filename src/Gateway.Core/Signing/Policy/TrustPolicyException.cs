namespace Gateway.Core.Signing.Policy;

/// <summary>A trust policy file that cannot be used; the message names the policy and field at fault.</summary>
public sealed class TrustPolicyException(string message) : Exception(message);
