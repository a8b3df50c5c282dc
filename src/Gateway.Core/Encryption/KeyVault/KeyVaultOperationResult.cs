namespace Gateway.Core.Encryption.KeyVault;

/// <summary>The answer to wrapkey, unwrapkey or sign: the versioned key id that did it, and the bytes.</summary>
public sealed record KeyVaultOperationResult(string KeyId, byte[] Value);
