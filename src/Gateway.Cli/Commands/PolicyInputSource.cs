using Gateway.Rego.Values;

namespace Gateway.Cli.Commands;

/// <summary>
/// Fetches the real admission input document for an existing image from a running gateway
/// (<c>--input-from 127.0.0.1:5000/prod/app:1.0</c> or <c>https://gw.example/prod/app@sha256:…</c>).
/// </summary>
internal static class PolicyInputSource
{
    public static async Task<RegoValue> FetchAsync(string reference, string action, CancellationToken cancellationToken)
    {
        var (baseUri, repository, tagOrDigest) = Parse(reference);
        using var http = GatewayConnection.Create(baseUri);
        var url = $"/gateway/v1/admission/input?repository={Uri.EscapeDataString(repository)}&reference={Uri.EscapeDataString(tagOrDigest)}&action={Uri.EscapeDataString(action)}";
        using var response = await http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new IOException($"{baseUri} answered {(int)response.StatusCode} for {repository}:{tagOrDigest}: {body}");
        return RegoJson.Parse(body);
    }

    /// <summary>REGISTRY/REPO:TAG or REGISTRY/REPO@DIGEST, with an optional http(s):// scheme (default http).</summary>
    internal static (Uri Base, string Repository, string Reference) Parse(string reference)
    {
        var scheme = "http://";
        var rest = reference;
        foreach (var s in new[] { "http://", "https://" })
        {
            if (rest.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            {
                scheme = s;
                rest = rest[s.Length..];
            }
        }
        var slash = rest.IndexOf('/');
        if (slash <= 0) throw new ArgumentException($"'{reference}' is not REGISTRY/REPOSITORY:TAG");
        var host = rest[..slash];
        var path = rest[(slash + 1)..];
        var at = path.IndexOf('@');
        string repository, tagOrDigest;
        if (at > 0)
        {
            repository = path[..at];
            tagOrDigest = path[(at + 1)..];
        }
        else
        {
            var colon = path.LastIndexOf(':');
            if (colon <= 0) throw new ArgumentException($"'{reference}' needs a tag (:TAG) or a digest (@sha256:…)");
            repository = path[..colon];
            tagOrDigest = path[(colon + 1)..];
        }
        return (new Uri(scheme + host), repository, tagOrDigest);
    }
}
