using System.Security.Claims;
using Gateway.Core.Oci;

namespace Gateway.Core.Admission;

/// <summary>What a client is trying to do with a manifest.</summary>
public enum AdmissionAction
{
    Push,
    Pull,
    Delete,
    Tag,
}

/// <summary>Where the request came from, for policy input and the audit record.</summary>
public sealed record RequestContext(ClaimsPrincipal? User, string? ClientAddress, string? UserAgent, DateTimeOffset Time);

/// <summary>
/// One admission question, built once per decision: the action, the repository and reference, the
/// manifest (parsed, with its bytes) and the request. Gates (content trust, Rego policy) answer it.
/// </summary>
public sealed record AdmissionRequest(
    AdmissionAction Action,
    string Repository,
    string? Tag,
    Digest Digest,
    string MediaType,
    ParsedManifest? Manifest,
    ReadOnlyMemory<byte> ManifestBytes,
    RequestContext Request);
