using System.Text.Json;

namespace Gateway.Core.Oci;

/// <summary>
/// Parses and validates manifest bytes against the OCI image spec and Docker schema2: well-formed JSON,
/// a supported media type consistent with the request's Content-Type, well-formed descriptors.
/// Whether the referenced content exists is checked by the caller against the repository.
/// </summary>
public static class ManifestParser
{
    /// <summary>distribution's limit on manifest size.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    public static OciResult<ParsedManifest> Parse(ReadOnlySpan<byte> content, string? contentType)
    {
        if (content.Length > MaxManifestBytes)
            return OciError.Of(OciErrorCode.ManifestTooLarge, $"manifest is {content.Length} bytes; the limit is {MaxManifestBytes}");
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { MaxDepth = 64 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return Invalid($"manifest is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            return Parse(doc.RootElement, NormalizeContentType(contentType));
        }
    }

    private static string? NormalizeContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semi = contentType.IndexOf(';');
        return (semi >= 0 ? contentType[..semi] : contentType).Trim();
    }

    private static OciResult<ParsedManifest> Parse(JsonElement root, string? contentType)
    {
        if (root.ValueKind != JsonValueKind.Object) return Invalid("manifest must be a JSON object");
        var mediaType = OptionalString(root, "mediaType", out var mtError);
        if (mtError is not null) return Invalid(mtError);
        if (root.TryGetProperty("schemaVersion", out var sv) && (sv.ValueKind != JsonValueKind.Number || !sv.TryGetInt32(out var v) || v != 2))
            return Invalid("schemaVersion must be 2");
        if (!root.TryGetProperty("schemaVersion", out _)) return Invalid("schemaVersion is required");

        // The OCI spec lets mediaType be omitted in the body; then the Content-Type decides, and the shape must agree.
        var effective = mediaType ?? contentType ?? Guess(root);
        if (effective is null || !MediaTypes.IsSupported(effective))
            return OciError.Of(OciErrorCode.ManifestInvalid, $"unsupported manifest media type '{effective ?? "(none)"}'; supported: {string.Join(", ", MediaTypes.All)}");
        if (mediaType is not null && contentType is not null && mediaType != contentType)
            return Invalid($"manifest mediaType '{mediaType}' does not match Content-Type '{contentType}'");
        if (mediaType is null && contentType is not null && !MediaTypes.IsSupported(contentType))
            return Invalid($"unsupported Content-Type '{contentType}'");

        var artifactType = OptionalString(root, "artifactType", out var atError);
        if (atError is not null) return Invalid(atError);
        var annotations = ReadAnnotations(root, out var annError);
        if (annError is not null) return Invalid(annError);
        Descriptor? subject = null;
        if (root.TryGetProperty("subject", out var subjectElement))
        {
            var s = ReadDescriptor(subjectElement, "subject");
            if (!s.IsSuccess) return s.Error;
            subject = s.Value;
        }

        if (MediaTypes.IsIndex(effective))
        {
            if (root.TryGetProperty("layers", out _) || root.TryGetProperty("config", out _))
                return Invalid("an index must not have config or layers");
            var manifests = ReadDescriptors(root, "manifests", required: true);
            if (!manifests.IsSuccess) return manifests.Error;
            foreach (var m in manifests.Value)
            {
                if (!MediaTypes.IsSupported(m.MediaType))
                    return Invalid($"index entry {m.Digest} has unsupported media type '{m.MediaType}'");
            }
            return OciResult<ParsedManifest>.Ok(new ParsedManifest(effective, null, [], manifests.Value, subject, artifactType, annotations));
        }

        if (root.TryGetProperty("manifests", out _)) return Invalid("an image manifest must not have manifests");
        if (!root.TryGetProperty("config", out var configElement)) return Invalid("config is required");
        var config = ReadDescriptor(configElement, "config");
        if (!config.IsSuccess) return config.Error;
        var layers = ReadDescriptors(root, "layers", required: effective == MediaTypes.DockerManifest);
        if (!layers.IsSuccess) return layers.Error;
        if (artifactType is null && config.Value.MediaType == MediaTypes.OciEmpty && effective == MediaTypes.OciManifest)
            return Invalid("artifactType is required when config.mediaType is application/vnd.oci.empty.v1+json");
        return OciResult<ParsedManifest>.Ok(new ParsedManifest(effective, config.Value, layers.Value, [], subject, artifactType, annotations));
    }

    private static string? Guess(JsonElement root) =>
        root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex
        : root.TryGetProperty("config", out _) ? MediaTypes.OciManifest
        : null;

    private static OciResult<IReadOnlyList<Descriptor>> ReadDescriptors(JsonElement root, string property, bool required)
    {
        if (!root.TryGetProperty(property, out var array))
            return required ? Invalid($"{property} is required") : OciResult<IReadOnlyList<Descriptor>>.Ok([]);
        if (array.ValueKind != JsonValueKind.Array) return Invalid($"{property} must be an array");
        var list = new List<Descriptor>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var d = ReadDescriptor(item, $"{property}[{i++}]");
            if (!d.IsSuccess) return d.Error;
            list.Add(d.Value);
        }
        return OciResult<IReadOnlyList<Descriptor>>.Ok(list);
    }

    private static OciResult<Descriptor> ReadDescriptor(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) return Invalid($"{where} must be a descriptor object");
        var mediaType = OptionalString(e, "mediaType", out var err);
        if (err is not null || string.IsNullOrEmpty(mediaType)) return Invalid($"{where}.mediaType is required and must be a string");
        var digestText = OptionalString(e, "digest", out err);
        if (err is not null || !Digest.TryParse(digestText, out var digest))
            return OciError.Of(OciErrorCode.ManifestInvalid, $"{where}.digest '{digestText}' is not a valid digest");
        if (!e.TryGetProperty("size", out var sizeElement) || sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt64(out var size) || size < 0)
            return Invalid($"{where}.size is required and must be a non-negative integer");
        var artifactType = OptionalString(e, "artifactType", out err);
        if (err is not null) return Invalid($"{where}.{err}");
        var annotations = ReadAnnotations(e, out err);
        if (err is not null) return Invalid($"{where}.{err}");
        Platform? platform = null;
        if (e.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(OptionalString(p, "os", out _), OptionalString(p, "architecture", out _), OptionalString(p, "variant", out _));
        }
        return OciResult<Descriptor>.Ok(new Descriptor(mediaType, digest, size, artifactType, annotations, platform));
    }

    private static Dictionary<string, string>? ReadAnnotations(JsonElement e, out string? error)
    {
        error = null;
        if (!e.TryGetProperty("annotations", out var a) || a.ValueKind == JsonValueKind.Null) return null;
        if (a.ValueKind != JsonValueKind.Object) { error = "annotations must be an object of strings"; return null; }
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) { error = $"annotation '{p.Name}' must be a string"; return null; }
            d[p.Name] = p.Value.GetString()!;
        }
        return d;
    }

    private static string? OptionalString(JsonElement e, string property, out string? error)
    {
        error = null;
        if (!e.TryGetProperty(property, out var v)) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        error = $"{property} must be a string";
        return null;
    }

    private static OciError Invalid(string message) => OciError.Of(OciErrorCode.ManifestInvalid, message);
}
