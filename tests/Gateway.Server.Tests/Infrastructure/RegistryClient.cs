using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>Thin raw-HTTP helpers for the OCI API, so tests read as the protocol steps they check.</summary>
public static class RegistryClient
{
    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<HttpResponseMessage> PushBlobAsync(this HttpClient client, string repo, byte[] content)
    {
        var response = await client.PostAsync($"/v2/{repo}/blobs/uploads/?digest={Sha256(content)}", new ByteArrayContent(content));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response;
    }

    public static async Task<HttpResponseMessage> PutManifestAsync(this HttpClient client, string repo, string reference, byte[] manifest, string mediaType)
    {
        var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return await client.PutAsync($"/v2/{repo}/manifests/{reference}", content);
    }

    public static async Task<(string Code, string Message)> ReadErrorAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var error = doc.RootElement.GetProperty("errors")[0];
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    public static async Task ShouldFailWithAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        var (actual, message) = await response.ReadErrorAsync();
        actual.ShouldBe(code, body);
        message.ShouldNotBeNullOrWhiteSpace();
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : "";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
