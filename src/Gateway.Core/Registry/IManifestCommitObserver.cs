using Gateway.Core.Oci;

namespace Gateway.Core.Registry;

/// <summary>
/// Told the outcome of every manifest commit after admission allowed it: committed, or refused (and why).
/// The audit log uses it so that a push it records as succeeded really is stored.
/// </summary>
public interface IManifestCommitObserver
{
    ValueTask OnCommitAsync(ValidatedManifest manifest, OciError? error, CancellationToken cancellationToken);

    /// <summary>
    /// An audit event to write in the same transaction as the manifest (so a committed push always has its record and
    /// a rolled-back one never does); null for observers that only react afterwards.
    /// </summary>
    Audit.AuditEvent? RecordInTransaction(ValidatedManifest manifest, DateTimeOffset time) => null;

    /// <summary>The same for a delete (by digest, or of a tag): written only when something was deleted.</summary>
    Audit.AuditEvent? RecordDeleteInTransaction(string repository, string? digest, string? tag, DateTimeOffset time) => null;
}
