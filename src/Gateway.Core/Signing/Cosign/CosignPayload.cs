using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>
/// The "simple signing" payload cosign signs: which manifest digest, under which repository reference. Signatures
/// cover the exact payload bytes, so <see cref="Create"/> writes the field order cosign writes and
/// <see cref="Parse"/> reads whatever bytes were signed.
/// </summary>
public sealed record CosignPayload(string DockerReference, Digest ManifestDigest, string Type)
{
    public static byte[] Create(string reference, Digest digest)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("critical");
            w.WriteStartObject("identity");
            w.WriteString("docker-reference", reference);
            w.WriteEndObject();
            w.WriteStartObject("image");
            w.WriteString("docker-manifest-digest", digest.ToString());
            w.WriteEndObject();
            w.WriteString("type", CosignConstants.PayloadType);
            w.WriteEndObject();
            w.WriteNull("optional");
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out CosignPayload parsed, out string error)
    {
        parsed = null!;
        error = "";
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("critical", out var critical) || critical.ValueKind != JsonValueKind.Object)
            {
                error = "payload has no 'critical' object";
                return false;
            }
            var reference = critical.TryGetProperty("identity", out var identity) && identity.ValueKind == JsonValueKind.Object
                && identity.TryGetProperty("docker-reference", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
            var digestText = critical.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object
                && image.TryGetProperty("docker-manifest-digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var type = critical.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            if (reference is null)
            {
                error = "payload has no critical.identity.docker-reference";
                return false;
            }
            if (!Digest.TryParse(digestText, out var digest))
            {
                error = $"payload's critical.image.docker-manifest-digest '{digestText}' is not a digest";
                return false;
            }
            parsed = new CosignPayload(reference, digest, type);
            return true;
        }
        catch (JsonException e)
        {
            error = $"payload is not JSON: {e.Message}";
            return false;
        }
    }

    public static CosignPayload Parse(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var parsed, out var error) ? parsed : throw new FormatException(error);
}
