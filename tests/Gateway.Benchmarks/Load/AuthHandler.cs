using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// Sends credentials only when the server asks: on a 401 it answers the WWW-Authenticate challenge
/// (Basic directly; Bearer through the token realm with Basic credentials, as docker does) and retries.
/// Without credentials, or against a server without auth, requests pass through untouched, so the
/// same tool measures the gateway before and after identity lands, and the unauthenticated peer.
/// The authorization found is cached per challenge scope, and per repository as docker keeps one token per
/// repository it works on: a request to a repository reuses that repository's token (a token issued for a mount
/// also covers the pushes to the same repository), other requests the last authorization found.
/// </summary>
internal sealed class AuthHandler(string? user, string? password, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _byScope = new();
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _byRepository = new(StringComparer.Ordinal);
    private volatile AuthenticationHeaderValue? _last;
    private long _requests, _challenges, _tokenRequests;

    /// <summary>Requests sent so far: all of them (401 answers and token requests included), the 401 answers, the token requests.</summary>
    public (long Requests, long Challenges, long TokenRequests) Counts => (Interlocked.Read(ref _requests), Interlocked.Read(ref _challenges), Interlocked.Read(ref _tokenRequests));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var repository = RepositoryOf(request.RequestUri);
        if (repository is not null && _byRepository.TryGetValue(repository, out var mine)) request.Headers.Authorization = mine;
        else if (_last is { } cached) request.Headers.Authorization = cached;
        var response = await CountedSendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        Interlocked.Increment(ref _challenges);
        if (user is null || password is null) return response;
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        if (challenge is null) return response;
        // Only bodies that can be replayed are retried; streamed uploads prime auth with a GET /v2/ first.
        if (request.Content is not null and not ByteArrayContent) return response;
        // Read the small 401 body now: with one connection per server, an unread response would hold the only
        // connection while the token request waits for it.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var header = await AuthorizeAsync(challenge, request.Headers.Authorization, cancellationToken);
        if (header is null) return response;
        if (repository is not null) _byRepository[repository] = header;
        response.Dispose();
        var retry = Clone(request);
        retry.Headers.Authorization = header;
        return await CountedSendAsync(retry, cancellationToken);
    }

    private Task<HttpResponseMessage> CountedSendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The repository a /v2/&lt;name&gt;/(blobs|manifests|tags|referrers)/… request is about; null for other paths.</summary>
    internal static string? RepositoryOf(Uri? uri)
    {
        if (uri is null) return null;
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        if (!path.StartsWith("/v2/", StringComparison.Ordinal)) return null;
        foreach (var marker in (ReadOnlySpan<string>)["/blobs/", "/manifests/", "/tags/", "/referrers/"])
        {
            var at = path.IndexOf(marker, 4, StringComparison.Ordinal);
            if (at > 4) return path[4..at];
        }
        return null;
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(AuthenticationHeaderValue challenge, AuthenticationHeaderValue? refused, CancellationToken ct)
    {
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return _last = basic;
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return null;
        var p = ParseParameters(challenge.Parameter ?? "");
        if (!p.TryGetValue("realm", out var realm)) return null;
        var scope = p.GetValueOrDefault("scope", "");
        // A cached token the server has just refused (expired) is not offered again.
        if (_byScope.TryGetValue(scope, out var known) && !ReferenceEquals(known, refused)) return _last = known;
        var query = new List<string>();
        if (p.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        foreach (var s in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)) query.Add("scope=" + Uri.EscapeDataString(s));
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, realm + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        tokenRequest.Headers.Authorization = basic;
        Interlocked.Increment(ref _tokenRequests);
        using var tokenResponse = await CountedSendAsync(tokenRequest, ct);
        if (!tokenResponse.IsSuccessStatusCode) return null;
        using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(ct));
        var token = json.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : json.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        if (token is null) return null;
        var header = new AuthenticationHeaderValue("Bearer", token);
        _byScope[scope] = header;
        return _last = header;
    }

    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim(' ', ',');
            string value;
            if (eq + 1 < text.Length && text[eq + 1] == '"')
            {
                var end = text.IndexOf('"', eq + 2);
                if (end < 0) end = text.Length;
                value = text[(eq + 2)..end];
                i = end + 1;
            }
            else
            {
                var end = text.IndexOf(',', eq + 1);
                if (end < 0) end = text.Length;
                value = text[(eq + 1)..end];
                i = end;
            }
            result[key] = value;
        }
        return result;
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var h in request.Headers) clone.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return clone;
    }
}
