using System.Globalization;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Storage;

namespace Gateway.Server.Oci;

/// <summary>/v2/&lt;name&gt;/blobs/uploads/: start (monolithic, session, mount), PATCH chunks, PUT to finish, GET status, DELETE to cancel.</summary>
internal static class UploadHandler
{
    public static async Task StartAsync(HttpContext context, string name)
    {
        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var query = context.Request.Query;
        var ct = context.RequestAborted;
        var mount = query["mount"].ToString();
        if (mount.Length > 0)
        {
            if (await OciEndpoints.RequireDigestAsync(context, mount) is not { } mountDigest) return;
            var from = query["from"].ToString();
            // A mount copies a blob out of another repository: only when the caller may pull from that repository.
            var canReadSource = from.Length > 0 && RepositoryName.IsValid(from) && Auth.OciAuthorization.CanPull(context, from);
            var mounted = await uploads.TryMountAsync(name, mountDigest, from.Length == 0 ? null : from, canReadSource, ct);
            if (mounted is not null)
            {
                WriteBlobCreated(context, name, mountDigest);
                return;
            }
            // Not mountable: fall through to an ordinary upload session, as the spec says.
        }
        var digestText = query["digest"].ToString();
        if (digestText.Length > 0)
        {
            if (await OciEndpoints.RequireDigestAsync(context, digestText) is not { } digest) return;
            var result = await uploads.UploadMonolithicAsync(name, digest, context.Request.Body, ct);
            if (!result.IsSuccess)
            {
                await OciResults.WriteErrorAsync(context, result.Error);
                return;
            }
            WriteBlobCreated(context, name, digest);
            return;
        }
        var session = await uploads.StartAsync(name, ct);
        WriteUploadAccepted(context, session, 202);
    }

    public static async Task StatusAsync(HttpContext context, string name, string id)
    {
        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var session = await uploads.GetAsync(name, id, context.RequestAborted);
        if (!session.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, session.Error);
            return;
        }
        WriteUploadAccepted(context, session.Value, 204);
    }

    public static async Task PatchAsync(HttpContext context, string name, string id)
    {
        long? start = null, end = null;
        var contentRange = context.Request.Headers.ContentRange.ToString();
        if (contentRange.Length > 0)
        {
            if (!TryParseContentRange(contentRange, out var s, out var e))
            {
                await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.RangeInvalid, $"Content-Range '{contentRange}' must be '<start>-<end>'"));
                return;
            }
            start = s;
            end = e;
        }
        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var result = await uploads.AppendAsync(name, id, context.Request.Body, start, end, context.RequestAborted);
        if (!result.IsSuccess)
        {
            if (result.Error.Code == OciErrorCode.RangeInvalid && await uploads.GetAsync(name, id, context.RequestAborted) is { IsSuccess: true } current)
            {
                WriteUploadHeaders(context, current.Value);
            }
            await OciResults.WriteErrorAsync(context, result.Error);
            return;
        }
        WriteUploadAccepted(context, result.Value, 202);
    }

    public static async Task PutAsync(HttpContext context, string name, string id)
    {
        if (await OciEndpoints.RequireDigestAsync(context, context.Request.Query["digest"].ToString()) is not { } digest) return;
        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var hasBody = context.Request.ContentLength is > 0 || (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0);
        var result = await uploads.CompleteAsync(name, id, digest, hasBody ? context.Request.Body : null, context.RequestAborted);
        if (!result.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, result.Error);
            return;
        }
        WriteBlobCreated(context, name, digest);
    }

    public static async Task CancelAsync(HttpContext context, string name, string id)
    {
        var uploads = context.RequestServices.GetRequiredService<UploadService>();
        var result = await uploads.CancelAsync(name, id, context.RequestAborted);
        if (!result.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, result.Error);
            return;
        }
        context.Response.StatusCode = 204;
    }

    private static void WriteBlobCreated(HttpContext context, string name, Digest digest)
    {
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        context.Response.ContentLength = 0;
    }

    private static void WriteUploadAccepted(HttpContext context, UploadSession session, int status)
    {
        context.Response.StatusCode = status;
        WriteUploadHeaders(context, session);
        context.Response.ContentLength = 0;
    }

    private static void WriteUploadHeaders(HttpContext context, UploadSession session)
    {
        var id = session.Id.ToString("N");
        context.Response.Headers.Location = $"/v2/{session.Repository}/blobs/uploads/{id}";
        context.Response.Headers["Docker-Upload-UUID"] = id;
        // The spec's Range is inclusive; an empty upload reports 0-0 as distribution does.
        context.Response.Headers.Range = $"0-{Math.Max(0, session.Size - 1)}";
        context.Response.Headers["OCI-Chunk-Min-Length"] = "0";
    }

    private static bool TryParseContentRange(string header, out long start, out long end)
    {
        start = end = 0;
        var text = header.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase) ? header[6..] : header;
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text[..slash];
        var dash = text.IndexOf('-');
        return dash > 0
            && long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out end)
            && end >= start;
    }
}
