using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>Who made a request: nobody (no credentials), a principal (with the registry token it presented, if any), or a refusal and why.</summary>
internal sealed record AuthResult(GatewayPrincipal? Principal, RegistryTokenClaims? Token, string? Failure, TimeSpan? RetryAfter = null)
{
    public static AuthResult Anonymous { get; } = new(null, null, null);
    public bool IsAnonymous => Principal is null && Failure is null;
    public static AuthResult Fail(string failure, TimeSpan? retryAfter = null) => new(null, null, failure, retryAfter);
}
