using Azure.Core;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// Pipeline options for <see cref="KeyVaultKeysClient"/>. Being Azure.Core's <see cref="ClientOptions"/>,
/// retries are Azure.Core's: 408, 429, 500, 502, 503 and 504 and transport errors are retried
/// (<see cref="ClientOptions.Retry"/>), honouring Retry-After; <see cref="ClientOptions.Transport"/> replaces the HTTP stack.
/// </summary>
public sealed class KeyVaultClientOptions : ClientOptions
{
    /// <summary>
    /// Accept a 401 challenge whose resource is not the vault's own domain (e.g. a vault behind a custom
    /// domain, or a local test vault). Off by default: the client only fetches tokens the vault's host is entitled to.
    /// </summary>
    public bool DisableChallengeResourceVerification { get; set; }
}
