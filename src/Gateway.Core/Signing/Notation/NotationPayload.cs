using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Notation;

/// <summary>The Notary Project payload: {"targetArtifact": descriptor of the signed manifest}.</summary>
internal static class NotationPayload
{
    public static byte[] Create(Descriptor target)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WritePropertyName("targetArtifact");
            OciManifestWriter.WriteDescriptor(w, target);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static bool TryParse(byte[] payload, out Descriptor target, out string error)
    {
        target = null!;
        error = "";
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("targetArtifact", out var t) || t.ValueKind != JsonValueKind.Object)
            {
                error = "payload has no targetArtifact object";
                return false;
            }
            var mediaType = t.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var digestText = t.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            long size = -1;
            var hasSize = t.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out size);
            if (string.IsNullOrEmpty(mediaType) || !Digest.TryParse(digestText, out var digest) || !hasSize || size < 0)
            {
                error = "payload targetArtifact needs mediaType, a valid digest and a size";
                return false;
            }
            target = new Descriptor(mediaType, digest, size);
            return true;
        }
        catch (JsonException e)
        {
            error = $"payload is not JSON: {e.Message}";
            return false;
        }
    }
}
