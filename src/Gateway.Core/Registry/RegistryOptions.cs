namespace Gateway.Core.Registry;

/// <summary>The registry's tunables (configuration section "Gateway:Registry").</summary>
public sealed record RegistryOptions
{
    /// <summary>Upload sessions not touched for this long are purged with their parts.</summary>
    public TimeSpan UploadPurgeAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often the purge of stale uploads runs.</summary>
    public TimeSpan UploadPurgeInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>GC never deletes a blob younger than this: a manifest referencing it may be on its way.</summary>
    public TimeSpan GcGracePeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Default and maximum page size of tags list and catalog.</summary>
    public int DefaultPageSize { get; init; } = 1000;
    public int MaxPageSize { get; init; } = 10000;

    /// <summary>Largest blob accepted in one upload (default 64 GiB).</summary>
    public long MaxBlobBytes { get; init; } = 64L << 30;
}
