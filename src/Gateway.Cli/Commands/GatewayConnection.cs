using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Cli.Commands;

/// <summary>
/// An authenticated HTTP client for a running gateway. Credentials come from, in order: --username/--password,
/// GATEWAY_USERNAME/GATEWAY_PASSWORD, GATEWAY_TOKEN (an Entra access token, sent as Bearer), or the containers
/// auth file that `podman login` / `docker login` wrote for that host (REGISTRY_AUTH_FILE,
/// $XDG_RUNTIME_DIR/containers/auth.json, ~/.docker/config.json).
/// </summary>
internal static class GatewayConnection
{
    public static HttpClient Create(Uri baseUri, string? user = null, string? password = null)
    {
        var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        user ??= Environment.GetEnvironmentVariable("GATEWAY_USERNAME");
        password ??= Environment.GetEnvironmentVariable("GATEWAY_PASSWORD");
        if (user is not null && password is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        else if (Environment.GetEnvironmentVariable("GATEWAY_TOKEN") is { Length: > 0 } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (FromAuthFile(baseUri.Authority) is { } auth)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", auth);
        return http;
    }

    /// <summary>The gateway base address: http://host:port or https://…; a bare host:port means http.</summary>
    public static Uri ParseBase(string text) =>
        new(text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text);

    /// <summary>Fails with the server's own error message when the answer is not a success.</summary>
    public static async Task<string> ReadOkAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new IOException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static string? FromAuthFile(string hostPort)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("REGISTRY_AUTH_FILE"),
            Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { } run ? Path.Combine(run, "containers", "auth.json") : null,
            Path.Combine(home, ".docker", "config.json"),
        };
        foreach (var file in candidates)
        {
            if (file is null || !File.Exists(file)) continue;
            if (JsonNode.Parse(File.ReadAllText(file))?["auths"]?[hostPort]?["auth"]?.GetValue<string>() is { } auth) return auth;
        }
        return null;
    }
}
