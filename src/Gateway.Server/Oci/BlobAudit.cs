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
        await log.RecordAsync(Hosting.RequestAudit.Event(context, "pull.blob", "succeeded") with
        {
            Repository = repository,
            Digest = digest.ToString(),
            Size = bytes,
        }, context.RequestAborted);
    }
}
