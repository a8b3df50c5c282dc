using Gateway.Core.Audit;

namespace Gateway.Server.Hosting;

/// <summary>The part of an audit event every HTTP request supplies: when, who (the request's principal), from where, which client, correlation id.</summary>
internal static class RequestAudit
{
    public static AuditEvent Event(HttpContext context, string operation, string result)
    {
        var actor = AuditActor.From(context.User);
        return new AuditEvent
        {
            Time = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            Operation = operation,
            Result = result,
            Identity = actor.Identity,
            IdentityType = actor.IdentityType,
            Tenant = actor.Tenant,
            CallerAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            CorrelationId = context.TraceIdentifier,
        };
    }
}
