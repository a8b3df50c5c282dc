namespace Gateway.Core.Identity;

/// <summary>The answer to "who is this user name and password?": a principal, or why not (for the audit record, never for the client).</summary>
public sealed record CredentialCheck(GatewayPrincipal? Principal, string? Failure)
{
    public static CredentialCheck Ok(GatewayPrincipal principal) => new(principal, null);
    public static CredentialCheck Fail(string reason) => new(null, reason);
}
