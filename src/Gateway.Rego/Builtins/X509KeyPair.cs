using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Go's tls.X509KeyPair (certificate chain + matching private key), returned as tls.Certificate marshals to JSON:
/// Certificate (the DER chain as base64), PrivateKey, Leaf (set by Go since 1.23) and the unused TLS fields as null.
/// </summary>
internal static class X509KeyPair
{
    public static RegoObject Build(byte[] certPem, byte[] keyPem)
    {
        var chain = new List<byte[]>();
        var skipped = new List<string>();
        while (true)
        {
            var (block, rest) = ExtPem.Decode(certPem);
            if (block is null) break;
            certPem = rest;
            if (block.Type == "CERTIFICATE") chain.Add(block.Bytes);
            else skipped.Add(block.Type);
        }
        if (chain.Count == 0)
        {
            if (skipped.Count == 0) throw new BuiltinException("tls: failed to find any PEM data in certificate input");
            if (skipped.Count == 1 && skipped[0].EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                throw new BuiltinException("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched");
            }
            throw new BuiltinException($"tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [{string.Join(' ', skipped)}]");
        }

        skipped.Clear();
        ExtPem.Block keyBlock;
        while (true)
        {
            var (block, rest) = ExtPem.Decode(keyPem);
            if (block is null)
            {
                if (skipped.Count == 0) throw new BuiltinException("tls: failed to find any PEM data in key input");
                if (skipped.Count == 1 && skipped[0] == "CERTIFICATE") throw new BuiltinException("tls: found a certificate rather than a key in the PEM for the private key");
                throw new BuiltinException($"tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{string.Join(' ', skipped)}]");
            }
            keyPem = rest;
            if (block.Type == "PRIVATE KEY" || block.Type.EndsWith(" PRIVATE KEY", StringComparison.Ordinal))
            {
                keyBlock = block;
                break;
            }
            skipped.Add(block.Type);
        }

        var leaf = X509GoCertificate.Parse(chain[0], withUriStrings: false);
        var key = ParseAnyPrivateKey(keyBlock.Bytes);
        CheckMatches(leaf.Get("PublicKey"), key);

        return X509GoValues.Object(
            ("Certificate", new RegoArray(chain.Select(X509GoValues.Bytes).ToArray())),
            ("PrivateKey", key.ToGoJson()),
            ("SupportedSignatureAlgorithms", RegoNull.Instance),
            ("OCSPStaple", RegoNull.Instance),
            ("SignedCertificateTimestamps", RegoNull.Instance),
            ("Leaf", leaf));
    }

    /// <summary>Go's tls parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1.</summary>
    private static ParsedPrivateKey ParseAnyPrivateKey(byte[] der)
    {
        foreach (var parse in new Func<byte[], ParsedPrivateKey>[] { X509PrivateKeys.Pkcs1, X509PrivateKeys.Pkcs8, X509PrivateKeys.Sec1 })
        {
            try
            {
                return parse(der);
            }
            catch (BuiltinException)
            {
                // try the next format
            }
        }
        throw new BuiltinException("tls: failed to parse private key");
    }

    private static void CheckMatches(RegoValue? publicKey, ParsedPrivateKey key)
    {
        var priv = key.ToGoJson();
        bool same;
        switch (publicKey, key)
        {
            case (RegoObject pub, ParsedPrivateKey.Rsa) when pub.Get("N") is not null && pub.Get("Curve") is null:
                same = pub.Get("N")!.Equals(((RegoObject)priv).Get("N"));
                break;
            case (RegoObject pub, ParsedPrivateKey.Ec) when pub.Get("Curve") is not null:
                same = pub.Get("X")!.Equals(((RegoObject)priv).Get("X")) && pub.Get("Y")!.Equals(((RegoObject)priv).Get("Y"));
                break;
            case (RegoString pub, ParsedPrivateKey.Ed25519 ed):
                same = pub.Value == Convert.ToBase64String(ed.PrivateAndPublic, 32, 32);
                break;
            case (RegoObject or RegoString, _):
                throw new BuiltinException("tls: private key type does not match public key type");
            default:
                throw new BuiltinException("tls: unknown public key algorithm");
        }
        if (!same) throw new BuiltinException("tls: private key does not match public key");
    }
}
