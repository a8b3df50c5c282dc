using Gateway.Core.Oci;
using Gateway.Core.Registry;

namespace Gateway.Core.Audit;

/// <summary>
/// Records whether an admitted push was actually stored: "push.commit succeeded" is written inside the manifest's
/// own transaction (a committed push always has it; a rolled-back one never does); "push.commit failed" afterwards,
/// with the error.
/// </summary>
public sealed class AuditManifestCommitObserver(AuditLog log, TimeProvider time) : IManifestCommitObserver
{
    public AuditEvent? RecordInTransaction(ValidatedManifest manifest, DateTimeOffset time) => Describe(manifest, time, null);

    public AuditEvent? RecordDeleteInTransaction(string repository, string? digest, string? tag, DateTimeOffset time) => new()
    {
        Time = time,
        Operation = "delete.commit",
        Result = "succeeded",
        Repository = repository,
        Digest = digest,
        Tag = tag,
    };

    public async ValueTask OnCommitAsync(ValidatedManifest manifest, OciError? error, CancellationToken cancellationToken)
    {
        if (error is null) return; // already recorded in the commit's transaction
        await log.RecordAsync(Describe(manifest, time.GetUtcNow(), error), cancellationToken);
    }

    private static AuditEvent Describe(ValidatedManifest manifest, DateTimeOffset at, OciError? error) => new()
    {
        Time = at,
        Operation = "push.commit",
        Result = error is null ? "succeeded" : "failed",
        Repository = manifest.Repository,
        Tag = manifest.Tag,
        Digest = manifest.Digest.ToString(),
        MediaType = manifest.Parsed.MediaType,
        Size = manifest.Bytes.Length,
        Reason = error is null ? null : $"{error.Code.Code}: {error.Message}",
    };
}
