namespace Gateway.Core.Oci;

/// <summary>An OCI content descriptor: what a manifest says about a blob or a child manifest.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size, string? ArtifactType = null,
    IReadOnlyDictionary<string, string>? Annotations = null, Platform? Platform = null);

public sealed record Platform(string? Os, string? Architecture, string? Variant);
