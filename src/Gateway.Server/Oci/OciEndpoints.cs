using Gateway.Core.Oci;
using Gateway.Server.Auth;

namespace Gateway.Server.Oci;

/// <summary>Maps the OCI Distribution API: parses the /v2/ path and hands the request to the resource's handler.</summary>
internal static class OciEndpoints
{
    public static IEndpointRouteBuilder MapOciDistribution(this IEndpointRouteBuilder app)
    {
        app.Map("/v2", DispatchAsync);
        app.Map("/v2/{**path}", DispatchAsync);
        return app;
    }

    private static async Task DispatchAsync(HttpContext context)
    {
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var path = context.Request.Path.Value ?? "";
        var route = OciRoute.Parse(path.Length >= 3 ? path[3..] : "");
        // Authenticate before anything else: an anonymous caller learns nothing but how to log in.
        if (!await OciAuthorization.AuthorizeAsync(context, route ?? new OciRoute(OciResource.Base, "", ""))) return;
        if (route is null)
        {
            await OciResults.WriteErrorAsync(context, 404, "NAME_UNKNOWN", $"no OCI resource at {path}");
            return;
        }
        if (route.Resource is not (OciResource.Base or OciResource.Catalog) && !RepositoryName.IsValid(route.Name))
        {
            await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.NameInvalid,
                $"invalid repository name '{route.Name}': lower-case path components [a-z0-9] joined by '.', '_', '__' or '-', separated by '/', at most {RepositoryName.MaxLength} characters"));
            return;
        }
        var method = context.Request.Method;
        var task = (route.Resource, method) switch
        {
            (OciResource.Base, "GET" or "HEAD") => BaseHandler.HandleAsync(context),
            (OciResource.Catalog, "GET") => CatalogHandler.ListAsync(context),
            (OciResource.Tags, "GET") => TagsHandler.ListAsync(context, route.Name),
            (OciResource.Manifest, "GET" or "HEAD") => ManifestHandler.GetAsync(context, route.Name, route.Argument),
            (OciResource.Manifest, "PUT") => ManifestHandler.PutAsync(context, route.Name, route.Argument),
            (OciResource.Manifest, "DELETE") => ManifestHandler.DeleteAsync(context, route.Name, route.Argument),
            (OciResource.Blob, "GET" or "HEAD") => BlobHandler.GetAsync(context, route.Name, route.Argument),
            (OciResource.Blob, "DELETE") => BlobHandler.DeleteAsync(context, route.Name, route.Argument),
            (OciResource.UploadStart, "POST") => UploadHandler.StartAsync(context, route.Name),
            (OciResource.Upload, "GET") => UploadHandler.StatusAsync(context, route.Name, route.Argument),
            (OciResource.Upload, "PATCH") => UploadHandler.PatchAsync(context, route.Name, route.Argument),
            (OciResource.Upload, "PUT") => UploadHandler.PutAsync(context, route.Name, route.Argument),
            (OciResource.Upload, "DELETE") => UploadHandler.CancelAsync(context, route.Name, route.Argument),
            (OciResource.Referrers, "GET") => ReferrersHandler.ListAsync(context, route.Name, route.Argument),
            _ => OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Unsupported, $"{method} is not supported on {path}")),
        };
        await task;
    }

    /// <summary>Parse a digest from the URL or query, or write DIGEST_INVALID.</summary>
    public static async Task<Digest?> RequireDigestAsync(HttpContext context, string? text)
    {
        if (Digest.TryParse(text, out var digest)) return digest;
        await OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.DigestInvalid,
            $"invalid digest '{text}': expected sha256:<64 hex> or sha512:<128 hex>, lower case"));
        return null;
    }

    /// <summary>Parse the n query parameter of paginated listings; null when absent, false when malformed.</summary>
    public static bool TryGetPageSize(HttpContext context, out int? n)
    {
        n = null;
        var text = context.Request.Query["n"].ToString();
        if (text.Length == 0) return true;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)) return false;
        n = value;
        return true;
    }
}
