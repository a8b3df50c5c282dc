using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Gateway.Core.Encryption;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Storage;
using Gateway.Core.Storage.Sqlite;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// <c>load seed-gateway --data DIR [--keys DIR] (--repo NAME --tags N | --prefix P --repos N)</c>: writes what
/// populate-tags / populate-repos would have pushed into a STOPPED gateway's data folder, through the gateway's own
/// storage classes: the image's config, layer and manifest are encrypted into the blob store by
/// <see cref="ContentStore"/> with the development key provider the server is configured with (keys-dev/), exactly as an
/// upload and a manifest PUT store them; the metadata each push would commit (blob links, manifest record, references,
/// tag) comes from <see cref="ManifestService.WriteOf"/> and is written by <see cref="SqliteMetadataStore.ImportAsync"/>,
/// with the same statements a push runs, many pushes per transaction. The push's audit records are not written (the
/// audit chain records requests, and none were made). Tags are t0..t(N-1) in one repository; repositories are
/// P/r000000.. each holding the image tagged v1 — the same names populate-* and seed-peer use.
/// </summary>
internal static class GatewaySeed
{
    public static async Task<object> RunAsync(LoadTool.Options o)
    {
        var data = o.Require("data");
        var batchSize = o.Int("batch", 5_000);
        var ct = CancellationToken.None;
        var sw = Stopwatch.StartNew();
        var metadata = new SqliteMetadataStore(Path.Combine(data, "metadata.db"));
        await metadata.InitializeAsync(ct);
        var keys = DevelopmentKeyProvider.Load(o.Get("keys") ?? "keys-dev");
        var envelope = new EnvelopeOptions { ChunkSize = o.Int("chunk-size", EnvelopeOptions.DefaultChunkSize) };
        var content = new ContentStore(new FileSystemBlobStore(Path.Combine(data, "blobs")), keys, envelope);
        var image = await StoreImageAsync(content, ct);
        var now = DateTimeOffset.UtcNow;
        var blobs = new[] { new BlobRecord(image.Config, image.ConfigSize, now), new BlobRecord(image.Layer, image.LayerSize, now) };
        int count;
        if (o.Get("repo") is { } repo)
        {
            count = o.Int("tags", 10);
            for (var start = 0; start < count; start += batchSize)
            {
                var writes = Enumerable.Range(start, Math.Min(batchSize, count - start)).Select(i => Write(image, repo, $"t{i}", now)).ToList();
                // The blobs are linked as the image's upload linked them, once, before its first tag.
                await metadata.ImportAsync([new RepositoryImport(repo, start == 0 ? blobs : [], writes)], ct);
            }
            return new { command = "seed-gateway", repo, tags = count, seconds = sw.Elapsed.TotalSeconds, digest = image.Manifest.ToString(), seeded = true };
        }
        var prefix = o.Require("prefix");
        count = o.Int("repos", 10);
        for (var start = 0; start < count; start += batchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(batchSize, count - start)).Select(i =>
            {
                var name = $"{prefix}/r{i:D6}";
                // A cross-repository mount links the config and layer, then the manifest PUT tags the image v1.
                return new RepositoryImport(name, blobs, [Write(image, name, "v1", now)]);
            }).ToList();
            await metadata.ImportAsync(batch, ct);
        }
        return new { command = "seed-gateway", prefix, repos = count, seconds = sw.Elapsed.TotalSeconds, digest = image.Manifest.ToString(), seeded = true };
    }

    private sealed record Image(Digest Config, long ConfigSize, Digest Layer, long LayerSize, Digest Manifest, byte[] ManifestBytes, ParsedManifest Parsed);

    /// <summary>The metadata a manifest PUT of the image to repository:tag commits, from the same parse and the same builder.</summary>
    private static ManifestWrite Write(Image image, string repository, string tag, DateTimeOffset now) =>
        ManifestService.WriteOf(new ValidatedManifest(repository, tag, image.Manifest, image.Parsed, image.ManifestBytes), now);

    /// <summary>The same kind of image populate-* pushes (a 1 KiB random layer, a config naming it, an OCI manifest), stored encrypted.</summary>
    private static async Task<Image> StoreImageAsync(ContentStore content, CancellationToken ct)
    {
        var layer = RandomNumberGenerator.GetBytes(1024);
        var layerDigest = await StoreAsync(content, layer, ct);
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{layerDigest}\"]}}}}");
        var configDigest = await StoreAsync(content, config, ct);
        const string mediaType = "application/vnd.oci.image.manifest.v1+json";
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]}}");
        // Parsed and checked as a manifest PUT parses it; an error here means the seed would not be what a push stores.
        var parsed = ManifestParser.Parse(manifest, mediaType);
        if (!parsed.IsSuccess) throw new InvalidOperationException($"the seed manifest does not parse: {parsed.Error.Message}");
        var manifestDigest = await StoreAsync(content, manifest, ct);
        return new Image(configDigest, config.Length, layerDigest, layer.Length, manifestDigest, manifest, parsed.Value);
    }

    /// <summary>Encrypt and commit under the blob key (stage, check the digest, commit), as an upload and a manifest PUT do.</summary>
    private static async Task<Digest> StoreAsync(ContentStore content, byte[] bytes, CancellationToken ct)
    {
        var digest = Digest.Sha256Of(bytes);
        await content.PutBytesAsync(digest, bytes, ct);
        return digest;
    }
}
