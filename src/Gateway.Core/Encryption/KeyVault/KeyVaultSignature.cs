namespace Gateway.Core.Encryption.KeyVault;

/// <summary>A signature made in the vault: the versioned key id, the JWA algorithm and the raw signature (R‖S for ECDSA).</summary>
public sealed record KeyVaultSignature(string KeyId, string Algorithm, byte[] Value);
