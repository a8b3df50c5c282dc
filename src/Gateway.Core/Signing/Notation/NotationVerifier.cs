using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.Core.Oci;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Signing.Notation;

/// <summary>
/// Verifies a Notary Project JWS envelope (signing scheme notary.x509) against a subject manifest, a set of trusted
/// CA certificates and the trusted identities. Integrity first (headers, algorithm, signature, payload), then trust
/// (chain to the store at signing time, validity now, expiry, identity). No revocation checks.
/// </summary>
public static class NotationVerifier
{
    private static readonly HashSet<string> SupportedAlgorithms = ["PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static NotationVerification Verify(byte[] envelopeBytes, Descriptor subject, IReadOnlyList<X509Certificate2> trustStore,
        IReadOnlyList<string> trustedIdentities, DateTimeOffset now)
    {
        var identities = new List<TrustedIdentity>();
        foreach (var text in trustedIdentities)
        {
            if (!TrustedIdentity.TryParse(text, out var identity, out var error)) return Fail($"trusted identity {error}");
            identities.Add(identity);
        }
        return Verify(envelopeBytes, subject, trustStore, identities, now);
    }

    public static NotationVerification Verify(byte[] envelopeBytes, Descriptor subject, IReadOnlyList<X509Certificate2> trustStore,
        IReadOnlyList<TrustedIdentity> trustedIdentities, DateTimeOffset now)
    {
        var envelope = NotationEnvelope.TryParse(envelopeBytes, out var parseError);
        if (envelope is null) return Fail(parseError);
        var header = envelope.ProtectedHeader;
        var leaf = envelope.Certificates[0];

        // Integrity: the headers we must understand, the algorithm the leaf key dictates, the signature.
        var headerError = CheckHeaders(header, out var alg, out var signingTime, out var expiry);
        if (headerError is not null) return Fail(headerError);
        var expectedAlg = JwsAlgorithm.ForCertificate(leaf);
        if (expectedAlg is null) return Fail("the signing certificate's key is not RSA 2048/3072/4096 or ECDSA P-256/P-384/P-521");
        if (alg != expectedAlg) return Fail($"alg '{alg}' does not match the signing key, which requires '{expectedAlg}'");
        if (!JwsAlgorithm.Verify(leaf, alg, envelope.SigningInput, envelope.Signature)) return Fail("signature does not verify with the signing certificate's key");

        var identity = leaf.Subject;
        if (!NotationPayload.TryParse(envelope.Payload, out var target, out var payloadError)) return Fail(payloadError, identity, signingTime);
        if (target.Digest != subject.Digest) return Fail($"signature is for {target.Digest}, not {subject.Digest}", identity, signingTime);
        if (target.MediaType != subject.MediaType) return Fail($"signature is for media type '{target.MediaType}', not '{subject.MediaType}'", identity, signingTime);
        if (target.Size != subject.Size) return Fail($"signature is for size {target.Size}, not {subject.Size}", identity, signingTime);

        // Trust: the certificates, then the signer-chosen expiry, then who signed.
        var certificateError = CertificateRequirements.CheckSigningCertificate(leaf) ?? CheckChain(envelope.Certificates, trustStore, signingTime);
        if (certificateError is not null) return Fail(certificateError, identity, signingTime);
        // Without an authentic (TSA) timestamp the signing time is the signer's word, so every certificate must
        // still be valid now.
        foreach (var certificate in envelope.Certificates)
        {
            if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
                return Fail($"certificate '{certificate.Subject}' is not valid now (valid {certificate.NotBefore:u} to {certificate.NotAfter:u})", identity, signingTime);
        }
        if (expiry is not null && now >= expiry) return Fail($"signature expired at {expiry:u}", identity, signingTime);
        if (!trustedIdentities.Any(i => i.Matches(leaf))) return Fail($"signer '{identity}' is not a trusted identity", identity, signingTime);
        return new NotationVerification(true, "signature verified", identity, signingTime);
    }

    private static string? CheckHeaders(JsonElement header, out string alg, out DateTimeOffset signingTime, out DateTimeOffset? expiry)
    {
        alg = "";
        signingTime = default;
        expiry = null;
        if (Text(header, "alg") is not { } a || !SupportedAlgorithms.Contains(a)) return $"alg '{Text(header, "alg")}' is not one the Notary Project allows";
        alg = a;
        if (Text(header, "cty") != NotationConstants.PayloadContentType) return $"cty must be '{NotationConstants.PayloadContentType}'";
        var scheme = Text(header, NotationConstants.SigningSchemeHeader);
        if (scheme == NotationConstants.SchemeSigningAuthority) return "signing scheme notary.x509.signingAuthority (authentic timestamps) is not supported";
        if (scheme != NotationConstants.SchemeX509) return $"signing scheme '{scheme}' is not '{NotationConstants.SchemeX509}'";

        if (!header.TryGetProperty("crit", out var crit) || crit.ValueKind != JsonValueKind.Array) return "crit header is missing";
        var critical = new HashSet<string>();
        foreach (var item in crit.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return "crit entries must be strings";
            var name = item.GetString()!;
            if (name is NotationConstants.VerificationPluginHeader or NotationConstants.VerificationPluginMinVersionHeader)
                return $"signature requires a verification plugin ('{Text(header, NotationConstants.VerificationPluginHeader)}'), which is not supported";
            if (name is not (NotationConstants.SigningSchemeHeader or NotationConstants.ExpiryHeader)) return $"critical header '{name}' is not understood";
            if (!header.TryGetProperty(name, out _)) return $"critical header '{name}' is listed in crit but absent";
            critical.Add(name);
        }
        if (!critical.Contains(NotationConstants.SigningSchemeHeader)) return $"crit must list {NotationConstants.SigningSchemeHeader}";

        if (!TryTime(header, NotationConstants.SigningTimeHeader, out var signed) || signed is null) return $"{NotationConstants.SigningTimeHeader} is missing or not RFC 3339";
        signingTime = signed.Value;
        if (!TryTime(header, NotationConstants.ExpiryHeader, out expiry)) return $"{NotationConstants.ExpiryHeader} is not RFC 3339";
        if (expiry is not null && !critical.Contains(NotationConstants.ExpiryHeader)) return $"{NotationConstants.ExpiryHeader} must be listed in crit";
        return null;
    }

    private static string? CheckChain(IReadOnlyList<X509Certificate2> certificates, IReadOnlyList<X509Certificate2> trustStore, DateTimeOffset signingTime)
    {
        if (trustStore.Count == 0) return "the trust store is empty";
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustStore.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = signingTime.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(certificates[0]))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return $"certificate chain is not trusted at signing time {signingTime:u}: {status}";
        }
        // The envelope must carry exactly the chain that was trusted (leaf, intermediates, root), nothing unrelated.
        var built = chain.ChainElements.Select(e => e.Certificate.Thumbprint).ToArray();
        if (!built.SequenceEqual(certificates.Select(c => c.Thumbprint)))
            return "x5c is not the ordered chain from the signing certificate to a trusted root";
        return null;
    }

    private static bool TryTime(JsonElement header, string name, out DateTimeOffset? time)
    {
        time = null;
        if (!header.TryGetProperty(name, out var value)) return true;
        if (value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        time = parsed;
        return true;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static NotationVerification Fail(string reason, string? identity = null, DateTimeOffset? signingTime = null) =>
        new(false, reason, identity, signingTime);
}
