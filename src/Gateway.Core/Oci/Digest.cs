using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gateway.Core.Oci;

/// <summary>
/// A content digest "algorithm:hex" as the OCI image spec defines it. sha256 and sha512 are accepted;
/// the hex part must be lower case and of the algorithm's exact length.
/// </summary>
public readonly partial record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }
    public string Hex { get; }

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (string.IsNullOrEmpty(text) || text.Length > 256 || !DigestGrammar().IsMatch(text)) return false;
        var colon = text.IndexOf(':');
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var expectedLength = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != expectedLength) return false;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        digest = new Digest(algorithm, hex);
        return true;
    }

    public static Digest Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"invalid digest '{text}'");

    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Sha256Of(ReadOnlySpan<byte> content) => FromHash("sha256", SHA256.HashData(content));

    public static bool IsSupportedAlgorithm(string algorithm) => algorithm is "sha256" or "sha512";

    /// <summary>A hasher for this digest's algorithm, for verifying content as it streams in.</summary>
    public IncrementalHash CreateHasher() => CreateHasher(Algorithm);

    public static IncrementalHash CreateHasher(string algorithm) => algorithm switch
    {
        "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
        "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
        _ => throw new ArgumentException($"unsupported digest algorithm '{algorithm}'", nameof(algorithm)),
    };

    // The OCI image spec grammar: algorithm-component ([+._-] separator) ":" encoded.
    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestGrammar();
}
