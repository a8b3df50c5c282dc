using System.Diagnostics;
using Gateway.Core.Admission;

namespace Gateway.Core.Audit;

/// <summary>Records every admission decision (push, tag, pull, delete; allowed or denied, with the reasons).</summary>
public sealed class AuditAdmissionObserver(AuditLog log) : IAdmissionObserver
{
    public async ValueTask OnDecisionAsync(AdmissionRequest request, AdmissionDecision decision, CancellationToken cancellationToken)
    {
        var actor = AuditActor.From(request.Request.User);
        await log.RecordAsync(new AuditEvent
        {
            Time = request.Request.Time,
            Operation = request.Action.ToString().ToLowerInvariant(),
            Result = decision.Allowed ? "allowed" : "denied",
            Identity = actor.Identity,
            IdentityType = actor.IdentityType,
            Tenant = actor.Tenant,
            CallerAddress = request.Request.ClientAddress,
            UserAgent = request.Request.UserAgent,
            Repository = request.Repository,
            Tag = request.Tag,
            Digest = request.Digest.ToString(),
            MediaType = request.MediaType,
            Size = request.ManifestBytes.Length,
            Reason = decision.Allowed ? null : $"{decision.Gate}: {string.Join("; ", decision.Reasons)}",
            CorrelationId = Activity.Current?.TraceId.ToString(),
        }, cancellationToken);
    }
}
