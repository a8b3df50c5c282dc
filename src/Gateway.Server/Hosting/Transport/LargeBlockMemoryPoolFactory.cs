using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Server.Hosting.Transport;

/// <summary>Gives Kestrel's transport <see cref="LargeBlockMemoryPool"/>s instead of its 4 KiB-block pools.</summary>
internal sealed class LargeBlockMemoryPoolFactory(int blockSize, int maxRetainedBlocks) : IMemoryPoolFactory<byte>
{
    /// <summary>One envelope chunk (64 KiB by default) plus room, so a whole chunk fits one block.</summary>
    public const int DefaultBlockSize = 128 * 1024;

    /// <summary>
    /// Blocks kept for reuse per pool (Kestrel makes one per I/O queue): 8 MiB at the default size, about what
    /// a handful of concurrent layer uploads and downloads hold at once.
    /// </summary>
    public const int DefaultMaxRetainedBlocks = 64;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(blockSize, maxRetainedBlocks);
}
