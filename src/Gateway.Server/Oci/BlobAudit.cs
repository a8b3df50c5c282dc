using Gateway.Core.Audit;
using Gateway.Core.Oci;

namespace Gateway.Server.Oci;

/// <summary>Blob downloads are pulls too: each completed blob GET leaves a "pull.blob" record.</summary>
internal static class BlobAudit
{
    public static async Task RecordPullAsync(HttpContext context, string repository, Digest digest, long bytes)
    {
        var log = context.RequestServices.GetService<AuditLog>();
        if (log is null) return;
        var actor = AuditActor.From(context.User);
        await log.RecordAsync(new AuditEvent
        {
            Time = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
            Operation = "pull.blob",
            Result = "succeeded",
            Identity = actor.Identity,
            IdentityType = actor.IdentityType,
            Tenant = actor.Tenant,
            CallerAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            Repository = repository,
            Digest = digest.ToString(),
            Size = bytes,
            CorrelationId = context.TraceIdentifier,
        }, context.RequestAborted);
    }
}
