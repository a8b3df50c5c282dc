namespace Gateway.Core.Encryption.KeyVault;

/// <summary>One version of a Key Vault key and its attributes.</summary>
/// <param name="Id">The versioned key identifier, <c>https://{vault}/keys/{name}/{version}</c>.</param>
public sealed record KeyVaultKeyVersion(
    string Id,
    string Name,
    string Version,
    bool Enabled,
    DateTimeOffset? CreatedOn,
    DateTimeOffset? NotBefore,
    DateTimeOffset? ExpiresOn)
{
    /// <summary>Enabled and inside its activation window: Key Vault refuses operations with it otherwise.</summary>
    public bool IsUsableAt(DateTimeOffset now) =>
        Enabled && (NotBefore is null || NotBefore <= now) && (ExpiresOn is null || now < ExpiresOn);
}
