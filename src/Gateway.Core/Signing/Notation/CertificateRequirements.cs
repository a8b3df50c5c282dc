using System.Security.Cryptography.X509Certificates;

namespace Gateway.Core.Signing.Notation;

/// <summary>The Notary Project's requirements on a signing (leaf) certificate, beyond chain building.</summary>
internal static class CertificateRequirements
{
    // EKUs that mark a certificate as meant for something other than code signing.
    private static readonly Dictionary<string, string> ForbiddenEkus = new()
    {
        ["2.5.29.37.0"] = "anyExtendedKeyUsage",
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
    };

    private const X509KeyUsageFlags ForbiddenUsages = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment
        | X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign
        | X509KeyUsageFlags.EncipherOnly | X509KeyUsageFlags.DecipherOnly;

    /// <returns>null when the certificate may sign, else why not.</returns>
    public static string? CheckSigningCertificate(X509Certificate2 leaf)
    {
        var basic = leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (basic is { CertificateAuthority: true }) return "the signing certificate is a CA certificate";
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is null || !usage.Critical) return "the signing certificate needs a critical keyUsage extension";
        if (!usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature)) return "the signing certificate's keyUsage lacks digitalSignature";
        if ((usage.KeyUsages & ForbiddenUsages) != 0) return $"the signing certificate's keyUsage ({usage.KeyUsages}) allows more than signing";
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is not null)
        {
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value is { } value && ForbiddenEkus.TryGetValue(value, out var name))
                    return $"the signing certificate's extendedKeyUsage includes {name}, which is not for code signing";
            }
        }
        return null;
    }

}
