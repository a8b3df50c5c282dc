using System.Text.Json.Serialization;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// Key Vault's REST bodies (keys API 7.4), field names as the service documents them. Only what the client
/// uses is modelled; unknown fields are ignored. Binary values are base64url without padding.
/// </summary>
internal static class KeyVaultWire
{
    public sealed record KeyBundle(JsonWebKey? Key, KeyAttributes? Attributes);

    public sealed record JsonWebKey(
        string? Kid,
        string? Kty,
        [property: JsonPropertyName("key_ops")] string[]? KeyOps,
        string? N,
        string? E,
        string? Crv,
        string? X,
        string? Y);

    /// <summary>Times are Unix seconds.</summary>
    public sealed record KeyAttributes(bool? Enabled, long? Nbf, long? Exp, long? Created, long? Updated);

    public sealed record KeyItem(string? Kid, KeyAttributes? Attributes);

    public sealed record KeyList(KeyItem[]? Value, string? NextLink);

    public sealed record KeyOperationRequest(string Alg, string Value);

    public sealed record KeyOperationResult(string? Kid, string? Value);

    public sealed record VerifyRequest(string Alg, string Digest, string Value);

    public sealed record VerifyResult(bool? Value);

    public sealed record ErrorResponse(Error? Error);

    public sealed record Error(string? Code, string? Message);
}
