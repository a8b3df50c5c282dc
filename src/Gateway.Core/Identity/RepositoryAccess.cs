namespace Gateway.Core.Identity;

/// <summary>One entry of a registry token's <c>access</c> claim (Docker token spec): resource type, name, granted actions.</summary>
public sealed record RepositoryAccess(string Type, string Name, IReadOnlyList<string> Actions)
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";

    public RegistryPermission Permissions => Actions.Aggregate(RegistryPermission.None, (p, a) => p | RegistryActions.FromDockerAction(a));

    /// <summary>
    /// Parses a Docker token scope: <c>repository:name:pull,push</c>, <c>repository(plugin):name:pull</c> or
    /// <c>registry:catalog:*</c>. Names contain no ':' except a port-free registry host is never part of them here.
    /// </summary>
    public static RepositoryAccess? ParseScope(string scope)
    {
        var first = scope.IndexOf(':');
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first) return null;
        var type = scope[..first];
        var paren = type.IndexOf('(');
        if (paren > 0) type = type[..paren];
        var name = scope[(first + 1)..last];
        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (name.Length == 0 || actions.Length == 0) return null;
        return new RepositoryAccess(type, name, actions);
    }
}
