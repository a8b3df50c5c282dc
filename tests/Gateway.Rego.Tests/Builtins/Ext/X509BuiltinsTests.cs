using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Ext.B;

namespace Gateway.Rego.Tests.Builtins.Ext;

/// <summary>x509 builtins on certificates, requests and keys generated here with .NET, so every expected value is known.</summary>
public class X509BuiltinsTests
{
    private sealed record Chain(string Pem, X509Certificate2 Root, X509Certificate2 Leaf, ECDsa LeafKey);

    private static Chain BuildChain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootReq = new CertificateRequest("CN=Test Root,O=Rego", rootKey, HashAlgorithmName.SHA256);
        rootReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var root = rootReq.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafReq = new CertificateRequest("CN=leaf.example.com", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("leaf.example.com");
        san.AddUri(new Uri("spiffe://example.com/leaf"));
        san.AddIpAddress(System.Net.IPAddress.Parse("10.1.2.3"));
        leafReq.CertificateExtensions.Add(san.Build());
        leafReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafReq.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var leaf = leafReq.Create(root, now.AddDays(-1), now.AddDays(10), [0x01, 0x02, 0x03]);
        return new Chain(root.ExportCertificatePem() + "\n" + leaf.ExportCertificatePem() + "\n", root, leaf, leafKey);
    }

    [Fact]
    public void Parse_certificates_gives_go_certificate_fields()
    {
        var chain = BuildChain();
        var certs = (RegoArray)Call("crypto.x509.parse_certificates", S(chain.Pem))!;
        certs.Count.ShouldBe(2);
        var leaf = (RegoObject)certs[1];
        ((RegoObject)leaf.Get("Subject")!).Get("CommonName").ShouldBe(S("leaf.example.com"));
        ((RegoObject)leaf.Get("Issuer")!).Get("Organization").ShouldBe(Arr(S("Rego")));
        leaf.Get("DNSNames").ShouldBe(Arr(S("leaf.example.com")));
        leaf.Get("URIStrings").ShouldBe(Arr(S("spiffe://example.com/leaf")));
        leaf.Get("IPAddresses").ShouldBe(Arr(S("10.1.2.3")));
        leaf.Get("SerialNumber").ShouldBe(N(0x010203));
        leaf.Get("KeyUsage").ShouldBe(N(1)); // x509.KeyUsageDigitalSignature
        leaf.Get("ExtKeyUsage").ShouldBe(Arr(N(1))); // x509.ExtKeyUsageServerAuth
        leaf.Get("SignatureAlgorithm").ShouldBe(N(10)); // x509.ECDSAWithSHA256
        leaf.Get("PublicKeyAlgorithm").ShouldBe(N(3)); // x509.ECDSA
        leaf.Get("Version").ShouldBe(N(3));
        leaf.Get("BasicConstraintsValid").ShouldBe(RegoBool.False);
        leaf.Get("Raw").ShouldBe(S(Convert.ToBase64String(chain.Leaf.RawData)));
        leaf.Get("NotAfter").ShouldBe(S(chain.Leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")));
        var root = (RegoObject)certs[0];
        root.Get("IsCA").ShouldBe(RegoBool.True);
        root.Get("MaxPathLen").ShouldBe(N(1));
        root.Get("DNSNames").ShouldBe(RegoNull.Instance);
    }

    [Fact]
    public void Parse_certificates_accepts_base64_der_and_rejects_garbage()
    {
        var chain = BuildChain();
        var certs = (RegoArray)Call("crypto.x509.parse_certificates", S(Convert.ToBase64String(chain.Root.RawData)))!;
        ((RegoObject)((RegoObject)certs[0]).Get("Subject")!).Get("CommonName").ShouldBe(S("Test Root"));
        Error("crypto.x509.parse_certificates", S("foobar")).ShouldStartWith("illegal base64 data at input byte");
        Error("crypto.x509.parse_certificates", S("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
            .ShouldBe("PEM block type is 'PUBLIC KEY', expected CERTIFICATE");
    }

    [Fact]
    public void Parse_and_verify_returns_the_chain_leaf_first()
    {
        var chain = BuildChain();
        var result = (RegoArray)Call("crypto.x509.parse_and_verify_certificates", S(chain.Pem))!;
        result[0].ShouldBe(RegoBool.True);
        var certs = (RegoArray)result[1];
        certs.Count.ShouldBe(2);
        ((RegoObject)((RegoObject)certs[0]).Get("Subject")!).Get("CommonName").ShouldBe(S("leaf.example.com"));
        ((RegoObject)((RegoObject)certs[1]).Get("Subject")!).Get("CommonName").ShouldBe(S("Test Root"));
    }

    [Fact]
    public void Parse_and_verify_fails_for_a_single_or_unrelated_certificate()
    {
        var chain = BuildChain();
        var other = BuildChain();
        Call("crypto.x509.parse_and_verify_certificates", S(chain.Root.ExportCertificatePem())).ShouldBeJson("[false, []]");
        Call("crypto.x509.parse_and_verify_certificates", S(other.Root.ExportCertificatePem() + "\n" + chain.Leaf.ExportCertificatePem()))
            .ShouldBeJson("[false, []]");
        Call("crypto.x509.parse_and_verify_certificates", S("not base64!")).ShouldBeJson("[false, []]");
    }

    [Fact]
    public void Verify_options_check_dns_name_usage_and_time()
    {
        var chain = BuildChain();
        RegoValue Verify(string options) => ((RegoArray)Call("crypto.x509.parse_and_verify_certificates_with_options", S(chain.Pem), J(options))!)[0];
        Verify("{\"DNSName\": \"leaf.example.com\"}").ShouldBe(RegoBool.True);
        Verify("{\"DNSName\": \"other.example.com\"}").ShouldBe(RegoBool.False);
        Verify("{\"KeyUsages\": [\"KeyUsageClientAuth\"]}").ShouldBe(RegoBool.False);
        Verify("{\"KeyUsages\": [\"KeyUsageClientAuth\", \"KeyUsageServerAuth\"]}").ShouldBe(RegoBool.True);
        var later = (new DateTimeOffset(chain.Leaf.NotAfter.ToUniversalTime()).AddDays(1).ToUnixTimeMilliseconds()) * 1_000_000;
        Verify($"{{\"CurrentTime\": {later}}}").ShouldBe(RegoBool.False);
        Error("crypto.x509.parse_and_verify_certificates_with_options", S(chain.Pem), J("{\"KeyUsages\": [\"Nope\"]}"))
            .ShouldBe("invalid entries for 'KeyUsages' found: [Nope]");
        Error("crypto.x509.parse_and_verify_certificates_with_options", S(chain.Pem), J("{\"Other\": 1}")).ShouldBe("invalid key option");
        // The with-options form returns plain certificates, without OPA's URIStrings.
        var certs = (RegoArray)((RegoArray)Call("crypto.x509.parse_and_verify_certificates_with_options", S(chain.Pem), J("{}"))!)[1];
        ((RegoObject)certs[0]).Get("URIStrings").ShouldBeNull();
    }

    [Fact]
    public void Parse_certificate_request_from_pem_and_base64_der()
    {
        using var rsa = RSA.Create(2048);
        var req = new CertificateRequest("CN=csr.example.com,O=Rego", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("csr.example.com");
        req.CertificateExtensions.Add(san.Build());
        var fromPem = (RegoObject)Call("crypto.x509.parse_certificate_request", S(req.CreateSigningRequestPem()))!;
        ((RegoObject)fromPem.Get("Subject")!).Get("CommonName").ShouldBe(S("csr.example.com"));
        fromPem.Get("DNSNames").ShouldBe(Arr(S("csr.example.com")));
        fromPem.Get("SignatureAlgorithm").ShouldBe(N(4)); // x509.SHA256WithRSA
        var n = new BigInteger(rsa.ExportParameters(false).Modulus, isUnsigned: true, isBigEndian: true);
        ((RegoObject)fromPem.Get("PublicKey")!).Get("N").ShouldBe(RegoNumber.Of(n));
        var fromDer = Call("crypto.x509.parse_certificate_request", S(Convert.ToBase64String(req.CreateSigningRequest())));
        fromDer.ShouldBe(fromPem);
        Error("crypto.x509.parse_certificate_request", S("YmFkc3RyaW5n")).ShouldStartWith("asn1: structure error");
    }

    [Fact]
    public void Parse_rsa_private_key_gives_a_jwk()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        var jwk = (RegoObject)Call("crypto.x509.parse_rsa_private_key", S(rsa.ExportRSAPrivateKeyPem()))!;
        jwk.Get("kty").ShouldBe(S("RSA"));
        jwk.Get("n").ShouldBe(S(Base64Url(p.Modulus!)));
        // .NET pads D to the modulus length; a JWK holds the minimal octets (Go's big.Int.Bytes), so about one key in
        // 256, whose D starts with a zero byte, tells the two apart.
        jwk.Get("d").ShouldBe(S(Base64Url(p.D!.AsSpan().TrimStart((byte)0).ToArray())));
        jwk.Get("e").ShouldBe(S("AQAB"));
        jwk.Count.ShouldBe(9);
        Error("crypto.x509.parse_rsa_private_key", S("")).ShouldBe("input PEM data was empty");
        Error("crypto.x509.parse_rsa_private_key", S("invalid")).ShouldStartWith("illegal base64");
    }

    [Fact]
    public void Parse_private_keys_reads_every_key_block()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pem = rsa.ExportRSAPrivateKeyPem() + "\n" + ec.ExportPkcs8PrivateKeyPem() + "\n";
        var keys = (RegoArray)Call("crypto.parse_private_keys", S(pem))!;
        keys.Count.ShouldBe(2);
        ((RegoObject)keys[0]).Get("E").ShouldBe(N(65537));
        var d = new BigInteger(ec.ExportParameters(true).D, isUnsigned: true, isBigEndian: true);
        ((RegoObject)keys[1]).Get("D").ShouldBe(RegoNumber.Of(d));
        Call("crypto.parse_private_keys", S("nope")).ShouldBe(RegoArray.Empty);
        Call("crypto.parse_private_keys", S("")).ShouldBe(RegoNull.Instance);
    }

    [Fact]
    public void Parse_keypair_checks_the_key_matches()
    {
        var chain = BuildChain();
        var pair = (RegoObject)Call("crypto.x509.parse_keypair", S(chain.Leaf.ExportCertificatePem()), S(chain.LeafKey.ExportPkcs8PrivateKeyPem()))!;
        pair.Get("Certificate").ShouldBe(Arr(S(Convert.ToBase64String(chain.Leaf.RawData))));
        ((RegoObject)((RegoObject)pair.Get("Leaf")!).Get("Subject")!).Get("CommonName").ShouldBe(S("leaf.example.com"));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Error("crypto.x509.parse_keypair", S(chain.Leaf.ExportCertificatePem()), S(otherKey.ExportECPrivateKeyPem()))
            .ShouldBe("tls: private key does not match public key");
        Error("crypto.x509.parse_keypair", S(chain.LeafKey.ExportPkcs8PrivateKeyPem()), S(chain.LeafKey.ExportPkcs8PrivateKeyPem()))
            .ShouldBe("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
    }

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
