namespace Gateway.Core.Signing.Cosign;

/// <summary>The outcome of checking one cosign signature against one key.</summary>
/// <param name="KeyId">Lower-case hex SHA-256 of the public key's SubjectPublicKeyInfo (null if the key was unreadable).</param>
/// <param name="DockerReference">The reference the payload names, once the signature is known good.</param>
public sealed record CosignVerification(bool Verified, string Reason, string? KeyId, string? DockerReference = null);
