namespace Gateway.Core.Identity;

/// <summary>
/// Repository patterns of role assignments and scope maps: <c>*</c> (every repository), <c>team-a/*</c> (every
/// repository under team-a/, at any depth, as ACR's scope-map wildcards) or an exact name.
/// </summary>
public static class RepositoryPattern
{
    public static bool Matches(string pattern, string repository)
    {
        if (pattern == "*") return true;
        if (pattern.EndsWith("/*", StringComparison.Ordinal))
        {
            var prefix = pattern.AsSpan(0, pattern.Length - 1); // keeps the trailing '/'
            return repository.AsSpan().StartsWith(prefix, StringComparison.Ordinal) && repository.Length > prefix.Length;
        }
        return string.Equals(pattern, repository, StringComparison.Ordinal);
    }

    /// <summary>Null when valid; otherwise why not.</summary>
    public static string? Validate(string pattern)
    {
        if (pattern == "*") return null;
        var name = pattern.EndsWith("/*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        if (name.Contains('*')) return $"invalid repository pattern '{pattern}': '*' may only stand alone or end the pattern as '/*'";
        return Oci.RepositoryName.IsValid(name) ? null : $"invalid repository pattern '{pattern}': '{name}' is not a valid repository name";
    }
}
