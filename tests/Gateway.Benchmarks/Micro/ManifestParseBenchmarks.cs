using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Core.Oci;

namespace Gateway.Benchmarks.Micro;

/// <summary>Parsing and validating manifest bytes (every manifest PUT, and admission input building).</summary>
[MemoryDiagnoser]
public class ManifestParseBenchmarks
{
    private byte[] _manifest = [];
    private byte[] _index = [];

    [GlobalSetup]
    public void Setup()
    {
        _manifest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Policies", "manifest.json"));
        var sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
        for (var i = 0; i < 16; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append($"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{i:x64}\",\"size\":{1000 + i},")
              .Append($"\"platform\":{{\"architecture\":\"arch{i}\",\"os\":\"linux\"}}}}");
        }
        _index = Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
        if (!ManifestParser.Parse(_manifest, "application/vnd.oci.image.manifest.v1+json").IsSuccess) throw new InvalidOperationException("manifest fixture does not parse");
        if (!ManifestParser.Parse(_index, "application/vnd.oci.image.index.v1+json").IsSuccess) throw new InvalidOperationException("index fixture does not parse");
    }

    [Benchmark]
    public bool ImageManifest8Layers() => ManifestParser.Parse(_manifest, "application/vnd.oci.image.manifest.v1+json").IsSuccess;

    [Benchmark]
    public bool Index16Manifests() => ManifestParser.Parse(_index, "application/vnd.oci.image.index.v1+json").IsSuccess;
}
