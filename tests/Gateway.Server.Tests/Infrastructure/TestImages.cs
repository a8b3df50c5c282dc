using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>A blob with its digest and media type.</summary>
public sealed record TestBlob(string MediaType, byte[] Content)
{
    public string Digest { get; } = RegistryClient.Sha256(Content);
    public JsonObject Descriptor() => new() { ["mediaType"] = MediaType, ["digest"] = Digest, ["size"] = Content.Length };
}

/// <summary>An image: config, layers and the manifest bytes that reference them.</summary>
public sealed record TestImage(TestBlob Config, IReadOnlyList<TestBlob> Layers, byte[] Manifest, string MediaType)
{
    public string Digest { get; } = RegistryClient.Sha256(Manifest);
    public IEnumerable<TestBlob> Blobs => Layers.Prepend(Config);
}

/// <summary>Builds real, valid image content: gzip-compressed tar layers, an OCI config, manifests, indexes and artifacts.</summary>
public static class TestImages
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>A gzip tar layer holding one file with the given text (plus random bytes so each layer is unique).</summary>
    public static TestBlob Layer(string fileName, string text, int randomBytes = 1024)
    {
        using var tarBuffer = new MemoryStream();
        using (var tar = new TarWriter(tarBuffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            var payload = Encoding.UTF8.GetBytes(text).Concat(Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), randomBytes)).ToArray();
            var entry = new PaxTarEntry(TarEntryType.RegularFile, fileName) { DataStream = new MemoryStream(payload), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
            tar.WriteEntry(entry);
        }
        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            tarBuffer.Position = 0;
            tarBuffer.CopyTo(gzip);
        }
        return new TestBlob(OciLayer, gz.ToArray());
    }

    public static TestBlob Config(string os = "linux", string architecture = "amd64", IReadOnlyList<TestBlob>? layers = null, IDictionary<string, string>? labels = null, string? user = null)
    {
        var diffIds = new JsonArray();
        foreach (var layer in layers ?? []) diffIds.Add(DiffId(layer));
        var config = new JsonObject
        {
            ["created"] = "2026-11-01T00:00:00Z",
            ["architecture"] = architecture,
            ["os"] = os,
            ["config"] = new JsonObject { ["Env"] = new JsonArray("PATH=/bin"), ["Labels"] = Labels(labels), ["User"] = user ?? "" },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        return new TestBlob(OciConfig, Encoding.UTF8.GetBytes(config.ToJsonString()));
    }

    public static TestImage Image(string marker = "hello", string os = "linux", string architecture = "amd64", int layers = 1, string? user = null, IDictionary<string, string>? labels = null)
    {
        var layerBlobs = Enumerable.Range(0, layers).Select(i => Layer($"file{i}.txt", $"{marker}-{i}")).ToList();
        var config = Config(os, architecture, layerBlobs, labels, user);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = config.Descriptor(),
            ["layers"] = new JsonArray(layerBlobs.Select(l => (JsonNode)l.Descriptor()).ToArray()),
        };
        return new TestImage(config, layerBlobs, Encoding.UTF8.GetBytes(manifest.ToJsonString()), OciManifest);
    }

    public static byte[] Index(params (TestImage Image, string Os, string Architecture)[] children)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray(children.Select(c => (JsonNode)new JsonObject
            {
                ["mediaType"] = c.Image.MediaType,
                ["digest"] = c.Image.Digest,
                ["size"] = c.Image.Manifest.Length,
                ["platform"] = new JsonObject { ["os"] = c.Os, ["architecture"] = c.Architecture },
            }).ToArray()),
        };
        return Encoding.UTF8.GetBytes(index.ToJsonString());
    }

    /// <summary>An OCI 1.1 artifact manifest (empty config, one layer) pointing at <paramref name="subject"/>.</summary>
    public static (byte[] Manifest, TestBlob Empty, TestBlob Payload) Artifact(string artifactType, TestImage subject, string payload)
    {
        var empty = new TestBlob("application/vnd.oci.empty.v1+json", "{}"u8.ToArray());
        var blob = new TestBlob("application/vnd.example.payload.v1+json", Encoding.UTF8.GetBytes(payload));
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["artifactType"] = artifactType,
            ["config"] = empty.Descriptor(),
            ["layers"] = new JsonArray(blob.Descriptor()),
            ["subject"] = new JsonObject { ["mediaType"] = subject.MediaType, ["digest"] = subject.Digest, ["size"] = subject.Manifest.Length },
            ["annotations"] = new JsonObject { ["org.example.note"] = "test" },
        };
        return (Encoding.UTF8.GetBytes(manifest.ToJsonString()), empty, blob);
    }

    private static JsonObject Labels(IDictionary<string, string>? labels)
    {
        var o = new JsonObject();
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) o[k] = v;
        return o;
    }

    private static string DiffId(TestBlob layer)
    {
        using var gzip = new GZipStream(new MemoryStream(layer.Content), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        return RegistryClient.Sha256(raw.ToArray());
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
