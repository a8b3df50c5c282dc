namespace Gateway.Core.Encryption;

/// <summary>
/// A key provider could not do its job: missing configuration, unknown key or version, unreachable
/// backend. Never caught by the envelope layer, so callers fail closed.
/// </summary>
public sealed class KeyProviderException : Exception
{
    public KeyProviderException(string message)
        : base(message)
    {
    }

    public KeyProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
