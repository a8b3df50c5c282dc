using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Server.Tests.Infrastructure;

/// <summary>
/// An independent cosign simple-signing implementation for tests (written from the format, not from the gateway's
/// code): the payload, the ECDSA signature in the layer annotation, the signature manifest under the
/// <c>sha256-&lt;hex&gt;.sig</c> tag, and a verifier for signatures the gateway makes.
/// </summary>
public static class TestCosign
{
    public const string PayloadMediaType = "application/vnd.dev.cosign.simplesigning.v1+json";
    public const string SignatureAnnotation = "dev.cosignproject.cosign/signature";

    public static string SignatureTag(string digest) => digest.Replace(':', '-') + ".sig";

    public static byte[] Payload(string dockerReference, string digest) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["critical"] = new JsonObject
        {
            ["identity"] = new JsonObject { ["docker-reference"] = dockerReference },
            ["image"] = new JsonObject { ["docker-manifest-digest"] = digest },
            ["type"] = "cosign container image signature",
        },
        ["optional"] = null,
    }.ToJsonString());

    /// <summary>Writes the signature manifest and its blobs into an OCI layout under the .sig tag, for skopeo to push.</summary>
    public static void AddSignature(OciLayout layout, ECDsa key, string dockerReference, string signedDigest, string? tagFor = null)
    {
        var payload = Payload(dockerReference, signedDigest);
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var config = Encoding.UTF8.GetBytes("""{"architecture":"","config":{},"created":"0001-01-01T00:00:00Z","history":[{"created":"0001-01-01T00:00:00Z"}],"os":"","rootfs":{"type":"layers","diff_ids":[]}}""");
        layout.AddBlob(payload);
        layout.AddBlob(config);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = new JsonArray(Descriptor(PayloadMediaType, payload, new JsonObject { [SignatureAnnotation] = signature })),
        };
        layout.AddManifest(Encoding.UTF8.GetBytes(manifest.ToJsonString()), "application/vnd.oci.image.manifest.v1+json", SignatureTag(tagFor ?? signedDigest));
    }

    /// <summary>Checks a cosign signature manifest the gateway wrote: every layer's signature verifies with the key and names the digest.</summary>
    public static void Verify(byte[] signatureManifest, Func<string, byte[]> readBlob, string publicKeyPem, string expectedDigest)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        var layers = JsonNode.Parse(signatureManifest)!["layers"]!.AsArray();
        layers.Count.ShouldBeGreaterThan(0);
        foreach (var layer in layers)
        {
            layer!["mediaType"]!.GetValue<string>().ShouldBe(PayloadMediaType);
            var payload = readBlob(layer["digest"]!.GetValue<string>());
            var signature = Convert.FromBase64String(layer["annotations"]![SignatureAnnotation]!.GetValue<string>());
            key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue("the gateway's cosign signature must verify with its public key");
            JsonDocument.Parse(payload).RootElement.GetProperty("critical").GetProperty("image").GetProperty("docker-manifest-digest").GetString().ShouldBe(expectedDigest);
        }
    }

    private static JsonObject Descriptor(string mediaType, byte[] content, JsonObject? annotations = null)
    {
        var d = new JsonObject { ["mediaType"] = mediaType, ["digest"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), ["size"] = content.Length };
        if (annotations is not null) d["annotations"] = annotations;
        return d;
    }
}
