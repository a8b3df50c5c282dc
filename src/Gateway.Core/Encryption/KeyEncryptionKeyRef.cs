namespace Gateway.Core.Encryption;

/// <summary>
/// Names one version of a key-encryption key (KEK). Recorded in every envelope header so that the
/// data key can be unwrapped later, and so rotation can find envelopes still wrapped by an old version.
/// For Azure Key Vault <see cref="KeyId"/> is the key's identifier without version and
/// <see cref="Version"/> its version string; for development keys it is the key directory's id and
/// the file's version.
/// </summary>
public sealed record KeyEncryptionKeyRef(string KeyId, string Version)
{
    public override string ToString() => $"{KeyId}/{Version}";
}
