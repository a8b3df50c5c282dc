using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>Writes an OCI image layout folder (oci-layout, index.json, blobs/) that skopeo reads as oci:DIR:TAG.</summary>
public sealed class OciLayout
{
    private readonly JsonArray _manifests = [];

    public OciLayout(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.Combine(path, "blobs", "sha256"));
        File.WriteAllText(System.IO.Path.Combine(path, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    public string Path { get; }

    public void AddBlob(byte[] content)
    {
        var hex = RegistryClient.Sha256(content)["sha256:".Length..];
        File.WriteAllBytes(System.IO.Path.Combine(Path, "blobs", "sha256", hex), content);
    }

    public void AddImage(TestImage image, string? tag)
    {
        foreach (var blob in image.Blobs) AddBlob(blob.Content);
        AddManifest(image.Manifest, image.MediaType, tag);
    }

    /// <summary>Add manifest bytes and list them in index.json under <paramref name="tag"/> (null: stored, not listed).</summary>
    public void AddManifest(byte[] manifest, string mediaType, string? tag)
    {
        AddBlob(manifest);
        if (tag is null) return;
        _manifests.Add(new JsonObject
        {
            ["mediaType"] = mediaType,
            ["digest"] = RegistryClient.Sha256(manifest),
            ["size"] = manifest.Length,
            ["annotations"] = new JsonObject { ["org.opencontainers.image.ref.name"] = tag },
        });
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = _manifests.DeepClone() };
        File.WriteAllText(System.IO.Path.Combine(Path, "index.json"), index.ToJsonString(), new UTF8Encoding(false));
    }
}
