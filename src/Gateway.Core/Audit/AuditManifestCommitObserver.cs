using Gateway.Core.Oci;
using Gateway.Core.Registry;

namespace Gateway.Core.Audit;

/// <summary>Records whether an admitted push was actually stored ("push.commit" succeeded or failed, with the error).</summary>
public sealed class AuditManifestCommitObserver(AuditLog log, TimeProvider time) : IManifestCommitObserver
{
    public async ValueTask OnCommitAsync(ValidatedManifest manifest, OciError? error, CancellationToken cancellationToken) =>
        await log.RecordAsync(new AuditEvent
        {
            Time = time.GetUtcNow(),
            Operation = "push.commit",
            Result = error is null ? "succeeded" : "failed",
            Repository = manifest.Repository,
            Tag = manifest.Tag,
            Digest = manifest.Digest.ToString(),
            MediaType = manifest.Parsed.MediaType,
            Size = manifest.Bytes.Length,
            Reason = error is null ? null : $"{error.Code.Code}: {error.Message}",
        }, cancellationToken);
}
