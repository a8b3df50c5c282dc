using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Cosign;

/// <summary>cosign stores the signatures of manifest <c>sha256:abc…</c> under the tag <c>sha256-abc….sig</c>.</summary>
public static class CosignSignatureTag
{
    private const string Suffix = ".sig";

    public static string For(Digest digest) => $"{digest.Algorithm}-{digest.Hex}{Suffix}";

    /// <summary>The signed manifest's digest if the tag is a cosign signature tag.</summary>
    public static bool TryParse(string? tag, out Digest digest)
    {
        digest = default;
        if (tag is null || !tag.EndsWith(Suffix, StringComparison.Ordinal)) return false;
        var dash = tag.IndexOf('-');
        return dash > 0 && Digest.TryParse($"{tag[..dash]}:{tag[(dash + 1)..^Suffix.Length]}", out digest);
    }
}
