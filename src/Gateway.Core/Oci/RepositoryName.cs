using System.Text.RegularExpressions;

namespace Gateway.Core.Oci;

/// <summary>Grammar checks for repository names and tags, as the distribution spec defines them.</summary>
public static partial class RepositoryName
{
    /// <summary>Distribution's limit on the full repository name.</summary>
    public const int MaxLength = 255;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && NameGrammar().IsMatch(name);

    public static bool IsValidTag(string? tag) => !string.IsNullOrEmpty(tag) && TagGrammar().IsMatch(tag);

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameGrammar();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagGrammar();
}
