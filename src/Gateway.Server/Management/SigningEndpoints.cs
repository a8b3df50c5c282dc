using Gateway.Core.Audit;
using Gateway.Core.Identity;
using Gateway.Core.Oci;
using Gateway.Core.Signing;
using Gateway.Core.Signing.Keys;
using Gateway.Server.Auth;
using Gateway.Server.Oci;

namespace Gateway.Server.Management;

/// <summary>
/// POST /gateway/v1/sign: the gateway signs an image for a caller holding ImageSigner (or Owner) on the repository,
/// with the configured key (keys-dev/ or Key Vault), and attaches the signature. GET /gateway/v1/signing-key: the
/// public key to put in a trust policy.
/// </summary>
internal static class SigningEndpoints
{
    public sealed record SignRequest(string Repository, string Reference, string? Format);

    public static IEndpointRouteBuilder MapSigning(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gateway/v1/signing-key", async (IImageSigningKey key, CancellationToken ct) =>
            Results.Json(new { name = key.Name, development = key.IsDevelopmentKey, publicKeyPem = await key.GetPublicKeyPemAsync(ct) }));
        app.MapPost("/gateway/v1/sign", SignAsync);
        return app;
    }

    private static async Task SignAsync(HttpContext context, SignRequest request, ImageSigningService signing, IdentityDirectory directory, AuditLog audit)
    {
        var principal = GatewayPrincipal.FromClaims(context.User)!;
        if (!RepositoryName.IsValid(request.Repository))
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.NameInvalid, $"invalid repository name '{request.Repository}'"));
            return;
        }
        var format = request.Format ?? "cosign";
        async Task RecordAsync(string result, string? digest, string reason) => await audit.RecordAsync(
            Hosting.RequestAudit.Event(context, "sign", result) with { Repository = request.Repository, Digest = digest, Reason = reason }, CancellationToken.None);

        if (!directory.PermissionsFor(principal, request.Repository).HasFlag(RegistryPermission.Sign))
        {
            await RecordAsync("denied", null, $"{principal.Name} lacks ImageSigner on {request.Repository}");
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Denied, $"{principal.Name} may not sign in '{request.Repository}': it needs the ImageSigner role there"));
            return;
        }
        var signed = await signing.SignAsync(request.Repository, request.Reference, format, RequestAuthenticator.ServiceOf(context), context.RequestAborted);
        if (!signed.IsSuccess)
        {
            await RecordAsync("failed", null, $"{request.Reference}: {signed.Error.Message}");
            await OciResults.WriteErrorAsync(context, signed.Error);
            return;
        }
        var s = signed.Value;
        await RecordAsync("succeeded", s.Subject.ToString(), $"{s.Format} signature {s.SignatureManifest} with the {s.KeyName} key");
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new { repository = s.Repository, subject = s.Subject.ToString(), format = s.Format, signature = s.SignatureManifest.ToString(), tag = s.Tag, key = s.KeyName }, context.RequestAborted);
    }
}
