using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// crypto.x509.* parsing and chain verification, and crypto.parse_private_keys. Inputs are PEM, or base64 of PEM
/// or DER, decided the way OPA decides; outputs are Go's x509 structures as JSON (see <see cref="X509GoCertificate"/>).
/// </summary>
internal static class X509Builtins
{
    private static readonly RegoArray Unverified = new([RegoBool.False, RegoArray.Empty]);

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("crypto.x509.parse_certificates", 1, static (_, a) =>
            new RegoArray(CertificatesFromString(BuiltinArgs.String(a, 0)).Select(d => (RegoValue)X509GoCertificate.Parse(d, withUriStrings: true)).ToArray()));
        registry.Register("crypto.x509.parse_and_verify_certificates", 1, static (_, a) =>
            ParseAndVerify(BuiltinArgs.String(a, 0), null));
        registry.Register("crypto.x509.parse_and_verify_certificates_with_options", 2, static (_, a) =>
            ParseAndVerify(BuiltinArgs.String(a, 0), BuiltinArgs.Object(a, 1)));
        registry.Register("crypto.x509.parse_certificate_request", 1, static (_, a) => ParseCertificateRequest(BuiltinArgs.String(a, 0)));
        registry.Register("crypto.x509.parse_keypair", 2, ParseKeyPair);
        registry.Register("crypto.x509.parse_rsa_private_key", 1, static (_, a) => ParseRsaPrivateKey(BuiltinArgs.String(a, 0)));
        registry.Register("crypto.parse_private_keys", 1, static (_, a) => ParsePrivateKeys(BuiltinArgs.String(a, 0)));
    }

    /// <summary>OPA's getX509CertsFromString: PEM, or base64 of PEM, or base64 of concatenated DER.</summary>
    private static List<byte[]> CertificatesFromString(string text)
    {
        if (text.StartsWith("-----BEGIN", StringComparison.Ordinal)) return CertificatesFromPem(Encoding.UTF8.GetBytes(text));
        var decoded = ExtGoBase64.DecodeStd(text);
        if (decoded.AsSpan().StartsWith("-----BEGIN"u8)) return CertificatesFromPem(decoded);
        var certs = X509GoCertificate.SplitDer(decoded);
        foreach (var der in certs) X509GoCertificate.Parse(der, withUriStrings: false); // malformed input is an error here, as in Go
        return certs;
    }

    private static List<byte[]> CertificatesFromPem(byte[] pem)
    {
        var ders = new List<byte[]>();
        while (pem.Length > 0)
        {
            var (block, rest) = ExtPem.Decode(pem);
            if (block is null) break;
            if (block.Type != "CERTIFICATE") throw new BuiltinException($"PEM block type is '{block.Type}', expected CERTIFICATE");
            pem = rest;
            ders.AddRange(X509GoCertificate.SplitDer(block.Bytes));
        }
        foreach (var der in ders) X509GoCertificate.Parse(der, withUriStrings: false);
        return ders;
    }

    private static RegoValue ParseAndVerify(string text, RegoObject? options)
    {
        List<byte[]> certs;
        try
        {
            certs = CertificatesFromString(text);
        }
        catch (BuiltinException)
        {
            // Unparseable input is "not verified", not an error.
            return Unverified;
        }
        var verifyOptions = options is null ? new X509Verify.Options(null, null, []) : X509VerifyOptions.Read(options);
        var chain = X509Verify.Verify(certs, verifyOptions);
        if (chain is null) return Unverified;
        // Only the one-argument form adds OPA's URIStrings field; the with-options form returns plain certificates.
        var parsed = chain.Select(d => (RegoValue)X509GoCertificate.Parse(d, withUriStrings: options is null)).ToArray();
        return new RegoArray([RegoBool.True, new RegoArray(parsed)]);
    }

    private static RegoValue ParseCertificateRequest(string text)
    {
        var bytes = text.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal)
            ? Encoding.UTF8.GetBytes(text)
            : ExtGoBase64.DecodeStd(text);
        var (block, _) = ExtPem.Decode(bytes);
        if (block is not null && block.Type != "CERTIFICATE REQUEST") throw new BuiltinException("invalid PEM-encoded certificate signing request");
        return X509GoCertificate.ParseRequest(block?.Bytes ?? bytes);
    }

    private static RegoValue ParseRsaPrivateKey(string text)
    {
        if (text.Length == 0) throw new BuiltinException("input PEM data was empty");
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal)) text = Encoding.UTF8.GetString(ExtGoBase64.DecodeStd(text));
        var keys = X509PrivateKeys.FromPem(text);
        if (keys.Count == 0) return RegoNull.Instance;
        return keys[0] is ParsedPrivateKey.Ed25519 ? throw new BuiltinException("invalid key type 'ed25519.PrivateKey'") : X509GoKeys.Jwk(keys[0]);
    }

    private static RegoValue ParsePrivateKeys(string text)
    {
        if (text.Length == 0) return RegoNull.Instance;
        var keys = X509PrivateKeys.FromPem(text);
        return new RegoArray(keys.Select(k => k.ToGoJson()).ToArray());
    }

    private static RegoValue ParseKeyPair(BuiltinContext _, ReadOnlySpan<RegoValue> a)
    {
        // OPA reports both operands as "operand 1" when they are not strings.
        var certText = BuiltinArgs.String(a, 0);
        var keyText = a[1] is RegoString ks ? ks.Value : throw BuiltinArgs.TypeError(1, a[1], "string");
        var certPem = PemOrBase64(certText);
        var keyPem = PemOrBase64(keyText);
        if (!certPem.AsSpan().StartsWith("-----BEGIN "u8)) certPem = Encoding.UTF8.GetBytes(ExtPem.Encode("CERTIFICATE", certPem));
        if (!keyPem.AsSpan().StartsWith("-----BEGIN"u8)) keyPem = Encoding.UTF8.GetBytes(ExtPem.Encode("PRIVATE KEY", keyPem));
        return X509KeyPair.Build(certPem, keyPem);
    }

    private static byte[] PemOrBase64(string text) =>
        text.StartsWith("-----BEGIN ", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(text) : ExtGoBase64.DecodeStd(text);
}
