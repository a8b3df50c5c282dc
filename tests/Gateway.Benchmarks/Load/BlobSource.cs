using System.Net;
using System.Security.Cryptography;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// Incompressible blobs without holding them all: one random pool of the blob size; blob i is the pool
/// with its first 8 bytes replaced by i (and a per-run salt), so every blob is distinct. Digests are
/// computed before any timing starts, so the client spends no CPU hashing while it is measured.
/// </summary>
internal sealed class BlobSource
{
    private readonly byte[] _pool;
    private readonly long _salt;

    public BlobSource(int count, int size, long salt)
    {
        if (size < 16) throw new ArgumentOutOfRangeException(nameof(size), "blobs are at least 16 bytes");
        _pool = RandomNumberGenerator.GetBytes(size);
        _salt = salt;
        Digests = new string[count];
        Parallel.For(0, count, i =>
        {
            using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            h.AppendData(Prefix(i));
            h.AppendData(_pool, 16, size - 16);
            Digests[i] = "sha256:" + Convert.ToHexStringLower(h.GetHashAndReset());
        });
    }

    public string[] Digests { get; }

    public int Size => _pool.Length;

    public byte[] Prefix(int i)
    {
        var p = new byte[16];
        BitConverter.TryWriteBytes(p.AsSpan(0, 8), (long)i);
        BitConverter.TryWriteBytes(p.AsSpan(8, 8), _salt);
        return p;
    }

    public HttpContent Content(int i) => new BlobContent(Prefix(i), _pool);

    public async Task WriteFileAsync(int i, string path)
    {
        await using var f = File.Create(path);
        await f.WriteAsync(Prefix(i));
        await f.WriteAsync(_pool.AsMemory(16));
    }

    private sealed class BlobContent(byte[] prefix, byte[] pool) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(prefix);
            for (var offset = 16; offset < pool.Length; offset += 1 << 20)
                await stream.WriteAsync(pool.AsMemory(offset, Math.Min(1 << 20, pool.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = pool.Length;
            return true;
        }
    }
}
