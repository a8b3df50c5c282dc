using Gateway.Core.Oci;

namespace Gateway.Core.Signing.Policy;

/// <summary>
/// One entry of a policy's registryScopes: <c>*</c> (every repository), <c>team/*</c> (exactly one more path
/// segment), <c>team/**</c> (any depth below team) or an exact repository name. Scopes are repository names of this
/// gateway, so there is no registry host part.
/// </summary>
public sealed class RepositoryScope
{
    private enum Kind { All, AnyDepth, OneSegment, Exact }

    private readonly Kind _kind;
    private readonly string _prefix; // "team/" for wildcards, the whole name for exact scopes

    private RepositoryScope(string pattern, Kind kind, string prefix)
    {
        Pattern = pattern;
        _kind = kind;
        _prefix = prefix;
    }

    public string Pattern { get; }

    public override string ToString() => Pattern;

    public static bool TryParse(string? pattern, out RepositoryScope scope, out string error)
    {
        scope = null!;
        error = "";
        if (string.IsNullOrEmpty(pattern))
        {
            error = "is empty";
            return false;
        }
        if (pattern == "*")
        {
            scope = new RepositoryScope(pattern, Kind.All, "");
            return true;
        }
        var kind = Kind.Exact;
        var name = pattern;
        if (pattern.EndsWith("/**", StringComparison.Ordinal))
        {
            kind = Kind.AnyDepth;
            name = pattern[..^3];
        }
        else if (pattern.EndsWith("/*", StringComparison.Ordinal))
        {
            kind = Kind.OneSegment;
            name = pattern[..^2];
        }
        if (name.Contains('*'))
        {
            error = "may use '*' only as the whole scope or as a final '/*' or '/**' segment";
            return false;
        }
        if (!RepositoryName.IsValid(name))
        {
            error = $"'{name}' is not a valid repository name (lower case path segments, no registry host)";
            return false;
        }
        scope = new RepositoryScope(pattern, kind, kind == Kind.Exact ? name : name + "/");
        return true;
    }

    public bool Matches(string repository) => _kind switch
    {
        Kind.All => true,
        Kind.Exact => string.Equals(repository, _prefix, StringComparison.Ordinal),
        Kind.AnyDepth => repository.Length > _prefix.Length && repository.StartsWith(_prefix, StringComparison.Ordinal),
        Kind.OneSegment => repository.Length > _prefix.Length && repository.StartsWith(_prefix, StringComparison.Ordinal)
            && repository.IndexOf('/', _prefix.Length) < 0,
        _ => false,
    };

    /// <summary>
    /// Orders scopes that match the same repository: an exact name beats any wildcard, a longer prefix beats a
    /// shorter one, at equal prefix '/*' beats '/**', and '*' comes last.
    /// </summary>
    public (int Tier, int PrefixLength, int Kind) Specificity => _kind switch
    {
        Kind.Exact => (2, _prefix.Length, 0),
        Kind.All => (0, 0, 0),
        _ => (1, _prefix.Length, _kind == Kind.OneSegment ? 1 : 0),
    };
}
