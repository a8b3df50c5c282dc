namespace Gateway.Core.Signing.Notation;

/// <summary>The outcome of verifying one notation signature envelope.</summary>
/// <param name="Identity">The signing certificate's subject, once the envelope's signature is known good.</param>
/// <param name="SigningTime">The signer-claimed signing time (notary.x509 has no authenticated time).</param>
public sealed record NotationVerification(bool Verified, string Reason, string? Identity = null, DateTimeOffset? SigningTime = null);
