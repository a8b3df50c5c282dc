namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>What <see cref="FakeKeyVault"/> saw of one request, and how it answered.</summary>
internal sealed record FakeKeyVaultRequest(string Method, string Path, string? ApiVersion, string? Authorization, long BodyLength, int Status);
