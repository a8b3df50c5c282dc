using System.Text;
using Gateway.Core.Storage;

namespace Gateway.Core.Tests.Storage;

/// <summary>The storage driver contract: every IBlobStore implementation runs these same tests.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore CreateStore();

    private static async Task WriteAsync(IBlobStore store, string key, string text)
    {
        await using var session = await store.BeginWriteAsync(CancellationToken.None);
        await session.Stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await session.CommitAsync(key, CancellationToken.None);
    }

    private static async Task<string?> ReadAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Committed_objects_are_readable_and_seekable()
    {
        var store = CreateStore();
        await WriteAsync(store, "blobs/sha256/ab/abc", "hello world");
        (await ReadAsync(store, "blobs/sha256/ab/abc")).ShouldBe("hello world");
        await using var stream = (await store.OpenReadAsync("blobs/sha256/ab/abc", CancellationToken.None))!;
        stream.CanSeek.ShouldBeTrue();
        stream.Seek(6, SeekOrigin.Begin);
        var buffer = new byte[5];
        await stream.ReadExactlyAsync(buffer);
        Encoding.UTF8.GetString(buffer).ShouldBe("world");
        (await store.ExistsAsync("blobs/sha256/ab/abc", CancellationToken.None)).ShouldBeTrue();
    }

    [Fact]
    public async Task Uncommitted_writes_are_invisible_and_discarded()
    {
        var store = CreateStore();
        await using (var session = await store.BeginWriteAsync(CancellationToken.None))
        {
            await session.Stream.WriteAsync("partial"u8.ToArray());
        }
        var keys = new List<string>();
        await foreach (var key in store.ListAsync("blobs/", CancellationToken.None)) keys.Add(key);
        keys.ShouldBeEmpty();
    }

    [Fact]
    public async Task Missing_objects_are_null_not_errors()
    {
        var store = CreateStore();
        (await store.OpenReadAsync("blobs/none", CancellationToken.None)).ShouldBeNull();
        (await store.ExistsAsync("blobs/none", CancellationToken.None)).ShouldBeFalse();
        (await store.DeleteAsync("blobs/none", CancellationToken.None)).ShouldBeFalse();
        (await store.MoveAsync("blobs/none", "blobs/other", CancellationToken.None)).ShouldBeFalse();
    }

    [Fact]
    public async Task Move_replaces_and_delete_removes()
    {
        var store = CreateStore();
        await WriteAsync(store, "uploads/u1/0", "part");
        await WriteAsync(store, "blobs/x", "old");
        (await store.MoveAsync("uploads/u1/0", "blobs/x", CancellationToken.None)).ShouldBeTrue();
        (await ReadAsync(store, "blobs/x")).ShouldBe("part");
        (await store.ExistsAsync("uploads/u1/0", CancellationToken.None)).ShouldBeFalse();
        (await store.DeleteAsync("blobs/x", CancellationToken.None)).ShouldBeTrue();
        (await ReadAsync(store, "blobs/x")).ShouldBeNull();
    }

    [Fact]
    public async Task List_returns_keys_under_a_prefix()
    {
        var store = CreateStore();
        await WriteAsync(store, "uploads/a/1", "1");
        await WriteAsync(store, "uploads/a/2", "2");
        await WriteAsync(store, "uploads/b/1", "3");
        var keys = new List<string>();
        await foreach (var key in store.ListAsync("uploads/a/", CancellationToken.None)) keys.Add(key);
        keys.Order().ShouldBe(["uploads/a/1", "uploads/a/2"]);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("a/../../b")]
    public async Task Keys_cannot_escape_the_store(string key)
    {
        var store = CreateStore();
        await Should.ThrowAsync<ArgumentException>(() => store.OpenReadAsync(key, CancellationToken.None));
    }
}

public sealed class FileSystemBlobStoreTests : BlobStoreContract
{
    protected override IBlobStore CreateStore() =>
        new FileSystemBlobStore(Path.Combine(Path.GetTempPath(), $"fs-store-{Guid.NewGuid():N}"));
}
