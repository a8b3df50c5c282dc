using Gateway.Core.Oci;
using Gateway.Core.Storage;

namespace Gateway.Core.Registry;

/// <summary>
/// Blob uploads: monolithic, chunked, cross-repository mount. Each PATCH is stored as its own encrypted
/// part, recorded in the metadata store, so a session survives a restart and can be finished on any node.
/// The digest given at completion is checked against the content before anything becomes visible.
/// </summary>
public sealed class UploadService(IMetadataStore metadata, ContentStore content, RegistryOptions options, TimeProvider time)
{
    public async Task<UploadSession> StartAsync(string repository, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new UploadSession(Guid.NewGuid(), repository, 0, 0, now, now);
        await metadata.CreateUploadAsync(session, cancellationToken);
        return session;
    }

    /// <summary>POST with ?digest= and the whole blob as body.</summary>
    public async Task<OciResult<BlobRecord>> UploadMonolithicAsync(string repository, Digest expected, Stream body, CancellationToken cancellationToken)
    {
        StagedContent staged;
        try
        {
            staged = await content.StageAsync(body, expected.Algorithm, options.MaxBlobBytes, cancellationToken);
        }
        catch (ContentTooLargeException e)
        {
            return OciError.Of(OciErrorCode.SizeInvalid, e.Message);
        }
        await using (staged)
        {
            return await CommitStagedAsync(repository, expected, staged, cancellationToken);
        }
    }

    /// <summary>
    /// Cross-repository mount: link an existing blob of <paramref name="from"/> into <paramref name="repository"/>.
    /// Null when the source does not hold the blob (or the caller may not read it): then the client uploads.
    /// </summary>
    public async Task<BlobRecord?> TryMountAsync(string repository, Digest digest, string? from, bool canReadSource, CancellationToken cancellationToken)
    {
        if (from is null || !canReadSource || !RepositoryName.IsValid(from)) return null;
        var blob = await metadata.GetRepositoryBlobAsync(from, digest, cancellationToken);
        if (blob is null || !await content.Driver.ExistsAsync(ContentStore.BlobKey(digest), cancellationToken)) return null;
        await metadata.LinkBlobAsync(repository, digest, blob.Size, time.GetUtcNow(), cancellationToken);
        return blob with { CreatedAt = time.GetUtcNow() };
    }

    public async Task<OciResult<UploadSession>> GetAsync(string repository, string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "N", out var guid) && !Guid.TryParse(id, out guid))
            return OciError.Of(OciErrorCode.BlobUploadUnknown, $"upload '{id}' is unknown");
        var session = await metadata.GetUploadAsync(guid, cancellationToken);
        return session is null || session.Repository != repository
            ? OciError.Of(OciErrorCode.BlobUploadUnknown, $"upload '{id}' is unknown to repository {repository}")
            : OciResult<UploadSession>.Ok(session);
    }

    /// <summary>PATCH: append a chunk. <paramref name="rangeStart"/> (from Content-Range) must equal the bytes received so far.</summary>
    public async Task<OciResult<UploadSession>> AppendAsync(string repository, string id, Stream body, long? rangeStart, long? rangeEnd, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (!found.IsSuccess) return found.Error;
        var session = found.Value;
        if (rangeStart is { } start && start != session.Size)
            return OciError.Of(OciErrorCode.RangeInvalid, $"chunk starts at {start} but the upload has {session.Size} bytes; chunks must be sent in order without overlap",
                new { uploaded = session.Size });
        var stored = await StorePartAsync(session, body, cancellationToken);
        if (!stored.IsSuccess) return stored.Error;
        var part = stored.Value;
        if (rangeEnd is { } end && end - session.Size + 1 != part.Size)
        {
            await DiscardPartAsync(session.Id, part, cancellationToken);
            return OciError.Of(OciErrorCode.RangeInvalid, $"Content-Range says {end - session.Size + 1} bytes but {part.Size} arrived");
        }
        if (!await metadata.AddUploadPartAsync(session.Id, part, time.GetUtcNow(), cancellationToken))
        {
            await DiscardPartAsync(session.Id, part, cancellationToken);
            return OciError.Of(OciErrorCode.RangeInvalid, "another chunk was appended to this upload concurrently; query the upload status and resume");
        }
        return OciResult<UploadSession>.Ok(session with { Size = session.Size + part.Size, PartCount = session.PartCount + 1 });
    }

    /// <summary>PUT ?digest=: optionally append a last chunk, then verify the digest and make the blob visible.</summary>
    public async Task<OciResult<BlobRecord>> CompleteAsync(string repository, string id, Digest expected, Stream? finalChunk, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (!found.IsSuccess) return found.Error;
        var session = found.Value;
        if (finalChunk is not null)
        {
            var appended = await AppendAsync(repository, id, finalChunk, null, null, cancellationToken);
            if (!appended.IsSuccess) return appended.Error;
            session = appended.Value;
        }
        var parts = await metadata.GetUploadPartsAsync(session.Id, cancellationToken);
        OciResult<BlobRecord> result;
        if (parts.Count == 1 && parts[0].Digest == expected)
        {
            // The common case (one PATCH with the whole blob): the part is already sealed under the blob's digest; promote it.
            await content.Driver.MoveAsync(ContentStore.UploadPartKey(session.Id, parts[0].Offset, parts[0].Digest), ContentStore.BlobKey(expected), cancellationToken);
            await metadata.LinkBlobAsync(repository, expected, parts[0].Size, time.GetUtcNow(), cancellationToken);
            result = OciResult<BlobRecord>.Ok(new BlobRecord(expected, parts[0].Size, time.GetUtcNow()));
        }
        else
        {
            var sources = parts.Select(p => (ContentStore.UploadPartKey(session.Id, p.Offset, p.Digest), p.Digest)).ToList();
            await using var staged = await content.StageConcatenationAsync(sources, expected.Algorithm, cancellationToken);
            result = await CommitStagedAsync(repository, expected, staged, cancellationToken);
        }
        // Success or digest mismatch, the session ends: nothing of a mismatched upload is kept.
        await CancelAsync(session.Id, cancellationToken);
        return result;
    }

    public async Task<OciResult<bool>> CancelAsync(string repository, string id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(repository, id, cancellationToken);
        if (!found.IsSuccess) return found.Error;
        await CancelAsync(found.Value.Id, cancellationToken);
        return OciResult<bool>.Ok(true);
    }

    /// <summary>Purge sessions untouched for longer than the configured age, with their stored parts.</summary>
    public async Task<int> PurgeStaleAsync(CancellationToken cancellationToken)
    {
        var stale = await metadata.ListUploadsUpdatedBeforeAsync(time.GetUtcNow() - options.UploadPurgeAge, cancellationToken);
        foreach (var session in stale) await CancelAsync(session.Id, cancellationToken);
        return stale.Count;
    }

    private async Task CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        await metadata.DeleteUploadAsync(id, cancellationToken);
        await foreach (var key in content.Driver.ListAsync(ContentStore.UploadPrefix(id), cancellationToken))
        {
            await content.Driver.DeleteAsync(key, cancellationToken);
        }
    }

    private async Task<OciResult<UploadPart>> StorePartAsync(UploadSession session, Stream body, CancellationToken cancellationToken)
    {
        StagedContent staged;
        try
        {
            staged = await content.StageAsync(body, "sha256", options.MaxBlobBytes - session.Size, cancellationToken);
        }
        catch (ContentTooLargeException)
        {
            return OciError.Of(OciErrorCode.SizeInvalid, $"upload exceeds the maximum blob size of {options.MaxBlobBytes} bytes");
        }
        await using (staged)
        {
            var part = new UploadPart(session.PartCount, session.Size, staged.Size, staged.Digest);
            await staged.CommitAsync(ContentStore.UploadPartKey(session.Id, part.Offset, part.Digest), cancellationToken);
            return OciResult<UploadPart>.Ok(part);
        }
    }

    private Task DiscardPartAsync(Guid id, UploadPart part, CancellationToken cancellationToken) =>
        content.Driver.DeleteAsync(ContentStore.UploadPartKey(id, part.Offset, part.Digest), cancellationToken);

    private async Task<OciResult<BlobRecord>> CommitStagedAsync(string repository, Digest expected, StagedContent staged, CancellationToken cancellationToken)
    {
        if (staged.Digest != expected)
            return OciError.Of(OciErrorCode.DigestInvalid, $"the uploaded content has digest {staged.Digest}, not {expected}; nothing was stored",
                new { expected = expected.ToString(), actual = staged.Digest.ToString() });
        await staged.CommitAsync(ContentStore.BlobKey(expected), cancellationToken);
        await metadata.LinkBlobAsync(repository, expected, staged.Size, time.GetUtcNow(), cancellationToken);
        return OciResult<BlobRecord>.Ok(new BlobRecord(expected, staged.Size, time.GetUtcNow()));
    }
}
