using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// The HTTP side of scripts/bench.sh. Every command prints one JSON object on stdout so the script can
/// tabulate it. Commands:
/// <list type="bullet">
/// <item><c>push</c>: upload --count random blobs of --size bytes with --parallel connections (POST + streamed PUT).</item>
/// <item><c>pull</c>: download the blobs named in --digests with --parallel connections.</item>
/// <item><c>layout</c>: write the same kind of blobs as an OCI image layout (--dir) for skopeo.</item>
/// <item><c>get</c>: closed-loop GETs of --path on --connections connections for --seconds: requests/s, p50, p99.</item>
/// <item><c>populate-tags</c> / <c>populate-repos</c>: one small image, tagged --count times / mounted into --count repositories.</item>
/// <item><c>latency</c>: --count sequential GETs of --path: p50 and p99.</item>
/// <item><c>audit-fill</c>: write --count audit records into the data folder --data (see <see cref="AuditFill"/>).</item>
/// <item><c>seed-peer</c>: write populate-tags / populate-repos content into docker-registry's storage folder (see <see cref="PeerSeed"/>).</item>
/// <item><c>seed-gateway</c>: the same into a stopped gateway's data folder, through its storage classes (see <see cref="GatewaySeed"/>).</item>
/// </list>
/// Credentials (--user/--password) are sent only when the server challenges.
/// </summary>
internal static class LoadTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) return Usage();
        var o = Options.Parse(args[1..]);
        using var client = CreateClient(o, out var auth);
        var result = args[0] switch
        {
            "push" => await PushAsync(client, o),
            "pull" => await PullAsync(client, o),
            "layout" => await LayoutAsync(o),
            "get" => await GetAsync(client, o),
            "latency" => await LatencyAsync(client, o),
            "populate-tags" => await PopulateTagsAsync(client, auth, o),
            "populate-repos" => await PopulateReposAsync(client, auth, o),
            "audit-fill" => await AuditFill.RunAsync(o),
            "seed-peer" => await PeerSeed.RunAsync(o),
            "seed-gateway" => await GatewaySeed.RunAsync(o),
            _ => null,
        };
        if (result is null) return Usage();
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: load push|pull|layout|get|latency|populate-tags|populate-repos|audit-fill|seed-peer|seed-gateway --url http://127.0.0.1:5000 [--user u --password p] ...");
        return 2;
    }

    private static HttpClient CreateClient(Options o, out AuthHandler auth)
    {
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, o.Int("connections", o.Int("parallel", 16))),
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AllowAutoRedirect = true,
            UseCookies = false,
        };
        auth = new AuthHandler(o.Get("user"), o.Get("password"), sockets);
        return new HttpClient(auth)
        {
            BaseAddress = new Uri(o.Get("url") ?? "http://127.0.0.1:5000"),
            Timeout = TimeSpan.FromMinutes(30),
        };
    }

    /// <summary>
    /// Get the push token for the repository first (an empty upload start, which can be replayed), so a streamed
    /// upload body never meets the 401 of a token flow (it cannot be replayed).
    /// </summary>
    private static async Task PrimeAuthAsync(HttpClient client, string repository)
    {
        using var r = await client.PostAsync($"/v2/{repository}/blobs/uploads/", new ByteArrayContent([]));
    }

    private static async Task<object> PushAsync(HttpClient client, Options o)
    {
        var repo = o.Require("repo");
        var source = new BlobSource(o.Int("count", 8), o.Int("size", 1 << 20), Environment.TickCount64);
        await PrimeAuthAsync(client, repo);
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, source.Digests.Length), new ParallelOptions { MaxDegreeOfParallelism = o.Int("parallel", 4) },
            async (i, ct) => await UploadAsync(client, repo, source.Digests[i], () => source.Content(i), ct));
        var seconds = sw.Elapsed.TotalSeconds;
        if (o.Get("digests") is { } path) await File.WriteAllLinesAsync(path, source.Digests);
        var bytes = (double)source.Size * source.Digests.Length;
        return new { command = "push", blobs = source.Digests.Length, bytes, seconds, mib_s = bytes / seconds / (1 << 20) };
    }

    internal static async Task UploadAsync(HttpClient client, string repo, string digest, Func<HttpContent> content, CancellationToken ct)
    {
        using var start = await client.PostAsync($"/v2/{repo}/blobs/uploads/", null, ct);
        if (start.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST upload: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync(ct)}");
        var location = start.Headers.Location!.ToString();
        var url = location + (location.Contains('?') ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
        using var body = content();
        body.Headers.ContentType = new("application/octet-stream");
        using var put = await client.PutAsync(url, body, ct);
        if (put.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"PUT upload: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<object> PullAsync(HttpClient client, Options o)
    {
        var repo = o.Require("repo");
        var digests = await File.ReadAllLinesAsync(o.Require("digests"));
        long total = 0;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(digests, new ParallelOptions { MaxDegreeOfParallelism = o.Int("parallel", 4) }, async (d, ct) =>
        {
            using var r = await client.GetAsync($"/v2/{repo}/blobs/{d}", HttpCompletionOption.ResponseHeadersRead, ct);
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"GET blob {d}: {(int)r.StatusCode}");
            await using var s = await r.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[1 << 16];
            long n = 0;
            int read;
            while ((read = await s.ReadAsync(buffer, ct)) > 0) n += read;
            if (r.Content.Headers.ContentLength is { } expected && expected != n) throw new InvalidOperationException($"GET blob {d}: {n} of {expected} bytes");
            Interlocked.Add(ref total, n);
        });
        var seconds = sw.Elapsed.TotalSeconds;
        return new { command = "pull", blobs = digests.Length, bytes = total, seconds, mib_s = total / seconds / (1 << 20) };
    }

    /// <summary>An OCI image layout with --count random layers (uncompressed tar media type: the bytes are random anyway).</summary>
    private static async Task<object> LayoutAsync(Options o)
    {
        var dir = o.Require("dir");
        var source = new BlobSource(o.Int("count", 8), o.Int("size", 64 << 20), Environment.TickCount64);
        var blobs = Path.Combine(dir, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        for (var i = 0; i < source.Digests.Length; i++) await source.WriteFileAsync(i, Path.Combine(blobs, source.Digests[i][7..]));
        var (configDigest, configBytes) = WriteBlob(blobs, Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" +
            string.Join(',', source.Digests.Select(d => $"\"{d}\"")) + "]},\"config\":{}}"));
        var manifest = Encoding.UTF8.GetBytes(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{configBytes}}}," +
            "\"layers\":[" + string.Join(',', source.Digests.Select(d =>
                $"{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"{d}\",\"size\":{source.Size}}}")) + "]}");
        var (manifestDigest, manifestBytes) = WriteBlob(blobs, manifest);
        await File.WriteAllTextAsync(Path.Combine(dir, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        await File.WriteAllTextAsync(Path.Combine(dir, "index.json"),
            "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"," +
            $"\"digest\":\"{manifestDigest}\",\"size\":{manifestBytes},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"{o.Get("tag") ?? "bench"}\"}}}}]}}");
        return new { command = "layout", layers = source.Digests.Length, bytes = (double)source.Size * source.Digests.Length, manifest = manifestDigest };
    }

    private static (string Digest, int Size) WriteBlob(string blobs, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(blobs, hex), content);
        return ("sha256:" + hex, content.Length);
    }

    private static async Task<object> GetAsync(HttpClient client, Options o)
    {
        var path = o.Require("path");
        var accept = o.Get("accept");
        var connections = o.Int("connections", 1);
        var duration = TimeSpan.FromSeconds(o.Double("seconds", 5));
        await Once(client, path, accept); // warm-up, and the auth handshake
        var perWorker = new List<long>[connections];
        long errors = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async w =>
        {
            var list = perWorker[w] = new List<long>(4096);
            while (sw.Elapsed < duration)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (!await Once(client, path, accept)) Interlocked.Increment(ref errors);
                list.Add(Stopwatch.GetTimestamp() - t0);
            }
        }));
        var seconds = sw.Elapsed.TotalSeconds;
        var all = perWorker.SelectMany(l => l).ToArray();
        return new { command = "get", path, connections, requests = all.Length, errors, rps = all.Length / seconds, p50_ms = Percentile(all, 0.50), p99_ms = Percentile(all, 0.99) };
    }

    private static async Task<bool> Once(HttpClient client, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        return response.IsSuccessStatusCode;
    }

    private static async Task<object> LatencyAsync(HttpClient client, Options o)
    {
        var path = o.Require("path");
        var count = o.Int("count", 20);
        var items = await CheckFirstAsync(client, path, o.Get("expect-items"));
        var samples = new long[count];
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            if (!await Once(client, path, null)) throw new InvalidOperationException($"GET {path} failed");
            samples[i] = Stopwatch.GetTimestamp() - t0;
        }
        return new { command = "latency", path, count, items, p50_ms = Percentile(samples, 0.50), p99_ms = Percentile(samples, 0.99) };
    }

    /// <summary>
    /// The first (unmeasured) GET must succeed and, with <c>--expect-items KEY=N</c>, answer a JSON object whose array
    /// KEY holds at least N items (a tags list or catalog page that is really there, not an empty 200). Returns that count.
    /// </summary>
    private static async Task<int?> CheckFirstAsync(HttpClient client, string path, string? expect)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        if (expect is null) return null;
        var (key, min) = (expect[..expect.IndexOf('=')], int.Parse(expect[(expect.IndexOf('=') + 1)..], CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(body);
        var items = json.RootElement.TryGetProperty(key, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;
        if (items < min) throw new InvalidOperationException($"GET {path}: '{key}' holds {items} items, expected at least {min}");
        return items;
    }

    /// <summary>Milliseconds at percentile <paramref name="p"/>; null when nothing was measured (JSON has no NaN).</summary>
    private static double? Percentile(long[] ticks, double p)
    {
        if (ticks.Length == 0) return null;
        Array.Sort(ticks);
        var index = (int)Math.Clamp(Math.Ceiling(p * ticks.Length) - 1, 0, ticks.Length - 1);
        return ticks[index] * 1000.0 / Stopwatch.Frequency;
    }

    private static string ManifestMediaType => "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Push one small image (config + one layer) into <paramref name="repo"/>; returns the manifest bytes and digest.</summary>
    private static async Task<(byte[] Manifest, string Digest, string Config, string Layer)> PushSmallImageAsync(HttpClient client, string repo)
    {
        var layer = RandomNumberGenerator.GetBytes(1024);
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"sha256:{Convert.ToHexStringLower(SHA256.HashData(layer))}\"]}}}}");
        var configDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(config));
        var layerDigest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        await PrimeAuthAsync(client, repo);
        await UploadAsync(client, repo, configDigest, () => new ByteArrayContent(config), CancellationToken.None);
        await UploadAsync(client, repo, layerDigest, () => new ByteArrayContent(layer), CancellationToken.None);
        var manifest = Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestMediaType}\"," +
            $"\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{configDigest}\",\"size\":{config.Length}}}," +
            $"\"layers\":[{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"{layerDigest}\",\"size\":{layer.Length}}}]}}");
        return (manifest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest)), configDigest, layerDigest);
    }

    private static async Task PutManifestAsync(HttpClient client, string repo, string reference, byte[] manifest, CancellationToken ct)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new(ManifestMediaType);
        using var put = await client.PutAsync($"/v2/{repo}/manifests/{reference}", content, ct);
        if (put.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"PUT manifest {repo}:{reference}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<object> PopulateTagsAsync(HttpClient client, AuthHandler auth, Options o)
    {
        var repo = o.Require("repo");
        var count = o.Int("count", 10);
        var (manifest, digest, _, layer) = await PushSmallImageAsync(client, repo);
        var before = auth.Counts;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = o.Int("parallel", 16) },
            async (i, ct) => await PutManifestAsync(client, repo, $"t{i}", manifest, ct));
        var seconds = sw.Elapsed.TotalSeconds;
        var (requests, challenges, tokens) = Delta(before, auth.Counts);
        return new { command = "populate-tags", repo, count, seconds, requests, challenges, token_requests = tokens, digest, small_blob = layer };
    }

    private static (long, long, long) Delta((long, long, long) a, (long, long, long) b) => (b.Item1 - a.Item1, b.Item2 - a.Item2, b.Item3 - a.Item3);

    private static async Task<object> PopulateReposAsync(HttpClient client, AuthHandler auth, Options o)
    {
        var prefix = o.Require("prefix");
        var count = o.Int("count", 10);
        var baseRepo = $"{prefix}/base";
        var (manifest, digest, config, layer) = await PushSmallImageAsync(client, baseRepo);
        var before = auth.Counts;
        var sw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = o.Int("parallel", 16) }, async (i, ct) =>
        {
            var repo = $"{prefix}/r{i:D6}";
            foreach (var blob in new[] { config, layer })
            {
                using var mount = await client.PostAsync($"/v2/{repo}/blobs/uploads/?mount={blob}&from={baseRepo}", null, ct);
                if (mount.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"mount {blob} into {repo}: {(int)mount.StatusCode}");
            }
            await PutManifestAsync(client, repo, "v1", manifest, ct);
        });
        var seconds = sw.Elapsed.TotalSeconds;
        var (requests, challenges, tokens) = Delta(before, auth.Counts);
        return new { command = "populate-repos", prefix, count, seconds, requests, challenges, token_requests = tokens, digest };
    }

    internal sealed class Options
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
                o._values[args[i][2..]] = i + 1 < args.Length ? args[++i] : "";
            }
            return o;
        }

        public string? Get(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");
        public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        public double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }
}
