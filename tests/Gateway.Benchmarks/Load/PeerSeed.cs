using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// <c>load seed-peer --root DIR (--repo NAME --tags N | --prefix P --repos N)</c>: writes what populate-tags /
/// populate-repos would have pushed straight into docker-registry's filesystem storage (its documented layout under
/// <c>docker/registry/v2/</c>): one small image (config + 1 KiB layer + manifest) in <c>blobs/</c>, and per
/// repository the <c>_layers</c> and <c>_manifests/revisions</c> links and the <c>_manifests/tags/&lt;tag&gt;/current</c>
/// link. The registry serves what its storage holds, so its tags list and catalog are then
/// measured at the same scale as the gateway's without pushing 100,000 objects through its API first
/// (which took it longer than the whole benchmark may). Only for the peer: the gateway is always populated
/// through its own HTTP API.
/// </summary>
internal static class PeerSeed
{
    public static async Task<object> RunAsync(LoadTool.Options o)
    {
        var root = Path.Combine(o.Require("root"), "docker", "registry", "v2");
        var image = WriteImage(root);
        var sw = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Int("parallel", 4) };
        int count;
        if (o.Get("repo") is { } repo)
        {
            count = o.Int("tags", 10);
            var dir = RepositoryDir(root, repo);
            LinkImage(dir, image);
            await Parallel.ForAsync(0, count, parallel, (i, _) => { Tag(dir, $"t{i}", image.Manifest); return ValueTask.CompletedTask; });
            return new { command = "seed-peer", repo, tags = count, seconds = sw.Elapsed.TotalSeconds, digest = image.Manifest, small_blob = image.Layer, seeded_on_disk = true };
        }
        var prefix = o.Require("prefix");
        count = o.Int("repos", 10);
        await Parallel.ForAsync(0, count, parallel, (i, _) =>
        {
            var dir = RepositoryDir(root, $"{prefix}/r{i:D6}");
            LinkImage(dir, image);
            Tag(dir, "v1", image.Manifest);
            return ValueTask.CompletedTask;
        });
        return new { command = "seed-peer", prefix, repos = count, seconds = sw.Elapsed.TotalSeconds, digest = image.Manifest, seeded_on_disk = true };
    }

    private sealed record Image(string Config, string Layer, string Manifest);

    private static string RepositoryDir(string root, string name) => Path.Combine(root, "repositories", name.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The same kind of image populate-* pushes: a 1 KiB random layer, a config naming it, an OCI manifest.</summary>
    private static Image WriteImage(string root)
    {
        var layer = RandomNumberGenerator.GetBytes(1024);
        var layerDigest = Blob(root, layer);
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{layerDigest}\"]}}}}");
        var configDigest = Blob(root, config);
        var manifest = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]}}");
        return new Image(configDigest, layerDigest, Blob(root, manifest));
    }

    /// <summary>blobs/sha256/&lt;first two hex&gt;/&lt;hex&gt;/data holds the bytes.</summary>
    private static string Blob(string root, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var dir = Path.Combine(root, "blobs", "sha256", hex[..2], hex);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "data"), content);
        return "sha256:" + hex;
    }

    /// <summary>A repository links the blobs it may serve (_layers) and the manifests it holds (_manifests/revisions).</summary>
    private static void LinkImage(string repositoryDir, Image image)
    {
        Link(Path.Combine(repositoryDir, "_layers", "sha256", image.Config[7..]), image.Config);
        Link(Path.Combine(repositoryDir, "_layers", "sha256", image.Layer[7..]), image.Layer);
        Link(Path.Combine(repositoryDir, "_manifests", "revisions", "sha256", image.Manifest[7..]), image.Manifest);
    }

    /// <summary>
    /// A tag: _manifests/tags/&lt;tag&gt;/current/link. The tag's index (the digests it has pointed at) is left out:
    /// serving a tag, the tags list and the catalog never read it (only deleting a manifest does), and it would add
    /// four inodes per tag to a tree that has to be written and deleted again within the run.
    /// </summary>
    private static void Tag(string repositoryDir, string tag, string manifest) =>
        Link(Path.Combine(repositoryDir, "_manifests", "tags", tag, "current"), manifest);

    private static void Link(string dir, string digest)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "link"), digest);
    }
}
