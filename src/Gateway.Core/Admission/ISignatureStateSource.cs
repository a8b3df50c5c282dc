using Gateway.Core.Oci;

namespace Gateway.Core.Admission;

/// <summary>One signature attached to a manifest, as the trust policy judged it.</summary>
public sealed record SignatureInfo(
    string Format,
    Digest SignatureDigest,
    bool Verified,
    string? KeyOrIdentity,
    DateTimeOffset? SigningTime,
    string? Policy,
    string? Reason);

/// <summary>The signature state of a manifest: verified when at least one signature verifies under the trust policy.</summary>
public sealed record SignatureState(bool Verified, IReadOnlyList<SignatureInfo> Signatures, string? Policy)
{
    public static readonly SignatureState None = new(false, [], null);
}

/// <summary>Where admission (the Rego input document) learns a manifest's signature state; content trust implements it.</summary>
public interface ISignatureStateSource
{
    ValueTask<SignatureState> GetAsync(string repository, Digest digest, CancellationToken cancellationToken);
}

/// <summary>Used until content trust is configured: nothing is signed.</summary>
public sealed class NoSignatureState : ISignatureStateSource
{
    public ValueTask<SignatureState> GetAsync(string repository, Digest digest, CancellationToken cancellationToken) => ValueTask.FromResult(SignatureState.None);
}
