using System.Text.RegularExpressions;

namespace Gateway.Server.Oci;

/// <summary>The OCI resources under /v2/.</summary>
internal enum OciResource
{
    Base,
    Catalog,
    Tags,
    Manifest,
    Blob,
    UploadStart,
    Upload,
    Referrers,
}

/// <summary>
/// A parsed /v2/ path: resource, repository name and the trailing argument (reference, digest or upload id).
/// Repository names contain slashes, so routes are matched from the right, as distribution does.
/// </summary>
internal sealed partial record OciRoute(OciResource Resource, string Name, string Argument)
{
    public static OciRoute? Parse(string path)
    {
        if (path is "" or "/") return new OciRoute(OciResource.Base, "", "");
        path = path.TrimStart('/');
        if (path is "_catalog") return new OciRoute(OciResource.Catalog, "", "");
        foreach (var (pattern, resource) in Patterns)
        {
            var m = pattern.Match(path);
            if (m.Success) return new OciRoute(resource, m.Groups["name"].Value, m.Groups["arg"].Value);
        }
        return null;
    }

    // Order matters: uploads before blobs.
    private static readonly (Regex Pattern, OciResource Resource)[] Patterns =
    [
        (TagsPattern(), OciResource.Tags),
        (ManifestPattern(), OciResource.Manifest),
        (UploadStartPattern(), OciResource.UploadStart),
        (UploadPattern(), OciResource.Upload),
        (BlobPattern(), OciResource.Blob),
        (ReferrersPattern(), OciResource.Referrers),
    ];

    [GeneratedRegex("^(?<name>.+)/tags/list(?<arg>)$", RegexOptions.CultureInvariant)]
    private static partial Regex TagsPattern();

    [GeneratedRegex("^(?<name>.+)/manifests/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestPattern();

    [GeneratedRegex("^(?<name>.+)/blobs/uploads/?(?<arg>)$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadStartPattern();

    [GeneratedRegex("^(?<name>.+)/blobs/uploads/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadPattern();

    [GeneratedRegex("^(?<name>.+)/blobs/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobPattern();

    [GeneratedRegex("^(?<name>.+)/referrers/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferrersPattern();
}
