using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing;

/// <summary>Writes the OCI image manifests that carry signatures (compact JSON, fields in spec order).</summary>
internal static class OciManifestWriter
{
    public static byte[] Write(Descriptor config, IEnumerable<Descriptor> layers, Descriptor? subject = null,
        string? artifactType = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("mediaType", MediaTypes.OciManifest);
            if (artifactType is not null) w.WriteString("artifactType", artifactType);
            w.WritePropertyName("config");
            WriteDescriptor(w, config);
            w.WriteStartArray("layers");
            foreach (var layer in layers) WriteDescriptor(w, layer);
            w.WriteEndArray();
            if (subject is not null)
            {
                w.WritePropertyName("subject");
                WriteDescriptor(w, subject);
            }
            WriteAnnotations(w, annotations);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static void WriteDescriptor(Utf8JsonWriter w, Descriptor d)
    {
        w.WriteStartObject();
        w.WriteString("mediaType", d.MediaType);
        w.WriteString("digest", d.Digest.ToString());
        w.WriteNumber("size", d.Size);
        if (d.ArtifactType is not null) w.WriteString("artifactType", d.ArtifactType);
        WriteAnnotations(w, d.Annotations);
        w.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0) return;
        w.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(x => x.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
    }
}
