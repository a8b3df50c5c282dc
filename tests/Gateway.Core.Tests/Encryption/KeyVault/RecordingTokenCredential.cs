using System.Collections.Concurrent;
using Azure.Core;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>Hands out a fixed token and records what it was asked for.</summary>
internal sealed class RecordingTokenCredential(string token) : TokenCredential
{
    public ConcurrentQueue<TokenRequestContext> Requests { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests.Enqueue(requestContext);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
