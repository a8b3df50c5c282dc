using System.Text.Json;
using Gateway.Core.Oci;

namespace Gateway.Server.Oci;

/// <summary>Writes OCI error bodies: every 4xx/5xx of /v2/ goes through here, so every client learns why.</summary>
internal static class OciResults
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static Task WriteErrorAsync(HttpContext context, OciError error) =>
        WriteErrorAsync(context, (int)error.Code.Status, error.Code.Code, error.Message, error.Detail);

    public static async Task WriteErrorAsync(HttpContext context, int status, string code, string message, object? detail = null)
    {
        context.Response.StatusCode = status;
        if (context.Request.Method == HttpMethods.Head)
        {
            // HEAD answers carry no body, but the status and the headers still say why.
            context.Response.Headers["X-Gateway-Error"] = AsciiHeader($"{code}: {message}");
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new { errors = new[] { new { code, message, detail } } };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }

    private static string AsciiHeader(string text) =>
        string.Create(Math.Min(text.Length, 512), text, static (span, t) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = t[i] is >= ' ' and <= '~' ? t[i] : '?';
        });
}
