using System.Text.Json;
using Gateway.Core.Oci;
using Gateway.Core.Registry;
using Gateway.Core.Storage;
using Gateway.Server.Auth;

namespace Gateway.Server.Oci;

/// <summary>GET /v2/&lt;name&gt;/tags/list: lexically sorted, paginated with n and last, Link header for the next page.</summary>
internal static class TagsHandler
{
    public static async Task ListAsync(HttpContext context, string name)
    {
        if (!OciEndpoints.TryGetPageSize(context, out var n))
        {
            await OciResults.WriteErrorAsync(context, 400, "PAGINATION_NUMBER_INVALID", "n must be a non-negative integer");
            return;
        }
        var last = context.Request.Query["last"].ToString();
        var listing = context.RequestServices.GetRequiredService<ListingService>();
        var page = await listing.ListTagsAsync(name, n, last.Length == 0 ? null : last, context.RequestAborted);
        if (!page.IsSuccess)
        {
            await OciResults.WriteErrorAsync(context, page.Error);
            return;
        }
        await Pagination.WriteAsync(context, $"/v2/{name}/tags/list", page.Value, n, new { name, tags = page.Value.Items });
    }
}

/// <summary>GET /v2/_catalog: the repositories the caller may read, sorted and paginated.</summary>
internal static class CatalogHandler
{
    public static async Task ListAsync(HttpContext context)
    {
        if (!OciEndpoints.TryGetPageSize(context, out var n))
        {
            await OciResults.WriteErrorAsync(context, 400, "PAGINATION_NUMBER_INVALID", "n must be a non-negative integer");
            return;
        }
        var last = context.Request.Query["last"].ToString();
        var listing = context.RequestServices.GetRequiredService<ListingService>();
        var page = await listing.ListRepositoriesAsync(n, last.Length == 0 ? null : last, OciAuthorization.CatalogFilter(context), context.RequestAborted);
        await Pagination.WriteAsync(context, "/v2/_catalog", page, n, new { repositories = page.Items });
    }
}

internal static class Pagination
{
    public static async Task WriteAsync(HttpContext context, string path, Page<string> page, int? n, object body)
    {
        if (page.HasMore && page.Items.Count > 0)
        {
            var next = $"{path}?n={n ?? page.Items.Count}&last={Uri.EscapeDataString(page.Items[^1])}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}

/// <summary>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;: an OCI index of the manifests whose subject is the digest.</summary>
internal static class ReferrersHandler
{
    public static async Task ListAsync(HttpContext context, string name, string digestText)
    {
        if (await OciEndpoints.RequireDigestAsync(context, digestText) is not { } digest) return;
        var artifactType = context.Request.Query["artifactType"].ToString();
        var listing = context.RequestServices.GetRequiredService<ListingService>();
        var referrers = await listing.ListReferrersAsync(name, digest, artifactType.Length == 0 ? null : artifactType, context.RequestAborted);
        if (artifactType.Length > 0) context.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        context.Response.ContentType = MediaTypes.OciIndex;
        var index = new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciIndex,
            manifests = referrers.Select(d => new Dictionary<string, object?>
            {
                ["mediaType"] = d.MediaType,
                ["digest"] = d.Digest.ToString(),
                ["size"] = d.Size,
                ["artifactType"] = d.ArtifactType,
                ["annotations"] = d.Annotations,
            }.Where(kv => kv.Value is not null).ToDictionary()),
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(index), context.RequestAborted);
    }
}
