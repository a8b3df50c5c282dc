using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Tests.Signing.Policy;

public sealed class TrustedIdentityTests
{
    private static X509Certificate2 Cert(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(TestPki.T0, TestPki.T0.AddDays(1));
    }

    private static TrustedIdentity Identity(string text)
    {
        TrustedIdentity.TryParse(text, out var identity, out var error).ShouldBeTrue(error);
        return identity;
    }

    [Theory]
    [InlineData("x509.subject: CN=Release,O=Acme,C=US", "CN=Release, O=Acme, C=US", true)]
    [InlineData("x509.subject: C=US,O=Acme,CN=Release", "CN=Release, O=Acme, C=US", true)]
    [InlineData("x509.subject: cn=release, o=ACME, c=us", "CN=Release, O=Acme, C=US", true)]
    [InlineData("x509.subject: CN=Release,O=Acme,S=WA", "CN=Release, O=Acme, ST=WA", true)]
    [InlineData("x509.subject: CN=Release,O=\"Acme, Inc.\"", "CN=Release, O=\"Acme, Inc.\"", true)]
    [InlineData("x509.subject: CN=Release,O=Acme\\, Inc.", "CN=Release, O=\"Acme, Inc.\"", true)]
    [InlineData("x509.subject: CN=Release,O=Acme", "CN=Release, O=Acme, C=US", false)]
    [InlineData("x509.subject: CN=Release,O=Acme,C=US,OU=Build", "CN=Release, O=Acme, C=US", false)]
    [InlineData("x509.subject: CN=Releaser,O=Acme,C=US", "CN=Release, O=Acme, C=US", false)]
    [InlineData("*", "CN=Anyone", true)]
    public void Matches_subjects_as_unordered_attribute_sets(string identity, string subject, bool expected)
    {
        using var cert = Cert(subject);
        Identity(identity).Matches(cert).ShouldBe(expected);
    }

    [Theory]
    [InlineData("CN=Release")]
    [InlineData("x509.subject:")]
    [InlineData("x509.subject: Release")]
    [InlineData("x509.subject: CN=")]
    [InlineData("**")]
    public void Rejects_malformed_identities(string text) => TrustedIdentity.TryParse(text, out _, out _).ShouldBeFalse();
}
