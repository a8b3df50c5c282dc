using System.Globalization;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Signing.Trust;

namespace Gateway.Server.Oci;

/// <summary>GET/HEAD/DELETE /v2/&lt;name&gt;/blobs/&lt;digest&gt;; GET honours a single byte Range (206).</summary>
internal static class BlobHandler
{
    public static async Task GetAsync(HttpContext context, string name, string digestText)
    {
        if (await OciEndpoints.RequireDigestAsync(context, digestText) is not { } digest) return;
        var blobs = context.RequestServices.GetRequiredService<BlobService>();
        var opened = await blobs.OpenAsync(name, digest, context.RequestAborted);
        if (!opened.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, opened.Error);
            return;
        }
        await using var reader = opened.Value;
        // Content trust: the bytes of a quarantined image are not served (HEAD stays open: pushes check existence).
        if (HttpMethods.IsGet(context.Request.Method)
            && await context.RequestServices.GetRequiredService<ContentTrust>().CheckBlobAsync(name, digest, context.RequestAborted) is { } refusal)
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Denied, refusal));
            return;
        }
        var total = reader.Length;
        long offset = 0, length = total;
        var response = context.Response;
        response.Headers["Docker-Content-Digest"] = digest.ToString();
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{digest}\"";
        response.ContentType = "application/octet-stream";
        var range = context.Request.Headers.Range.ToString();
        if (range.Length > 0 && context.Request.Method == HttpMethods.Get)
        {
            if (!TryParseRange(range, total, out offset, out length))
            {
                response.Headers.ContentRange = $"bytes */{total}";
                await OciResults.WriteErrorAsync(context, 416, "BLOB_UNKNOWN", $"range '{range}' cannot be satisfied for a blob of {total} bytes");
                return;
            }
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{total}";
        }
        response.ContentLength = length;
        if (context.Request.Method == HttpMethods.Head) return;
        // Each chunk is authenticated before it is committed to the response, so a tampered blob is cut off,
        // never served. Written through the response's PipeWriter: chunks are decrypted into Kestrel's buffers.
        await reader.CopyRangeToAsync(response.BodyWriter, offset, length, context.RequestAborted);
        await BlobAudit.RecordPullAsync(context, name, digest, length);
    }

    public static async Task DeleteAsync(HttpContext context, string name, string digestText)
    {
        if (await OciEndpoints.RequireDigestAsync(context, digestText) is not { } digest) return;
        var blobs = context.RequestServices.GetRequiredService<BlobService>();
        var deleted = await blobs.DeleteAsync(name, digest, context.RequestAborted);
        if (!deleted.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, deleted.Error);
            return;
        }
        context.Response.StatusCode = 202;
    }

    /// <summary>A single range "bytes=a-b", "bytes=a-" or "bytes=-n" (suffix).</summary>
    internal static bool TryParseRange(string header, long total, out long offset, out long length)
    {
        offset = 0;
        length = 0;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        var spec = header[6..].Trim();
        if (spec.Contains(',')) return false;
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var startText = spec[..dash].Trim();
        var endText = spec[(dash + 1)..].Trim();
        const NumberStyles style = NumberStyles.None;
        if (startText.Length == 0)
        {
            if (!long.TryParse(endText, style, CultureInfo.InvariantCulture, out var suffix) || suffix == 0 || total == 0) return false;
            length = Math.Min(suffix, total);
            offset = total - length;
            return true;
        }
        if (!long.TryParse(startText, style, CultureInfo.InvariantCulture, out offset) || offset >= total) return false;
        var end = total - 1;
        if (endText.Length > 0 && (!long.TryParse(endText, style, CultureInfo.InvariantCulture, out end) || end < offset)) return false;
        end = Math.Min(end, total - 1);
        length = end - offset + 1;
        return true;
    }
}
