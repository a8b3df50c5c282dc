using System.Security.Claims;
using System.Text.Json;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Storage;
using Gateway.Rego.Values;

namespace Gateway.Core.Admission.Policy;

/// <summary>
/// Builds the Rego input document for one admission decision (documented field by field in
/// policies/README.md): the action, what is being pushed or pulled, who asks, the image's config, its
/// signature state and referrers, and the request. Built once per decision.
/// </summary>
public sealed class AdmissionInputBuilder(ContentStore content, ListingService listings, ISignatureStateSource signatures)
{
    /// <summary>Config blobs larger than this are not parsed into the input (a config is a few KiB in practice).</summary>
    private const long MaxConfigBytes = 1 << 20;

    public async Task<RegoValue> BuildAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var signatureState = await signatures.GetAsync(request.Repository, request.Digest, cancellationToken);
        var referrers = await listings.ListReferrersAsync(request.Repository, request.Digest, null, cancellationToken);
        var input = new JsonObjectBuilder()
            .Add("action", request.Action.ToString().ToLowerInvariant())
            .Add("repository", request.Repository)
            .Add("tag", request.Tag)
            .Add("digest", request.Digest.ToString())
            .Add("media_type", request.MediaType)
            .Add("principal", Principal(request.Request.User))
            .Add("manifest", ParseJson(request.ManifestBytes))
            .Add("image", await ImageAsync(request.Manifest, cancellationToken))
            .Add("signatures", Signatures(signatureState))
            .Add("referrers", Referrers(referrers))
            .Add("request", new JsonObjectBuilder()
                .Add("time", request.Request.Time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))
                .Add("time_ns", RegoNumber.Of(System.Numerics.BigInteger.Multiply(request.Request.Time.ToUnixTimeMilliseconds(), 1_000_000)))
                .Add("client_address", request.Request.ClientAddress)
                .Add("user_agent", request.Request.UserAgent)
                .Build());
        return input.Build();
    }

    /// <summary>
    /// The key under which a pull decision may be reused: everything <see cref="BuildAsync"/> puts in the input that can
    /// differ between two pulls of the same digest — who pulls (the principal exactly as the input shows it), from
    /// where and with what client, the tag, the signature state — except the request time, which a reused decision
    /// sees up to the cache lifetime late. Referrers are not in it: a referrer commit clears the cache instead.
    /// Parts are separated by a newline, which none of them can contain (header values and JSON text cannot).
    /// </summary>
    public static string PullDecisionKey(int policyVersion, AdmissionRequest request, SignatureState state) => string.Join('\n',
        policyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        request.Repository,
        request.Digest.ToString(),
        request.Tag ?? "",
        request.MediaType ?? "",
        RegoJson.ToJson(Principal(request.Request.User)),
        request.Request.ClientAddress ?? "",
        request.Request.UserAgent ?? "",
        SignatureFingerprint(state));

    private static string SignatureFingerprint(SignatureState state) =>
        $"{state.Verified}|{state.Policy}|{string.Join(',', state.Signatures.Select(s => $"{s.SignatureDigest}:{s.Verified}"))}";

    private static RegoValue Principal(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
            return new JsonObjectBuilder().Add("id", (string?)null).Add("name", "anonymous").Add("type", "anonymous").Add("tenant", (string?)null)
                .Add("roles", RegoArray.Empty).Add("groups", RegoArray.Empty).Build();
        string? First(params string[] types) => types.Select(t => user.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        RegoArray All(params string[] types) => new(types.SelectMany(t => user.FindAll(t)).Select(c => (RegoValue)new RegoString(c.Value)).Distinct().ToArray());
        return new JsonObjectBuilder()
            .Add("id", First("oid", "http://schemas.microsoft.com/identity/claims/objectidentifier", ClaimTypes.NameIdentifier, "sub"))
            .Add("name", First(ClaimTypes.Name, "name", "preferred_username", "sub"))
            .Add("type", First("principal_type") ?? (First("appid", "azp") is not null && First("oid") is null ? "service_principal" : "user"))
            .Add("tenant", First("tid", "http://schemas.microsoft.com/identity/claims/tenantid"))
            .Add("roles", All(ClaimTypes.Role, "roles"))
            .Add("groups", All("groups"))
            .Build();
    }

    private async Task<RegoValue> ImageAsync(ParsedManifest? manifest, CancellationToken cancellationToken)
    {
        if (manifest is null) return RegoNull.Instance;
        var layers = manifest.Layers;
        var kind = KindOf(manifest);
        var builder = new JsonObjectBuilder()
            .Add("kind", kind)
            .Add("is_index", RegoBool.Of(manifest.IsIndex))
            .Add("layer_count", RegoNumber.Of(layers.Count))
            .Add("layer_sizes", new RegoArray(layers.Select(l => (RegoValue)RegoNumber.Of(l.Size)).ToArray()))
            .Add("size", RegoNumber.Of(layers.Sum(l => l.Size) + (manifest.Config?.Size ?? 0)))
            .Add("artifact_type", manifest.EffectiveArtifactType)
            .Add("annotations", Strings(manifest.Annotations));
        builder.Add("config", kind == "image" && manifest.Config is { } config && config.Size <= MaxConfigBytes
            ? await ConfigAsync(config.Digest, cancellationToken)
            : RegoNull.Instance);
        return builder.Build();
    }

    private static bool IsImageConfig(string mediaType) => mediaType is MediaTypes.OciConfig or MediaTypes.DockerConfig;

    /// <summary>image (runnable), index, signature (cosign or notation) or artifact (SBOMs, attestations, anything else).</summary>
    private static string KindOf(ParsedManifest manifest) =>
        manifest.IsIndex ? "index"
        : Signing.Trust.SignatureArtifacts.IsSignature(manifest) ? "signature"
        : manifest.Config is { } config && IsImageConfig(config.MediaType) && manifest.Subject is null ? "image"
        : "artifact";

    private async Task<RegoValue> ConfigAsync(Digest digest, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadBytesAsync(digest, cancellationToken);
        if (bytes is null || ParseJson(bytes) is not RegoObject config) return RegoNull.Instance;
        var inner = config.Get("config") as RegoObject;
        var history = config.Get("history") as RegoArray;
        return new JsonObjectBuilder()
            .Add("created", config.Get("created") ?? RegoNull.Instance)
            .Add("os", config.Get("os") ?? RegoNull.Instance)
            .Add("architecture", config.Get("architecture") ?? RegoNull.Instance)
            .Add("user", inner?.Get("User") ?? RegoString.Empty)
            .Add("env", inner?.Get("Env") ?? RegoArray.Empty)
            .Add("labels", inner?.Get("Labels") is RegoObject labels ? labels : RegoObject.Empty)
            .Add("history_length", RegoNumber.Of(history?.Count ?? 0))
            .Build();
    }

    private static RegoValue Signatures(SignatureState state) => new JsonObjectBuilder()
        .Add("verified", RegoBool.Of(state.Verified))
        .Add("policy", state.Policy)
        .Add("entries", new RegoArray(state.Signatures.Select(s => new JsonObjectBuilder()
            .Add("format", s.Format)
            .Add("digest", s.SignatureDigest.ToString())
            .Add("verified", RegoBool.Of(s.Verified))
            .Add("key", s.KeyOrIdentity)
            .Add("signing_time", s.SigningTime?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))
            .Add("policy", s.Policy)
            .Add("reason", s.Reason)
            .Build()).ToArray()))
        .Build();

    private static RegoValue Referrers(IReadOnlyList<Descriptor> referrers) => new JsonObjectBuilder()
        .Add("count", RegoNumber.Of(referrers.Count))
        .Add("artifact_types", RegoSet.Of(referrers.Where(r => r.ArtifactType is not null).Select(r => (RegoValue)new RegoString(r.ArtifactType!))))
        .Add("items", new RegoArray(referrers.Select(r => new JsonObjectBuilder()
            .Add("digest", r.Digest.ToString())
            .Add("artifact_type", r.ArtifactType)
            .Add("media_type", r.MediaType)
            .Add("annotations", Strings(r.Annotations))
            .Build()).ToArray()))
        .Build();

    private static RegoValue Strings(IReadOnlyDictionary<string, string>? map) =>
        map is null ? RegoObject.Empty : new RegoObject(map.ToDictionary(kv => (RegoValue)RegoStringPool.Get(kv.Key), kv => (RegoValue)RegoStringPool.Get(kv.Value)));

    private static RegoValue ParseJson(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) return RegoNull.Instance;
        try
        {
            return RegoJson.Parse(bytes.Span);
        }
        catch (JsonException)
        {
            return RegoNull.Instance;
        }
    }

    /// <summary>Small builder for string-keyed Rego objects; null strings become null.</summary>
    private sealed class JsonObjectBuilder
    {
        private readonly Dictionary<RegoValue, RegoValue> _items = new();

        public JsonObjectBuilder Add(string key, RegoValue value)
        {
            // Pooled: the policy's own "format", "digest", … are then the same objects (see RegoStringPool).
            _items[RegoStringPool.Get(key)] = value;
            return this;
        }

        public JsonObjectBuilder Add(string key, string? value) => Add(key, value is null ? RegoNull.Instance : RegoStringPool.Get(value));

        public RegoObject Build() => new(_items);
    }
}
