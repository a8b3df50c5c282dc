using Gateway.Core.Admission;
using Gateway.Core.Oci;
using Gateway.Core.Registry;

namespace Gateway.Server.Oci;

/// <summary>GET/HEAD/PUT/DELETE /v2/&lt;name&gt;/manifests/&lt;reference&gt;.</summary>
internal static class ManifestHandler
{
    public static async Task GetAsync(HttpContext context, string name, string reference)
    {
        var manifests = context.RequestServices.GetRequiredService<ManifestService>();
        var ct = context.RequestAborted;
        if (context.Request.Method == HttpMethods.Head)
        {
            var stat = await manifests.StatAsync(name, reference, ct);
            if (!stat.IsSuccess)
            {
                await OciResults.WriteErrorAsync(context, stat.Error);
                return;
            }
            if (!await NegotiateAsync(context, stat.Value.MediaType)) return;
            var (parsed, bytes) = await ManifestAdmission.LoadAsync(context, manifests, name, stat.Value.Digest.ToString());
            if (!await ManifestAdmission.CheckAsync(context, AdmissionAction.Pull, name, TagOf(reference), stat.Value.Digest, stat.Value.MediaType, parsed, bytes)) return;
            WriteManifestHeaders(context, stat.Value.Digest, stat.Value.MediaType, stat.Value.Size);
            return;
        }
        var manifest = await manifests.GetAsync(name, reference, ct);
        if (!manifest.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, manifest.Error);
            return;
        }
        var record = manifest.Value.Record;
        if (!await NegotiateAsync(context, record.MediaType)) return;
        if (!await ManifestAdmission.CheckAsync(context, AdmissionAction.Pull, name, TagOf(reference), record.Digest, record.MediaType,
                manifest.Value.Parse(), manifest.Value.Bytes)) return;
        WriteManifestHeaders(context, record.Digest, record.MediaType, manifest.Value.Bytes.Length);
        await context.Response.Body.WriteAsync(manifest.Value.Bytes, ct);
    }

    public static async Task PutAsync(HttpContext context, string name, string reference)
    {
        var ct = context.RequestAborted;
        if (context.Request.ContentLength > ManifestParser.MaxManifestBytes)
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.ManifestTooLarge, $"manifest exceeds {ManifestParser.MaxManifestBytes} bytes"));
            return;
        }
        var body = await ReadBodyAsync(context.Request.Body, ManifestParser.MaxManifestBytes, ct);
        if (body is null)
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.ManifestTooLarge, $"manifest exceeds {ManifestParser.MaxManifestBytes} bytes"));
            return;
        }
        var manifests = context.RequestServices.GetRequiredService<ManifestService>();
        var validated = await manifests.ValidateAsync(name, reference, context.Request.ContentType, body, ct);
        if (!validated.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, validated.Error);
            return;
        }
        var v = validated.Value;
        // Re-tagging content already in the repository is a "tag" decision; anything else is a push.
        var action = v.Tag is not null && (await manifests.StatAsync(name, v.Digest.ToString(), ct)).IsSuccess ? AdmissionAction.Tag : AdmissionAction.Push;
        if (!await ManifestAdmission.CheckAsync(context, action, name, v.Tag, v.Digest, v.Parsed.MediaType, v.Parsed, v.Bytes)) return;
        var committed = await manifests.CommitAsync(v, ct);
        if (!committed.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, committed.Error);
            return;
        }
        var digest = validated.Value.Digest;
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = $"/v2/{name}/manifests/{digest}";
        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        if (validated.Value.Parsed.Subject is { } subject) context.Response.Headers["OCI-Subject"] = subject.Digest.ToString();
        context.Response.ContentLength = 0;
    }

    public static async Task DeleteAsync(HttpContext context, string name, string reference)
    {
        var manifests = context.RequestServices.GetRequiredService<ManifestService>();
        var target = await manifests.StatAsync(name, reference, context.RequestAborted);
        if (target.IsSuccess)
        {
            var (parsed, bytes) = await ManifestAdmission.LoadAsync(context, manifests, name, target.Value.Digest.ToString());
            if (!await ManifestAdmission.CheckAsync(context, AdmissionAction.Delete, name, TagOf(reference), target.Value.Digest, target.Value.MediaType, parsed, bytes)) return;
        }
        var deleted = await manifests.DeleteAsync(name, reference, context.RequestAborted);
        if (!deleted.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, deleted.Error);
            return;
        }
        context.Response.StatusCode = 202;
    }

    private static string? TagOf(string reference) => Digest.TryParse(reference, out _) ? null : reference;

    private static void WriteManifestHeaders(HttpContext context, Digest digest, string mediaType, long size)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = mediaType;
        context.Response.ContentLength = size;
        context.Response.Headers["Docker-Content-Digest"] = digest.ToString();
        context.Response.Headers.ETag = $"\"{digest}\"";
    }

    /// <summary>
    /// Content negotiation: when the client lists the manifest types it accepts and the stored type is not
    /// among them (and no wildcard), answer MANIFEST_UNKNOWN naming the type, as distribution does, instead
    /// of handing the client a document it cannot read. No Accept header means anything goes.
    /// </summary>
    private static async Task<bool> NegotiateAsync(HttpContext context, string mediaType)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count == 0) return true;
        var any = false;
        foreach (var header in accept)
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var type = part.Split(';', 2)[0].Trim();
                if (type.Length == 0) continue;
                any = true;
                if (type == mediaType || type == "*/*" || type == "application/*" || type == "application/json") return true;
            }
        }
        if (!any) return true;
        await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.ManifestUnknown,
            $"the manifest is {mediaType}, which the request's Accept header does not include"));
        return false;
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, int limit, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
