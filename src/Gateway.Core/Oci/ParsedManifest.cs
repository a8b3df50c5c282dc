namespace Gateway.Core.Oci;

/// <summary>
/// The parts of a manifest or index the registry needs: what it references (for validation, GC and
/// referrers) and its artifact type. The original bytes are stored untouched; this is only a view.
/// </summary>
public sealed record ParsedManifest(
    string MediaType,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>The artifact type the referrers API reports: artifactType, else the config media type (OCI 1.1 rule).</summary>
    public string? EffectiveArtifactType => ArtifactType ?? Config?.MediaType;

    /// <summary>Every blob this manifest references (config and layers).</summary>
    public IEnumerable<Descriptor> Blobs => Config is null ? Layers : Layers.Prepend(Config);
}
