using Gateway.Core.Oci;
using Gateway.Core.Storage;

namespace Gateway.Core.Registry;

/// <summary>A manifest as served: its record and its exact bytes.</summary>
public sealed record ManifestContent(ManifestRecord Record, byte[] Bytes)
{
    /// <summary>The stored bytes parsed again (they were valid when pushed), for admission and policy input.</summary>
    public ParsedManifest? Parse() => ManifestParser.Parse(Bytes, Record.MediaType) is { IsSuccess: true } parsed ? parsed.Value : null;
}

/// <summary>Manifests and tags of a repository: resolve, validate and store, delete.</summary>
public sealed class ManifestService(IMetadataStore metadata, ContentStore content, TimeProvider time, IEnumerable<IManifestCommitObserver> observers)
{
    /// <summary>Resolve a tag or digest reference to a manifest digest in the repository.</summary>
    public async Task<OciResult<Digest>> ResolveAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        if (Digest.TryParse(reference, out var digest)) return OciResult<Digest>.Ok(digest);
        if (reference.Contains(':'))
            return OciError.Of(OciErrorCode.DigestInvalid, $"'{reference}' is neither a valid tag nor a valid digest (sha256 or sha512, lower-case hex)");
        if (!RepositoryName.IsValidTag(reference))
            return OciError.Of(OciErrorCode.TagInvalid, $"invalid tag '{reference}': tags match [a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}}");
        var resolved = await metadata.ResolveTagAsync(repository, reference, cancellationToken);
        return resolved is { } d ? OciResult<Digest>.Ok(d) : OciError.Of(OciErrorCode.ManifestUnknown, $"tag '{reference}' is not in repository {repository}");
    }

    public async Task<OciResult<ManifestRecord>> StatAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var digest = await ResolveAsync(repository, reference, cancellationToken);
        if (!digest.IsSuccess) return digest.Error;
        var record = await metadata.GetManifestAsync(repository, digest.Value, cancellationToken);
        return record is null
            ? OciError.Of(OciErrorCode.ManifestUnknown, $"manifest {digest.Value} is not in repository {repository}")
            : OciResult<ManifestRecord>.Ok(record);
    }

    public async Task<OciResult<ManifestContent>> GetAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        var stat = await StatAsync(repository, reference, cancellationToken);
        if (!stat.IsSuccess) return stat.Error;
        var bytes = await content.ReadBytesAsync(stat.Value.Digest, cancellationToken);
        return bytes is null
            ? OciError.Of(OciErrorCode.ManifestUnknown, $"manifest {stat.Value.Digest} is recorded but its content is missing from storage")
            : OciResult<ManifestContent>.Ok(new ManifestContent(stat.Value, bytes));
    }

    /// <summary>Validate a manifest PUT fully (grammar, JSON, media type, references) without storing anything.</summary>
    public async Task<OciResult<ValidatedManifest>> ValidateAsync(string repository, string reference, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        string? tag = null;
        Digest digest;
        if (Digest.TryParse(reference, out var byDigest))
        {
            using var hasher = byDigest.CreateHasher();
            hasher.AppendData(body);
            digest = Digest.FromHash(byDigest.Algorithm, hasher.GetHashAndReset());
            if (digest != byDigest)
                return OciError.Of(OciErrorCode.DigestInvalid, $"the manifest body has digest {digest}, not {byDigest} as the URL says");
        }
        else
        {
            if (reference.Contains(':') || !RepositoryName.IsValidTag(reference))
                return OciError.Of(OciErrorCode.TagInvalid, $"invalid tag '{reference}': tags match [a-zA-Z0-9_][a-zA-Z0-9._-]{{0,127}}");
            tag = reference;
            digest = Digest.Sha256Of(body);
        }
        var parsed = ManifestParser.Parse(body, contentType);
        if (!parsed.IsSuccess) return parsed.Error;
        var manifest = parsed.Value;
        foreach (var blob in manifest.Blobs)
        {
            if (await metadata.GetRepositoryBlobAsync(repository, blob.Digest, cancellationToken) is null)
                return MissingBlob(repository, blob.Digest);
        }
        foreach (var child in manifest.Manifests)
        {
            if (await metadata.GetManifestAsync(repository, child.Digest, cancellationToken) is null)
                return MissingBlob(repository, child.Digest);
        }
        return OciResult<ValidatedManifest>.Ok(new ValidatedManifest(repository, tag, digest, manifest, body));
    }

    /// <summary>Store a validated manifest: bytes first (encrypted, content-addressed), then metadata and tag in one transaction.</summary>
    public async Task<OciResult<ManifestRecord>> CommitAsync(ValidatedManifest manifest, CancellationToken cancellationToken)
    {
        var result = await StoreAsync(manifest, cancellationToken);
        foreach (var observer in observers) await observer.OnCommitAsync(manifest, result.Error, cancellationToken);
        return result;
    }

    private async Task<OciResult<ManifestRecord>> StoreAsync(ValidatedManifest manifest, CancellationToken cancellationToken)
    {
        await content.PutBytesAsync(manifest.Digest, manifest.Bytes, cancellationToken);
        var write = WriteOf(manifest, time.GetUtcNow());
        var audit = observers.Select(o => o.RecordInTransaction(manifest, write.Manifest.CreatedAt)).FirstOrDefault(e => e is not null);
        var result = await metadata.PutManifestAsync(write with { Record = audit }, cancellationToken);
        if (!result.Committed) return MissingBlob(manifest.Repository, (result.MissingBlob ?? result.MissingManifest)!.Value);
        return OciResult<ManifestRecord>.Ok(write.Manifest);
    }

    /// <summary>
    /// The metadata a validated manifest commits (record, references, tag; no audit record). Public so that a bulk
    /// import (the benchmark's seed-gateway) writes exactly what a push would.
    /// </summary>
    public static ManifestWrite WriteOf(ValidatedManifest manifest, DateTimeOffset createdAt)
    {
        var parsed = manifest.Parsed;
        var record = new ManifestRecord(manifest.Repository, manifest.Digest, parsed.MediaType, manifest.Bytes.Length,
            parsed.EffectiveArtifactType, parsed.Subject?.Digest, createdAt);
        return new ManifestWrite(record, parsed.Blobs.Select(b => b.Digest).ToList(), parsed.Manifests.Select(m => m.Digest).ToList(), manifest.Tag);
    }

    private Audit.AuditEvent? DeleteRecord(string repository, string? digest, string? tag) =>
        observers.Select(o => o.RecordDeleteInTransaction(repository, digest, tag, time.GetUtcNow())).FirstOrDefault(e => e is not null);

    /// <summary>Delete by digest (the manifest and its tags) or by tag (the tag only).</summary>
    public async Task<OciResult<bool>> DeleteAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        if (Digest.TryParse(reference, out var digest))
        {
            return await metadata.DeleteManifestAsync(repository, digest, cancellationToken, DeleteRecord(repository, digest.ToString(), null))
                ? OciResult<bool>.Ok(true)
                : OciError.Of(OciErrorCode.ManifestUnknown, $"manifest {digest} is not in repository {repository}");
        }
        if (!RepositoryName.IsValidTag(reference))
            return OciError.Of(OciErrorCode.TagInvalid, $"invalid tag '{reference}'");
        return await metadata.DeleteTagAsync(repository, reference, cancellationToken, DeleteRecord(repository, null, reference))
            ? OciResult<bool>.Ok(true)
            : OciError.Of(OciErrorCode.ManifestUnknown, $"tag '{reference}' is not in repository {repository}");
    }

    private static OciError MissingBlob(string repository, Digest digest) =>
        OciError.Of(OciErrorCode.ManifestBlobUnknown, $"the manifest references {digest}, which is not in repository {repository}; push it first",
            new { digest = digest.ToString() });
}

/// <summary>A manifest PUT that passed validation and may be committed (admission runs in between).</summary>
public sealed record ValidatedManifest(string Repository, string? Tag, Digest Digest, ParsedManifest Parsed, byte[] Bytes);
