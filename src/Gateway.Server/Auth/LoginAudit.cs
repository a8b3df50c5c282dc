using Gateway.Core.Audit;
using Gateway.Core.Identity;

namespace Gateway.Server.Auth;

/// <summary>Records every login and token issue, success or failure: who, from where, which client, and why it failed.</summary>
internal sealed class LoginAudit(AuditLog log, TimeProvider time)
{
    public const string Login = "login";
    public const string TokenIssue = "token";

    public Task RecordAsync(HttpContext context, string operation, GatewayPrincipal? principal, string? attemptedAccount, string? failure, string? detail = null) =>
        log.RecordAsync(new AuditEvent
        {
            Time = time.GetUtcNow(),
            Operation = operation,
            Result = failure is null ? "succeeded" : "failed",
            Identity = principal?.Name ?? attemptedAccount,
            IdentityType = principal?.Kind,
            Tenant = principal?.TenantId,
            CallerAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            Reason = failure is null ? detail : failure + (detail is null ? "" : $" ({detail})"),
            CorrelationId = context.TraceIdentifier,
        }, CancellationToken.None);
}
