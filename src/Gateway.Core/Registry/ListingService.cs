using Gateway.Core.Oci;
using Gateway.Core.Storage;

namespace Gateway.Core.Registry;

/// <summary>Tags list, catalog and referrers: sorted, paginated listings.</summary>
public sealed class ListingService(IMetadataStore metadata, ContentStore content, RegistryOptions options)
{
    public async Task<OciResult<Page<string>>> ListTagsAsync(string repository, int? n, string? last, CancellationToken cancellationToken)
    {
        if (!await metadata.RepositoryExistsAsync(repository, cancellationToken))
            return OciError.Of(OciErrorCode.NameUnknown, $"repository {repository} is not known to this registry");
        return OciResult<Page<string>>.Ok(await metadata.ListTagsAsync(repository, last, PageSize(n), cancellationToken));
    }

    public Task<Page<string>> ListRepositoriesAsync(int? n, string? last, CancellationToken cancellationToken) =>
        metadata.ListRepositoriesAsync(last, PageSize(n), cancellationToken);

    /// <summary>A catalog page holding only repositories the caller may see: reads further pages until the page is full, so filtering never shortens a page.</summary>
    public async Task<Page<string>> ListRepositoriesAsync(int? n, string? last, Func<string, bool> visible, CancellationToken cancellationToken)
    {
        var size = PageSize(n);
        var items = new List<string>(Math.Min(size, 1024));
        var cursor = last;
        while (true)
        {
            var page = await metadata.ListRepositoriesAsync(cursor, size, cancellationToken);
            foreach (var name in page.Items)
            {
                if (!visible(name)) continue;
                if (items.Count == size) return new Page<string>(items, true);
                items.Add(name);
            }
            if (!page.HasMore || page.Items.Count == 0) return new Page<string>(items, false);
            cursor = page.Items[^1];
        }
    }

    public async Task<IReadOnlyList<Descriptor>> ListReferrersAsync(string repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var records = await metadata.ListReferrersAsync(repository, subject, artifactType, cancellationToken);
        var descriptors = new List<Descriptor>(records.Count);
        foreach (var r in records)
        {
            // Annotations live only inside the encrypted manifest, so they are read from it here.
            var bytes = await content.ReadBytesAsync(r.Digest, cancellationToken);
            var annotations = bytes is null ? null : ManifestParser.Parse(bytes, r.MediaType) is { IsSuccess: true } parsed ? parsed.Value.Annotations : null;
            descriptors.Add(new Descriptor(r.MediaType, r.Digest, r.Size, r.ArtifactType, annotations));
        }
        return descriptors;
    }

    private int PageSize(int? n) => Math.Clamp(n ?? options.DefaultPageSize, 0, options.MaxPageSize);
}
