using System.Security.Cryptography;
using Gateway.Core.Encryption;
using Xunit.Abstractions;

namespace Gateway.Core.Tests.Encryption;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuringCollection
{
    /// <summary>Allocation is measured process-wide, so nothing else may run meanwhile.</summary>
    public const string Name = "allocation-measuring";
}

/// <summary>
/// A 256 MiB blob streams through the writer to a file and back through the reader while the
/// process allocates only a small fraction of that: nothing buffers the blob.
/// </summary>
[Collection(AllocationMeasuringCollection.Name)]
public sealed class EnvelopeStreamingMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long BlobSize = 256L * 1024 * 1024;
    private const long AllocationBudget = 8L * 1024 * 1024;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "gw-envelope-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task LargeBlobStreamsInConstantMemory()
    {
        var keys = EnvelopeTestData.Keys();
        var piece = new byte[(1024 * 1024) + 7]; // not a multiple of the chunk size on purpose
        var random = new Random(2024);
        using var writeHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var readHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hashSink = new HashingStream(readHash);
        GC.Collect();

        // Measures allocations of every thread: the writer's and reader's async continuations hop threads.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        string digest;
        await using (var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
        await using (var writer = await EnvelopeWriter.CreateAsync(file, keys, EnvelopeOptions.Default, CancellationToken.None))
        {
            for (long written = 0; written < BlobSize;)
            {
                var count = (int)Math.Min(piece.Length, BlobSize - written);
                random.NextBytes(piece.AsSpan(0, count));
                writeHash.AppendData(piece, 0, count);
                await writer.WriteAsync(piece.AsMemory(0, count));
                written += count;
            }

            writer.BytesWritten.ShouldBe(BlobSize);
            digest = "sha256:" + Convert.ToHexStringLower(writeHash.GetHashAndReset());
            await writer.SealAsync(digest, CancellationToken.None);
        }

        await using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous))
        await using (var reader = await EnvelopeReader.OpenAsync(file, keys, digest, CancellationToken.None))
        {
            reader.Length.ShouldBe(BlobSize);
            await reader.CopyToAsync(hashSink, CancellationToken.None);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"allocated {allocated:N0} bytes while writing and reading {BlobSize:N0} bytes ({new FileInfo(_path).Length:N0} stored)");
        hashSink.Length.ShouldBe(BlobSize);
        ("sha256:" + Convert.ToHexStringLower(readHash.GetHashAndReset())).ShouldBe(digest);
        allocated.ShouldBeLessThan(AllocationBudget);
    }

    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
