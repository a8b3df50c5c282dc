using Gateway.Core.Oci;

namespace Gateway.Core.Storage;

/// <summary>A blob the registry holds (content-addressed: stored once, linked into repositories).</summary>
public sealed record BlobRecord(Digest Digest, long Size, DateTimeOffset CreatedAt);

/// <summary>
/// A manifest or index stored in a repository. Only what listings need is kept in the clear; annotations
/// and everything else stay inside the encrypted manifest bytes.
/// </summary>
public sealed record ManifestRecord(
    string Repository,
    Digest Digest,
    string MediaType,
    long Size,
    string? ArtifactType,
    Digest? Subject,
    DateTimeOffset CreatedAt);

/// <summary>Everything a manifest PUT commits, in one transaction.</summary>
/// <param name="Record">An audit event to append to the chain in the same transaction (the push's commit record), or null.</param>
public sealed record ManifestWrite(
    ManifestRecord Manifest,
    IReadOnlyList<Digest> ReferencedBlobs,
    IReadOnlyList<Digest> ChildManifests,
    string? Tag,
    Audit.AuditEvent? Record = null);

/// <summary>Why a manifest write was refused: the first missing referenced blob or child manifest.</summary>
public sealed record ManifestWriteResult(bool Committed, Digest? MissingBlob, Digest? MissingManifest)
{
    public static readonly ManifestWriteResult Ok = new(true, null, null);
}

/// <summary>An upload session: persisted so that it survives a restart and can be finished on any node.</summary>
public sealed record UploadSession(Guid Id, string Repository, long Size, int PartCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One stored chunk of an upload: its offset in the blob, its size and the digest of its own bytes.</summary>
public sealed record UploadPart(int Index, long Offset, long Size, Digest Digest);

/// <summary>One page of a sorted listing, and whether more follow.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);

/// <summary>
/// What pushes to one repository would have committed, for a bulk import: blobs linked into it (their content already
/// stored) and manifests written to it, in that order.
/// </summary>
public sealed record RepositoryImport(string Repository, IReadOnlyList<BlobRecord> Blobs, IReadOnlyList<ManifestWrite> Manifests);
