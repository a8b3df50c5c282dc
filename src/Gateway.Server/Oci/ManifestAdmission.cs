using Gateway.Core.Admission;
using Gateway.Core.Oci;
using Gateway.Core.Registry;

namespace Gateway.Server.Oci;

/// <summary>Asks the admission pipeline about a manifest request and writes the OCI DENIED answer when it says no.</summary>
internal static class ManifestAdmission
{
    public static RequestContext ContextOf(HttpContext context) => new(
        context.User,
        context.Connection.RemoteIpAddress?.ToString(),
        context.Request.Headers.UserAgent.ToString(),
        context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>True when allowed; otherwise the 403 has been written.</summary>
    public static async Task<bool> CheckAsync(HttpContext context, AdmissionAction action, string repository, string? tag, Digest digest, string mediaType, ParsedManifest? manifest, ReadOnlyMemory<byte> bytes)
    {
        var pipeline = context.RequestServices.GetRequiredService<AdmissionPipeline>();
        if (pipeline.IsEmpty) return true;
        var request = new AdmissionRequest(action, repository, tag, digest, mediaType, manifest, bytes, ContextOf(context));
        var decision = await pipeline.EvaluateAsync(request, context.RequestAborted);
        if (decision.Allowed) return true;
        var reasons = decision.Reasons.Count == 0 ? "denied by policy" : string.Join("; ", decision.Reasons);
        await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Denied, $"{action.ToString().ToLowerInvariant()} of {repository}@{digest} denied by {decision.Gate}: {reasons}",
            new { gate = decision.Gate, reasons = decision.Reasons }));
        return false;
    }

    /// <summary>For a pull or delete: the stored manifest parsed, so gates see the same document a push saw.</summary>
    public static async Task<(ParsedManifest? Manifest, byte[] Bytes)> LoadAsync(HttpContext context, ManifestService manifests, string repository, string reference)
    {
        var pipeline = context.RequestServices.GetRequiredService<AdmissionPipeline>();
        if (pipeline.IsEmpty) return (null, []);
        var content = await manifests.GetAsync(repository, reference, context.RequestAborted);
        return content.IsSuccess ? (content.Value.Parse(), content.Value.Bytes) : (null, []);
    }
}
