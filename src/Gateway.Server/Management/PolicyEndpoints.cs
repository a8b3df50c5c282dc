using Gateway.Core.Admission;
using Gateway.Core.Admission.Policy;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Rego.Values;
using Gateway.Server.Oci;

namespace Gateway.Server.Management;

/// <summary>
/// /gateway/v1/policies (what is in force, the last compile error) and /gateway/v1/admission/input (the
/// real input document for an existing manifest, so policy authors test against reality).
/// </summary>
internal static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicyManagement(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gateway/v1/policies", (IServiceProvider services) =>
        {
            var store = services.GetService<PolicyStore>();
            return store is null ? Results.Json(new { enabled = false }) : Results.Json(new { enabled = true, status = store.Status });
        });
        app.MapPost("/gateway/v1/policies/reload", (IServiceProvider services) =>
        {
            var store = services.GetService<PolicyStore>();
            if (store is null) return Results.Json(new { enabled = false });
            var error = store.Reload();
            return Results.Json(new { reloaded = error is null, error, status = store.Status });
        });
        app.MapGet("/gateway/v1/admission/input", InputAsync);
        app.MapGet("/gateway/v1/trust-policy", (Gateway.Core.Signing.Trust.TrustPolicyStore store) => Results.Json(store.Status));
        app.MapPost("/gateway/v1/trust-policy/reload", (Gateway.Core.Signing.Trust.TrustPolicyStore store) =>
        {
            var error = store.Reload();
            return Results.Json(new { reloaded = error is null, error, status = store.Status });
        });
        return app;
    }

    private static async Task InputAsync(HttpContext context, string repository, string reference, string? action, ManifestService manifests, AdmissionInputBuilder inputs)
    {
        if (!RepositoryName.IsValid(repository))
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.NameInvalid, $"invalid repository name '{repository}'"));
            return;
        }
        if (!Enum.TryParse<AdmissionAction>(action ?? "pull", ignoreCase: true, out var parsedAction))
        {
            await OciResults.WriteErrorAsync(context, 400, "UNSUPPORTED", $"action must be push, pull, tag or delete, not '{action}'");
            return;
        }
        var content = await manifests.GetAsync(repository, reference, context.RequestAborted);
        if (!content.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, content.Error);
            return;
        }
        var record = content.Value.Record;
        var request = new AdmissionRequest(parsedAction, repository, Digest.TryParse(reference, out _) ? null : reference, record.Digest, record.MediaType,
            content.Value.Parse(), content.Value.Bytes, ManifestAdmission.ContextOf(context));
        var input = await inputs.BuildAsync(request, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(RegoJson.ToJson(input, indented: true), context.RequestAborted);
    }
}
