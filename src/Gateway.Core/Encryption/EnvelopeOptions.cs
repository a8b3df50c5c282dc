namespace Gateway.Core.Encryption;

/// <summary>Options for writing an envelope. Readers take everything from the envelope header.</summary>
public sealed record EnvelopeOptions
{
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>Smallest accepted chunk: below this the 16-byte tag per chunk becomes a silly overhead.</summary>
    public const int MinChunkSize = 1024;

    /// <summary>Largest accepted chunk: bounds what a reader allocates for one chunk.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    public static EnvelopeOptions Default { get; } = new();

    /// <summary>Plaintext bytes per chunk (the last chunk may be shorter). Recorded in the header.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;
}
