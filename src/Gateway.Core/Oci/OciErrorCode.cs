using System.Net;

namespace Gateway.Core.Oci;

/// <summary>Every error code of the OCI distribution spec with its default message and HTTP status, in one table.</summary>
public sealed record OciErrorCode(string Code, string Message, HttpStatusCode Status)
{
    public static readonly OciErrorCode BlobUnknown = new("BLOB_UNKNOWN", "blob unknown to registry", HttpStatusCode.NotFound);
    public static readonly OciErrorCode BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", "blob upload invalid", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", HttpStatusCode.NotFound);
    public static readonly OciErrorCode DigestInvalid = new("DIGEST_INVALID", "provided digest did not match uploaded content", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode ManifestInvalid = new("MANIFEST_INVALID", "manifest invalid", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode ManifestUnknown = new("MANIFEST_UNKNOWN", "manifest unknown to registry", HttpStatusCode.NotFound);
    public static readonly OciErrorCode NameInvalid = new("NAME_INVALID", "invalid repository name", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode NameUnknown = new("NAME_UNKNOWN", "repository name not known to registry", HttpStatusCode.NotFound);
    public static readonly OciErrorCode SizeInvalid = new("SIZE_INVALID", "provided length did not match content length", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode TagInvalid = new("TAG_INVALID", "manifest tag did not match URI", HttpStatusCode.BadRequest);
    public static readonly OciErrorCode Unauthorized = new("UNAUTHORIZED", "authentication required", HttpStatusCode.Unauthorized);
    public static readonly OciErrorCode Denied = new("DENIED", "requested access to the resource is denied", HttpStatusCode.Forbidden);
    public static readonly OciErrorCode Unsupported = new("UNSUPPORTED", "the operation is unsupported", HttpStatusCode.MethodNotAllowed);
    public static readonly OciErrorCode TooManyRequests = new("TOOMANYREQUESTS", "too many requests", HttpStatusCode.TooManyRequests);
    public static readonly OciErrorCode RangeInvalid = new("BLOB_UPLOAD_INVALID", "requested range not satisfiable", HttpStatusCode.RequestedRangeNotSatisfiable);
    public static readonly OciErrorCode ManifestTooLarge = new("SIZE_INVALID", "manifest too large", HttpStatusCode.RequestEntityTooLarge);
    public static readonly OciErrorCode Internal = new("UNKNOWN", "internal server error", HttpStatusCode.InternalServerError);
    public static readonly OciErrorCode Unavailable = new("UNAVAILABLE", "service unavailable", HttpStatusCode.ServiceUnavailable);
}

/// <summary>An expected failure returned as a value: a code plus a message a person can act on, and optional detail.</summary>
public sealed record OciError(OciErrorCode Code, string Message, object? Detail = null)
{
    public static OciError Of(OciErrorCode code, string? message = null, object? detail = null) => new(code, message ?? code.Message, detail);
}
