namespace Gateway.Core.Identity;

/// <summary>What a principal may do to a repository (or, for Manage and AuditRead, to the gateway itself).</summary>
[Flags]
public enum RegistryPermission
{
    None = 0,
    /// <summary>See that the repository exists: catalog entry, tag list, referrers.</summary>
    MetadataRead = 1,
    /// <summary>Read manifests and blobs.</summary>
    Pull = 2,
    /// <summary>Upload blobs and put manifests (tags included).</summary>
    Push = 4,
    /// <summary>Delete manifests, tags and blobs.</summary>
    Delete = 8,
    /// <summary>Ask the gateway to sign an image.</summary>
    Sign = 16,
    /// <summary>Manage roles, tokens, scope maps, the admin user, policies.</summary>
    Manage = 32,
    /// <summary>Export and verify the audit log.</summary>
    AuditRead = 64,
    All = MetadataRead | Pull | Push | Delete | Sign | Manage | AuditRead,
}

/// <summary>Docker token-scope actions ("pull", "push", "delete", "*") as permissions, and back.</summary>
public static class RegistryActions
{
    public static RegistryPermission FromDockerAction(string action) => action switch
    {
        "pull" => RegistryPermission.Pull,
        "push" => RegistryPermission.Push,
        "delete" => RegistryPermission.Delete,
        "metadata_read" => RegistryPermission.MetadataRead,
        "*" => RegistryPermission.Pull | RegistryPermission.Push | RegistryPermission.Delete | RegistryPermission.MetadataRead,
        _ => RegistryPermission.None,
    };

    /// <summary>The docker actions a permission set grants, in the order clients expect.</summary>
    public static IReadOnlyList<string> ToDockerActions(RegistryPermission permissions)
    {
        var actions = new List<string>(4);
        if (permissions.HasFlag(RegistryPermission.Pull)) actions.Add("pull");
        if (permissions.HasFlag(RegistryPermission.Push)) actions.Add("push");
        if (permissions.HasFlag(RegistryPermission.Delete)) actions.Add("delete");
        if (permissions.HasFlag(RegistryPermission.MetadataRead)) actions.Add("metadata_read");
        return actions;
    }
}
