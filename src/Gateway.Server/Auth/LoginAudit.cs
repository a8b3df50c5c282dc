using Gateway.Core.Audit;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>Records every login and token issue, success or failure: who, from where, which client, and why it failed.</summary>
internal sealed class LoginAudit(AuditLog log)
{
    public const string Login = "login";
    public const string TokenIssue = "token";

    public Task RecordAsync(HttpContext context, string operation, GatewayPrincipal? principal, string? attemptedAccount, string? failure, string? detail = null) =>
        // The request is not yet authenticated when it logs in: who is the principal being checked, not context.User.
        log.RecordAsync(Hosting.RequestAudit.Event(context, operation, failure is null ? "succeeded" : "failed") with
        {
            Identity = principal?.Name ?? attemptedAccount,
            IdentityType = principal?.Kind,
            Tenant = principal?.TenantId,
            Reason = failure is null ? detail : failure + (detail is null ? "" : $" ({detail})"),
        }, CancellationToken.None);
}
