using Gateway.Core.Encryption;
using Gateway.Core.Oci;
using Gateway.Core.Storage;

namespace Gateway.Core.Registry;

/// <summary>Blob reads and deletes within a repository: a repository sees only the blobs pushed or mounted into it.</summary>
public sealed class BlobService(IMetadataStore metadata, ContentStore content)
{
    public async Task<OciResult<BlobRecord>> StatAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var blob = await metadata.GetRepositoryBlobAsync(repository, digest, cancellationToken);
        return blob is null ? OciError.Of(OciErrorCode.BlobUnknown, $"blob {digest} is not in repository {repository}") : OciResult<BlobRecord>.Ok(blob);
    }

    /// <summary>Open a blob of the repository for reading (decrypting only the chunks a range needs).</summary>
    public async Task<OciResult<EnvelopeReader>> OpenAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var stat = await StatAsync(repository, digest, cancellationToken);
        if (!stat.IsSuccess) return stat.Error;
        var reader = await content.OpenBlobAsync(digest, cancellationToken);
        return reader is null
            ? OciError.Of(OciErrorCode.BlobUnknown, $"blob {digest} is recorded but its content is missing from storage")
            : OciResult<EnvelopeReader>.Ok(reader);
    }

    /// <summary>Remove the blob from the repository. Its content is reclaimed by GC once nothing references it.</summary>
    public async Task<OciResult<bool>> DeleteAsync(string repository, Digest digest, CancellationToken cancellationToken) =>
        await metadata.UnlinkBlobAsync(repository, digest, cancellationToken)
            ? OciResult<bool>.Ok(true)
            : OciError.Of(OciErrorCode.BlobUnknown, $"blob {digest} is not in repository {repository}");
}
