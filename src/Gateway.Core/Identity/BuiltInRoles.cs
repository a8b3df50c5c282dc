namespace Gateway.Core.Identity;

/// <summary>The built-in roles, mirroring ACR's (AcrPull, AcrPush, AcrDelete, AcrImageSigner, Owner), plus Reader and Auditor.</summary>
public static class BuiltInRoles
{
    public const string Reader = "Reader";
    public const string Pull = "Pull";
    public const string Push = "Push";
    public const string Delete = "Delete";
    public const string ImageSigner = "ImageSigner";
    public const string Auditor = "Auditor";
    public const string Owner = "Owner";

    private static readonly Dictionary<string, RegistryPermission> Permissions = new(StringComparer.OrdinalIgnoreCase)
    {
        [Reader] = RegistryPermission.MetadataRead,
        [Pull] = RegistryPermission.MetadataRead | RegistryPermission.Pull,
        // Push implies Pull, as AcrPush does: clients check for existing blobs and manifests while pushing.
        [Push] = RegistryPermission.MetadataRead | RegistryPermission.Pull | RegistryPermission.Push,
        [Delete] = RegistryPermission.MetadataRead | RegistryPermission.Delete,
        // A signer reads what it signs and attaches the signature (a push of the signature artifact only is enforced by the signing endpoint).
        [ImageSigner] = RegistryPermission.MetadataRead | RegistryPermission.Pull | RegistryPermission.Sign,
        [Auditor] = RegistryPermission.AuditRead,
        [Owner] = RegistryPermission.All,
    };

    public static IReadOnlyCollection<string> Names { get; } = [Reader, Pull, Push, Delete, ImageSigner, Auditor, Owner];

    /// <summary>The canonical role name, or null when the name is not a role.</summary>
    public static string? Canonical(string name) => Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    public static RegistryPermission PermissionsOf(string role) => Permissions.GetValueOrDefault(role, RegistryPermission.None);
}
