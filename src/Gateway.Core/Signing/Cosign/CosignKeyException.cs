namespace Gateway.Core.Signing.Cosign;

/// <summary>An encrypted cosign key that cannot be opened: wrong password, or not a sigstore key file.</summary>
public sealed class CosignKeyException(string message) : Exception(message);
