using Gateway.Core.Oci;
using Gateway.Core.Storage;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Core.Tests.Storage;

/// <summary>The metadata store contract: every IMetadataStore implementation runs these same tests.</summary>
public abstract class MetadataStoreContract
{
    protected abstract Task<IMetadataStore> CreateStoreAsync();

    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));
    private static readonly CancellationToken None = CancellationToken.None;

    private static ManifestWrite Manifest(string repo, Digest digest, string? tag, Digest[] blobs, Digest? subject = null, string? artifactType = null, Digest[]? children = null) =>
        new(new ManifestRecord(repo, digest, MediaTypes.OciManifest, 100, artifactType, subject, Now), blobs, children ?? [], tag);

    [Fact]
    public async Task Blobs_are_linked_per_repository()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("a", D('1'), 10, Now, None);
        (await store.GetRepositoryBlobAsync("a", D('1'), None))!.Size.ShouldBe(10);
        (await store.GetRepositoryBlobAsync("b", D('1'), None)).ShouldBeNull();
        (await store.GetBlobAsync(D('1'), None)).ShouldNotBeNull();
        (await store.UnlinkBlobAsync("a", D('1'), None)).ShouldBeTrue();
        (await store.GetRepositoryBlobAsync("a", D('1'), None)).ShouldBeNull();
        (await store.UnlinkBlobAsync("a", D('1'), None)).ShouldBeFalse();
    }

    [Fact]
    public async Task Manifest_put_checks_references_atomically()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("r", D('1'), 10, Now, None);
        var refused = await store.PutManifestAsync(Manifest("r", D('e'), "v1", [D('1'), D('2')]), None);
        refused.Committed.ShouldBeFalse();
        refused.MissingBlob.ShouldBe(D('2'));
        (await store.GetManifestAsync("r", D('e'), None)).ShouldBeNull();
        (await store.ResolveTagAsync("r", "v1", None)).ShouldBeNull();

        await store.LinkBlobAsync("r", D('2'), 20, Now, None);
        (await store.PutManifestAsync(Manifest("r", D('e'), "v1", [D('1'), D('2')]), None)).Committed.ShouldBeTrue();
        (await store.ResolveTagAsync("r", "v1", None)).ShouldBe(D('e'));
        (await store.GetManifestAsync("r", D('e'), None))!.MediaType.ShouldBe(MediaTypes.OciManifest);
    }

    [Fact]
    public async Task Index_requires_children_in_the_repository()
    {
        var store = await CreateStoreAsync();
        var refused = await store.PutManifestAsync(Manifest("r", D('9'), "multi", [], children: [D('c')]), None);
        refused.MissingManifest.ShouldBe(D('c'));
    }

    [Fact]
    public async Task Tags_move_list_sorted_and_delete()
    {
        var store = await CreateStoreAsync();
        await store.PutManifestAsync(Manifest("r", D('a'), "b", []), None);
        await store.PutManifestAsync(Manifest("r", D('b'), "a", []), None);
        await store.PutManifestAsync(Manifest("r", D('b'), "c", []), None);
        await store.PutManifestAsync(Manifest("r", D('b'), "b", []), None);
        (await store.ResolveTagAsync("r", "b", None)).ShouldBe(D('b'));
        var page = await store.ListTagsAsync("r", null, 2, None);
        page.Items.ShouldBe(["a", "b"]);
        page.HasMore.ShouldBeTrue();
        (await store.ListTagsAsync("r", "b", 2, None)).Items.ShouldBe(["c"]);
        (await store.GetTagsOfAsync("r", D('b'), None)).ShouldBe(["a", "b", "c"]);
        (await store.DeleteTagAsync("r", "a", None)).ShouldBeTrue();
        (await store.DeleteTagAsync("r", "a", None)).ShouldBeFalse();
        (await store.DeleteManifestAsync("r", D('b'), None)).ShouldBeTrue();
        (await store.ListTagsAsync("r", null, 10, None)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Referrers_by_subject_and_artifact_type()
    {
        var store = await CreateStoreAsync();
        await store.PutManifestAsync(Manifest("r", D('5'), "v1", []), None);
        await store.PutManifestAsync(Manifest("r", D('6'), null, [], D('5'), "application/sig"), None);
        await store.PutManifestAsync(Manifest("r", D('7'), null, [], D('5'), "application/sbom"), None);
        await store.PutManifestAsync(Manifest("other", D('8'), null, [], D('5'), "application/sig"), None);
        (await store.ListReferrersAsync("r", D('5'), null, None)).Select(m => m.Digest).ShouldBe([D('6'), D('7')]);
        (await store.ListReferrersAsync("r", D('5'), "application/sbom", None)).Select(m => m.Digest).ShouldBe([D('7')]);
    }

    [Fact]
    public async Task Catalog_is_sorted_and_paginated()
    {
        var store = await CreateStoreAsync();
        foreach (var repo in new[] { "c", "a", "b/x" }) await store.LinkBlobAsync(repo, D('1'), 1, Now, None);
        (await store.ListRepositoriesAsync(null, 10, None)).Items.ShouldBe(["a", "b/x", "c"]);
        var page = await store.ListRepositoriesAsync("a", 1, None);
        page.Items.ShouldBe(["b/x"]);
        page.HasMore.ShouldBeTrue();
        (await store.RepositoryExistsAsync("b/x", None)).ShouldBeTrue();
        (await store.RepositoryExistsAsync("b", None)).ShouldBeFalse();
    }

    [Fact]
    public async Task Upload_parts_append_only_at_the_current_size()
    {
        var store = await CreateStoreAsync();
        var id = Guid.NewGuid();
        await store.CreateUploadAsync(new UploadSession(id, "r", 0, 0, Now, Now), None);
        (await store.AddUploadPartAsync(id, new UploadPart(0, 0, 10, D('1')), Now, None)).ShouldBeTrue();
        (await store.AddUploadPartAsync(id, new UploadPart(1, 5, 10, D('2')), Now, None)).ShouldBeFalse();
        (await store.AddUploadPartAsync(id, new UploadPart(0, 0, 10, D('2')), Now, None)).ShouldBeFalse();
        (await store.AddUploadPartAsync(id, new UploadPart(1, 10, 7, D('3')), Now.AddMinutes(1), None)).ShouldBeTrue();
        var session = (await store.GetUploadAsync(id, None))!;
        session.Size.ShouldBe(17);
        session.PartCount.ShouldBe(2);
        (await store.GetUploadPartsAsync(id, None)).Select(p => p.Digest).ShouldBe([D('1'), D('3')]);
        (await store.ListUploadsUpdatedBeforeAsync(Now.AddSeconds(30), None)).ShouldBeEmpty();
        (await store.ListUploadsUpdatedBeforeAsync(Now.AddMinutes(2), None)).Single().Id.ShouldBe(id);
        (await store.DeleteUploadAsync(id, None)).ShouldBeTrue();
        (await store.GetUploadAsync(id, None)).ShouldBeNull();
        (await store.GetUploadPartsAsync(id, None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sweep_finds_unreferenced_old_blobs_only()
    {
        var store = await CreateStoreAsync();
        await store.LinkBlobAsync("r", D('1'), 1, Now, None);
        await store.LinkBlobAsync("r", D('2'), 2, Now, None);
        await store.LinkBlobAsync("r", D('3'), 3, Now.AddHours(2), None);
        await store.PutManifestAsync(Manifest("r", D('e'), "v1", [D('1')]), None);
        var cutoff = Now.AddHours(1);
        (await store.SweepUnreferencedBlobsAsync(cutoff, dryRun: true, None)).Select(b => b.Digest).ShouldBe([D('2')]);
        (await store.GetBlobAsync(D('2'), None)).ShouldNotBeNull();
        (await store.SweepUnreferencedBlobsAsync(cutoff, dryRun: false, None)).Select(b => b.Digest).ShouldBe([D('2')]);
        (await store.GetBlobAsync(D('2'), None)).ShouldBeNull();
        (await store.GetRepositoryBlobAsync("r", D('2'), None)).ShouldBeNull();
        (await store.GetBlobAsync(D('e'), None)).ShouldNotBeNull();
    }
}

public sealed class SqliteMetadataStoreTests : MetadataStoreContract
{
    protected override async Task<IMetadataStore> CreateStoreAsync()
    {
        var store = new SqliteMetadataStore(Path.Combine(Path.GetTempPath(), $"meta-{Guid.NewGuid():N}", "metadata.db"));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meta-{Guid.NewGuid():N}", "metadata.db");
        var first = new SqliteMetadataStore(path);
        await first.InitializeAsync(CancellationToken.None);
        await first.LinkBlobAsync("r", Digest.Parse("sha256:" + new string('1', 64)), 1, DateTimeOffset.UtcNow, CancellationToken.None);
        var second = new SqliteMetadataStore(path);
        await second.InitializeAsync(CancellationToken.None);
        (await second.RepositoryExistsAsync("r", CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Every_connection_from_the_pool_carries_the_per_connection_settings()
    {
        var path = Path.Combine(Path.GetTempPath(), $"meta-{Guid.NewGuid():N}", "metadata.db");
        var connectionString = SqliteMetadataStore.ConnectionStringFor(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Several at once (several physical connections), then again (the same ones, back from the pool).
        for (var round = 0; round < 2; round++)
        {
            var open = new List<Microsoft.Data.Sqlite.SqliteConnection>();
            for (var i = 0; i < 3; i++) open.Add(await SqliteMetadataStore.OpenConnectionAsync(connectionString, CancellationToken.None));
            foreach (var c in open)
            {
                (await SqliteMetadataStore.ScalarAsync(c, null, "PRAGMA foreign_keys", CancellationToken.None)).ShouldBe(1L);
                (await SqliteMetadataStore.ScalarAsync(c, null, "PRAGMA synchronous", CancellationToken.None)).ShouldBe(1L); // NORMAL
                await c.DisposeAsync();
            }
        }
    }
}
