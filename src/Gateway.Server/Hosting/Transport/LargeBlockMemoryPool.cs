using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Gateway.Server.Hosting.Transport;

/// <summary>
/// A pool of pinned, fixed-size blocks for Kestrel's connection pipes. Kestrel's own pool hands out 4 KiB
/// blocks, so an upload costs one receive syscall per 4 KiB and a download is sent as 4 KiB pieces; a
/// registry moves multi-megabyte layers, and with blocks as large as an envelope chunk a socket read
/// fills up to a whole chunk and a blob GET decrypts each chunk straight into the response's buffer.
/// </summary>
/// <remarks>
/// Blocks are pinned (sockets hand them to the kernel) and kept for reuse up to a bound; beyond it a
/// returned block is left to the GC, so a burst does not pin memory for ever.
/// </remarks>
internal sealed class LargeBlockMemoryPool(int blockSize, int maxRetainedBlocks) : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;
    private bool _disposed;

    public override int MaxBufferSize => blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, blockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }
        return new Block(this, blockSize);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (_disposed) return;
        if (Interlocked.Increment(ref _retained) > maxRetainedBlocks)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }
        _free.Enqueue(block);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;

        public Block(LargeBlockMemoryPool pool, int size)
        {
            _pool = pool;
            Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(size, pinned: true), 0, size);
        }

        public Memory<byte> Memory { get; }

        public void Dispose() => _pool.Return(this);
    }
}
