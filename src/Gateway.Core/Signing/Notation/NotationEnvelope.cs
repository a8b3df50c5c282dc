using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Gateway.Core.Signing.Notation;

/// <summary>A flattened JWS JSON document taken apart; nothing in it is trusted yet.</summary>
internal sealed class NotationEnvelope
{
    private static readonly string[] TopLevel = ["payload", "protected", "header", "signature"];

    private NotationEnvelope(byte[] signingInput, byte[] payload, byte[] signature, JsonElement protectedHeader, IReadOnlyList<X509Certificate2> certificates)
    {
        SigningInput = signingInput;
        Payload = payload;
        Signature = signature;
        ProtectedHeader = protectedHeader;
        Certificates = certificates;
    }

    /// <summary>ASCII(protected '.' payload), exactly as the envelope spells them.</summary>
    public byte[] SigningInput { get; }

    public byte[] Payload { get; }
    public byte[] Signature { get; }
    public JsonElement ProtectedHeader { get; }

    /// <summary>x5c: the signing certificate first, then its issuers up to the root.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public static NotationEnvelope? TryParse(byte[] envelope, out string error)
    {
        error = "";
        try
        {
            using var doc = JsonDocument.Parse(envelope);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "envelope is not a JSON object";
                return null;
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!TopLevel.Contains(property.Name))
                {
                    error = $"envelope has field '{property.Name}'; a flattened JWS has only {string.Join(", ", TopLevel)}";
                    return null;
                }
            }
            var protectedText = Text(root, "protected");
            var payloadB64 = Text(root, "payload");
            var signatureText = Text(root, "signature");
            if (protectedText is null || payloadB64 is null || signatureText is null)
            {
                error = "envelope needs string fields payload, protected and signature";
                return null;
            }
            var headerBytes = Base64Url.DecodeFromChars(protectedText);
            using var headerDoc = JsonDocument.Parse(headerBytes);
            if (headerDoc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "protected header is not a JSON object";
                return null;
            }
            if (!root.TryGetProperty("header", out var header) || header.ValueKind != JsonValueKind.Object
                || !header.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() == 0)
            {
                error = "envelope header has no x5c certificate chain";
                return null;
            }
            var certificates = new List<X509Certificate2>();
            foreach (var item in x5c.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    error = "x5c entries must be base64 DER certificates";
                    return null;
                }
                certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(item.GetString()!)));
            }
            return new NotationEnvelope(Encoding.ASCII.GetBytes(protectedText + "." + payloadB64), Base64Url.DecodeFromChars(payloadB64),
                Base64Url.DecodeFromChars(signatureText), headerDoc.RootElement.Clone(), certificates);
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException)
        {
            error = $"envelope is malformed: {e.Message}";
            return null;
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
