using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Rego.Builtins;

/// <summary>
/// OPA's verifyX509CertificateChain: the first certificate is the only trusted root, the last is the leaf, the rest
/// are intermediates; the chain must be valid now (or at CurrentTime) for one of the requested extended key usages
/// (server auth when none are given, as Go's x509.Verify does) and, when asked, for the DNS name.
/// Returns the verified chain leaf first, or null when it does not verify.
/// </summary>
internal static class X509Verify
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string AnyUsage = "2.5.29.37.0";

    public sealed record Options(string? DnsName, DateTimeOffset? CurrentTime, IReadOnlyList<string> KeyUsages);

    public static List<byte[]>? Verify(List<byte[]> certs, Options options)
    {
        if (certs.Count < 2) return null;
        var loaded = new List<X509Certificate2>();
        try
        {
            foreach (var der in certs) loaded.Add(X509CertificateLoader.LoadCertificate(der));
            var leaf = loaded[^1];
            if (options.DnsName is { Length: > 0 } dns && !leaf.MatchesHostname(dns, allowWildcards: true, allowCommonName: false)) return null;
            var usages = options.KeyUsages.Count == 0 ? [ServerAuth] : options.KeyUsages;
            // Go accepts a chain valid for any one of the usages; .NET's ApplicationPolicy wants all, so try each.
            foreach (var usage in usages)
            {
                var chain = TryBuild(loaded, usage, options.CurrentTime);
                if (chain is not null) return chain;
            }
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        finally
        {
            foreach (var c in loaded) c.Dispose();
        }
    }

    private static List<byte[]>? TryBuild(List<X509Certificate2> certs, string usage, DateTimeOffset? at)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(certs[0]);
        for (var i = 1; i < certs.Count - 1; i++) policy.ExtraStore.Add(certs[i]);
        // Offline and self-contained: no revocation checks, no fetching of issuers from AIA URLs.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = (at ?? DateTimeOffset.UtcNow).UtcDateTime;
        if (usage != AnyUsage) policy.ApplicationPolicy.Add(new Oid(usage));
        if (!chain.Build(certs[^1])) return null;
        return chain.ChainElements.Select(e => e.Certificate.RawData).ToList();
    }
}
