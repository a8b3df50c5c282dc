namespace Gateway.Core.Encryption.KeyVault;

/// <summary>A key version as <c>GET /keys/{name}/{version}</c> returns it: attributes and public JSON Web Key.</summary>
public sealed record KeyVaultKey(KeyVaultKeyVersion Properties, KeyVaultJsonWebKey Key);
