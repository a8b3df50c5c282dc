using Gateway.Core.Oci;

namespace Gateway.Core.Storage;

/// <summary>
/// The registry's metadata: which repositories hold which blobs, manifests, tags, referrers, upload
/// sessions. SQLite now, PostgreSQL for scale-out; both pass the same contract tests. Every method that
/// changes more than one row does so in one transaction.
/// </summary>
public interface IMetadataStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    // Blobs
    Task<BlobRecord?> GetBlobAsync(Digest digest, CancellationToken cancellationToken);
    Task<BlobRecord?> GetRepositoryBlobAsync(string repository, Digest digest, CancellationToken cancellationToken);
    /// <summary>Record that the blob's content is stored (if new) and link it into the repository.</summary>
    Task LinkBlobAsync(string repository, Digest digest, long size, DateTimeOffset now, CancellationToken cancellationToken);
    /// <summary>Remove the repository's link to a blob (the content stays until GC finds no one references it).</summary>
    Task<bool> UnlinkBlobAsync(string repository, Digest digest, CancellationToken cancellationToken);

    // Manifests and tags
    Task<ManifestRecord?> GetManifestAsync(string repository, Digest digest, CancellationToken cancellationToken);
    Task<Digest?> ResolveTagAsync(string repository, string tag, CancellationToken cancellationToken);
    /// <summary>Check every reference exists in the repository, then commit manifest, references and tag together.</summary>
    Task<ManifestWriteResult> PutManifestAsync(ManifestWrite write, CancellationToken cancellationToken);
    /// <summary>Delete a manifest, its tags and its references. False if it did not exist.</summary>
    /// <summary>Deletes a manifest and its tags; <paramref name="record"/> (if any) joins the audit chain in the same transaction, only when something was deleted.</summary>
    Task<bool> DeleteManifestAsync(string repository, Digest digest, CancellationToken cancellationToken, Audit.AuditEvent? record = null);
    Task<bool> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken, Audit.AuditEvent? record = null);
    Task<Page<string>> ListTagsAsync(string repository, string? last, int limit, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> GetTagsOfAsync(string repository, Digest digest, CancellationToken cancellationToken);
    Task<bool> RepositoryExistsAsync(string repository, CancellationToken cancellationToken);
    Task<Page<string>> ListRepositoriesAsync(string? last, int limit, CancellationToken cancellationToken);
    /// <summary>Manifests in the repository whose subject is <paramref name="subject"/>, optionally of one artifact type.</summary>
    /// <summary>Manifests of the repository that reference the digest (indexes listing it as a child; manifests listing it as a blob).</summary>
    Task<IReadOnlyList<ManifestRecord>> ListParentsAsync(string repository, Digest digest, CancellationToken cancellationToken);

    Task<IReadOnlyList<ManifestRecord>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken);

    // Uploads
    Task CreateUploadAsync(UploadSession session, CancellationToken cancellationToken);
    Task<UploadSession?> GetUploadAsync(Guid id, CancellationToken cancellationToken);
    Task<IReadOnlyList<UploadPart>> GetUploadPartsAsync(Guid id, CancellationToken cancellationToken);
    /// <summary>Append a part if the session's size is still <see cref="UploadPart.Offset"/> (optimistic: concurrent PATCHes cannot interleave).</summary>
    Task<bool> AddUploadPartAsync(Guid id, UploadPart part, DateTimeOffset now, CancellationToken cancellationToken);
    Task<bool> DeleteUploadAsync(Guid id, CancellationToken cancellationToken);
    Task<IReadOnlyList<UploadSession>> ListUploadsUpdatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    // Garbage collection
    /// <summary>
    /// In one transaction: find blobs that no manifest in any repository references (and that are not
    /// manifests themselves), created at or before <paramref name="cutoff"/>, and unless <paramref name="dryRun"/>
    /// delete their records and repository links. Returns them; the caller then deletes their content.
    /// </summary>
    Task<IReadOnlyList<BlobRecord>> SweepUnreferencedBlobsAsync(DateTimeOffset cutoff, bool dryRun, CancellationToken cancellationToken);
}
