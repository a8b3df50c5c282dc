using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Core.Tests.Signing.Notation;

/// <summary>
/// A deliberately separate, minimal JWS implementation (written from RFC 7515 and the Notary Project JWS spec, not
/// from the production code) so tests check the production signer and verifier against something independent.
/// </summary>
internal static class TestJws
{
    public static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromB64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }

    public static JsonObject Header(string alg, DateTimeOffset signingTime, DateTimeOffset? expiry = null)
    {
        var header = new JsonObject
        {
            ["alg"] = alg,
            ["cty"] = "application/vnd.cncf.notary.payload.v1+json",
            ["io.cncf.notary.signingScheme"] = "notary.x509",
            ["io.cncf.notary.signingTime"] = signingTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["crit"] = new JsonArray("io.cncf.notary.signingScheme"),
        };
        if (expiry is not null)
        {
            header["io.cncf.notary.expiry"] = expiry.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
            header["crit"]!.AsArray().Add("io.cncf.notary.expiry");
        }
        return header;
    }

    public static JsonObject Payload(string mediaType, string digest, long size) => new()
    {
        ["targetArtifact"] = new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size },
    };

    /// <summary>Signs with the leaf's private key according to the header's alg; x5c is leaf then the given issuers.</summary>
    public static byte[] Envelope(JsonObject header, JsonObject payload, X509Certificate2 leaf, params X509Certificate2[] issuers)
    {
        var protectedPart = B64Url(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadPart = B64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var input = Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}");
        var alg = (string)header["alg"]!;
        var hash = HashOf(alg);
        byte[] signature = alg.StartsWith("PS")
            ? leaf.GetRSAPrivateKey()!.SignData(input, hash, RSASignaturePadding.Pss)
            : leaf.GetECDsaPrivateKey()!.SignData(input, hash); // .NET's default ECDSA format is r||s, as JWS wants
        var x5c = new JsonArray();
        foreach (var c in issuers.Prepend(leaf)) x5c.Add(Convert.ToBase64String(c.RawData));
        var envelope = new JsonObject
        {
            ["payload"] = payloadPart,
            ["protected"] = protectedPart,
            ["header"] = new JsonObject { ["x5c"] = x5c },
            ["signature"] = B64Url(signature),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>Checks the envelope's signature with its own x5c leaf; returns the decoded header and payload.</summary>
    public static (JsonObject Header, JsonObject Payload, X509Certificate2 Leaf) VerifySignature(byte[] envelopeBytes)
    {
        var envelope = JsonNode.Parse(envelopeBytes)!.AsObject();
        var protectedPart = (string)envelope["protected"]!;
        var payloadPart = (string)envelope["payload"]!;
        var header = JsonNode.Parse(FromB64Url(protectedPart))!.AsObject();
        var leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String((string)envelope["header"]!["x5c"]![0]!));
        var alg = (string)header["alg"]!;
        var input = Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}");
        var signature = FromB64Url((string)envelope["signature"]!);
        var ok = alg.StartsWith("PS")
            ? leaf.GetRSAPublicKey()!.VerifyData(input, signature, HashOf(alg), RSASignaturePadding.Pss)
            : leaf.GetECDsaPublicKey()!.VerifyData(input, signature, HashOf(alg));
        if (!ok) throw new CryptographicException("test verifier: signature does not verify");
        return (header, JsonNode.Parse(FromB64Url(payloadPart))!.AsObject(), leaf);
    }

    private static HashAlgorithmName HashOf(string alg) => alg[2..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
