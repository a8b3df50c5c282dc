namespace Gateway.Core.Identity;

/// <summary>
/// ACR's scope map: repository patterns → actions (<c>content/read</c>, <c>content/write</c>, <c>content/delete</c>,
/// <c>metadata/read</c>, <c>metadata/write</c>). A repository-scoped token can do exactly what its scope map says.
/// </summary>
public sealed record ScopeMap(string Name, string? Description, IReadOnlyList<ScopeMapEntry> Entries, bool BuiltIn = false)
{
    public RegistryPermission PermissionsFor(string repository)
    {
        var permissions = RegistryPermission.None;
        foreach (var entry in Entries)
            if (RepositoryPattern.Matches(entry.Repository, repository)) permissions |= entry.Permissions;
        return permissions;
    }

    /// <summary>ACR's system scope maps.</summary>
    public static IReadOnlyList<ScopeMap> BuiltIns { get; } =
    [
        new("_repositories_pull", "Can pull any repository of the registry", [new ScopeMapEntry("*", ["content/read"])], true),
        new("_repositories_push", "Can push to any repository of the registry", [new ScopeMapEntry("*", ["content/read", "content/write"])], true),
        new("_repositories_admin", "Can perform all read, write and delete operations on the registry",
            [new ScopeMapEntry("*", ["content/read", "content/write", "content/delete", "metadata/read", "metadata/write"])], true),
    ];
}

/// <summary>One line of a scope map: a repository pattern and the actions granted on it.</summary>
public sealed record ScopeMapEntry(string Repository, IReadOnlyList<string> Actions)
{
    public static IReadOnlyList<string> KnownActions { get; } = ["content/read", "content/write", "content/delete", "metadata/read", "metadata/write"];

    public RegistryPermission Permissions => Actions.Aggregate(RegistryPermission.None, (p, a) => p | PermissionOf(a));

    public static RegistryPermission PermissionOf(string action) => action switch
    {
        // Reading content needs to see the repository's tags, as ACR's content/read allows tag listing.
        "content/read" => RegistryPermission.Pull | RegistryPermission.MetadataRead,
        // Writing content reads it too (clients check what exists before uploading).
        "content/write" => RegistryPermission.Push | RegistryPermission.Pull,
        "content/delete" => RegistryPermission.Delete,
        "metadata/read" => RegistryPermission.MetadataRead,
        "metadata/write" => RegistryPermission.MetadataRead,
        _ => RegistryPermission.None,
    };

    /// <summary>Null when valid; otherwise why not.</summary>
    public string? Validate()
    {
        if (RepositoryPattern.Validate(Repository) is { } error) return error;
        if (Actions.Count == 0) return $"scope map entry for '{Repository}' lists no actions";
        var unknown = Actions.FirstOrDefault(a => !KnownActions.Contains(a));
        return unknown is null ? null : $"unknown scope map action '{unknown}': expected one of {string.Join(", ", KnownActions)}";
    }
}
