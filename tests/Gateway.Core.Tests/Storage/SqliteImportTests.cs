using Gateway.Core.Oci;
using Gateway.Core.Storage;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Core.Tests.Storage;

/// <summary>SqliteMetadataStore.ImportAsync (the benchmark's seed-gateway) leaves the store as the pushes it stands for would.</summary>
public sealed class SqliteImportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));
    private static readonly BlobRecord[] Blobs = [new(D('1'), 10, Now), new(D('2'), 20, Now)];

    private static ManifestWrite Write(string repo, string tag) =>
        new(new ManifestRecord(repo, D('e'), MediaTypes.OciManifest, 300, null, null, Now), [D('1'), D('2')], [], tag);

    private static async Task<SqliteMetadataStore> CreateAsync()
    {
        var store = new SqliteMetadataStore(Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}", "metadata.db"));
        await store.InitializeAsync(None);
        return store;
    }

    /// <summary>Everything the listings and the pull path read, for the given repositories.</summary>
    private static async Task<string> SnapshotAsync(SqliteMetadataStore store, params string[] repositories)
    {
        var lines = new List<string> { string.Join(',', (await store.ListRepositoriesAsync(null, 100, None)).Items) };
        foreach (var repo in repositories)
        {
            lines.Add($"{repo} tags: {string.Join(',', (await store.ListTagsAsync(repo, null, 100, None)).Items)}");
            lines.Add($"{repo} manifest: {await store.GetManifestAsync(repo, D('e'), None)}");
            lines.Add($"{repo} tags of: {string.Join(',', await store.GetTagsOfAsync(repo, D('e'), None))}");
            foreach (var blob in new[] { D('1'), D('2'), D('e') })
                lines.Add($"{repo} blob {blob}: {await store.GetRepositoryBlobAsync(repo, blob, None)}");
            lines.Add($"{repo} parents of layer: {string.Join(',', await store.ListParentsAsync(repo, D('2'), None))}");
        }
        return string.Join('\n', lines);
    }

    [Fact]
    public async Task Import_leaves_what_the_equivalent_pushes_leave()
    {
        var pushed = await CreateAsync();
        foreach (var repo in new[] { "tags", "p/r0", "p/r1" })
            foreach (var blob in Blobs) await pushed.LinkBlobAsync(repo, blob.Digest, blob.Size, Now, None);
        foreach (var tag in new[] { "t0", "t1", "t2" }) (await pushed.PutManifestAsync(Write("tags", tag), None)).Committed.ShouldBeTrue();
        foreach (var repo in new[] { "p/r0", "p/r1" }) (await pushed.PutManifestAsync(Write(repo, "v1"), None)).Committed.ShouldBeTrue();

        var imported = await CreateAsync();
        await imported.ImportAsync([new RepositoryImport("tags", Blobs, [Write("tags", "t0"), Write("tags", "t1")])], None);
        // A later batch for the same repository needs no blob links: the first batch made them.
        await imported.ImportAsync([new RepositoryImport("tags", [], [Write("tags", "t2")])], None);
        await imported.ImportAsync([new RepositoryImport("p/r0", Blobs, [Write("p/r0", "v1")]), new RepositoryImport("p/r1", Blobs, [Write("p/r1", "v1")])], None);

        var expected = await SnapshotAsync(pushed, "tags", "p/r0", "p/r1");
        expected.ShouldContain("tags tags: t0,t1,t2");
        (await SnapshotAsync(imported, "tags", "p/r0", "p/r1")).ShouldBe(expected);
    }

    [Fact]
    public async Task A_missing_reference_rolls_the_whole_batch_back()
    {
        var store = await CreateAsync();
        var batch = new[]
        {
            new RepositoryImport("ok", Blobs, [Write("ok", "v1")]),
            new RepositoryImport("broken", [Blobs[0]], [Write("broken", "v1")]), // the layer was never linked
        };
        var error = await Should.ThrowAsync<InvalidOperationException>(() => store.ImportAsync(batch, None));
        error.Message.ShouldContain(D('2').ToString());
        (await store.RepositoryExistsAsync("ok", None)).ShouldBeFalse();
        (await store.ResolveTagAsync("ok", "v1", None)).ShouldBeNull();
        (await store.GetBlobAsync(D('1'), None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_manifest_for_another_repository_is_refused()
    {
        var store = await CreateAsync();
        await Should.ThrowAsync<ArgumentException>(() => store.ImportAsync([new RepositoryImport("a", Blobs, [Write("b", "v1")])], None));
        (await store.RepositoryExistsAsync("a", None)).ShouldBeFalse();
    }
}
