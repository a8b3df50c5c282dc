using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gateway.Core.Encryption;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// Envelope encryption throughput (encrypt = what a push costs the CPU, decrypt = what a pull costs),
/// beside raw AES-256-GCM and SHA-256 over the same bytes so the overhead of the format is visible.
/// scripts/bench.sh prints `openssl speed` for the same primitives next to these.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class EnvelopeBenchmarks
{
    public const int PayloadBytes = 16 * 1024 * 1024;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn(PayloadBytes));
    }

    private byte[] _plaintext = [];
    private byte[] _tag = new byte[16];
    private byte[] _ciphertext = [];
    private MemoryStream _sink = new();
    private MemoryStream _sealed = new();
    private string _digest = "";
    private DevelopmentKeyProvider _keys = null!;
    private string _keyDir = "";
    private AesGcm _aes = null!;

    [ParamsSource(nameof(ChunkSizes))]
    public int ChunkSize { get; set; }

    /// <summary>
    /// The chunk sizes to measure: BENCH_CHUNK_SIZES (space-separated bytes) when set — scripts/bench.sh measures the
    /// gateway's 64 KiB only — otherwise 16 KiB to 1 MiB.
    /// </summary>
    public static IEnumerable<int> ChunkSizes =>
        Environment.GetEnvironmentVariable("BENCH_CHUNK_SIZES") is { Length: > 0 } sizes
            ? sizes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            : [16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];

    [GlobalSetup]
    public async Task Setup()
    {
        _keyDir = Directory.CreateTempSubdirectory("gw-bench-keys-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_keyDir, "kek-1.key"), DevelopmentKeyProvider.GenerateKeyFileContent());
        _keys = DevelopmentKeyProvider.Load(_keyDir);
        _plaintext = RandomNumberGenerator.GetBytes(PayloadBytes);
        _ciphertext = new byte[PayloadBytes];
        _digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(_plaintext));
        _sink = new MemoryStream(PayloadBytes + PayloadBytes / 64 + 4096);
        _sealed = new MemoryStream();
        await EncryptInto(_sealed);
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        Directory.Delete(_keyDir, recursive: true);
    }

    /// <summary>Encrypt one 16 MiB blob into an envelope (fresh data key, wrap, chunks, seal).</summary>
    [Benchmark]
    public async Task Encrypt()
    {
        _sink.Position = 0;
        _sink.SetLength(0);
        await EncryptInto(_sink);
    }

    /// <summary>Open (unwrap, check header and seal) and decrypt every chunk of one 16 MiB envelope.</summary>
    [Benchmark]
    public async Task Decrypt()
    {
        _sealed.Position = 0;
        await using var reader = await EnvelopeReader.OpenAsync(_sealed, _keys, _digest, leaveOpen: true, CancellationToken.None);
        await reader.CopyRangeToAsync(Stream.Null, 0, reader.Length, CancellationToken.None);
    }

    /// <summary>The push path's CPU work: SHA-256 of the plaintext plus encryption (what ContentStore.StageAsync does).</summary>
    [Benchmark]
    public async Task HashAndEncrypt()
    {
        _sink.Position = 0;
        _sink.SetLength(0);
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var writer = await EnvelopeWriter.CreateAsync(_sink, _keys, new EnvelopeOptions { ChunkSize = ChunkSize }, CancellationToken.None);
        for (var offset = 0; offset < PayloadBytes; offset += 1 << 16)
        {
            var slice = _plaintext.AsMemory(offset, Math.Min(1 << 16, PayloadBytes - offset));
            hasher.AppendData(slice.Span);
            await writer.WriteAsync(slice, CancellationToken.None);
        }
        await writer.SealAsync("sha256:" + Convert.ToHexStringLower(hasher.GetHashAndReset()), CancellationToken.None);
    }

    /// <summary>Raw AES-256-GCM over the same bytes in ChunkSize pieces: the ceiling for Encrypt.</summary>
    [Benchmark]
    public void RawAesGcm()
    {
        Span<byte> nonce = stackalloc byte[12];
        for (var offset = 0; offset < PayloadBytes; offset += ChunkSize)
        {
            var n = Math.Min(ChunkSize, PayloadBytes - offset);
            nonce[0] = (byte)offset;
            _aes.Encrypt(nonce, _plaintext.AsSpan(offset, n), _ciphertext.AsSpan(offset, n), _tag);
        }
    }

    /// <summary>SHA-256 of the payload (compare with `openssl speed sha256`; independent of ChunkSize).</summary>
    [Benchmark]
    public byte[] Sha256() => SHA256.HashData(_plaintext);

    private async Task EncryptInto(Stream destination)
    {
        await using var writer = await EnvelopeWriter.CreateAsync(destination, _keys, new EnvelopeOptions { ChunkSize = ChunkSize }, CancellationToken.None);
        // Fed in 64 KiB writes, as the request body arrives in the server.
        for (var offset = 0; offset < PayloadBytes; offset += 1 << 16)
        {
            await writer.WriteAsync(_plaintext.AsMemory(offset, Math.Min(1 << 16, PayloadBytes - offset)), CancellationToken.None);
        }
        await writer.SealAsync(_digest, CancellationToken.None);
    }
}
