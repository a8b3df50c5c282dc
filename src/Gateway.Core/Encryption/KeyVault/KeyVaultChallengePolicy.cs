using Azure.Core;
using Azure.Core.Pipeline;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// Key Vault's challenge-based authentication. The first request to a vault goes out without a token (and
/// without its body, so a data key is never sent before the vault has said who it trusts); the 401's
/// <c>WWW-Authenticate</c> challenge names the token audience and tenant, and the request is repeated with a
/// token for exactly that. The challenge is remembered, so later requests are authorized up front.
/// Azure.Core's base class does the token caching and refuses any non-https request.
/// </summary>
internal sealed class KeyVaultChallengePolicy : BearerTokenAuthenticationPolicy
{
    private const string HeldContentProperty = "Gateway.KeyVault.HeldContent";

    private readonly bool _verifyResource;
    private volatile KeyVaultChallenge? _challenge;

    public KeyVaultChallengePolicy(TokenCredential credential, bool verifyResource)
        : base(credential, KeyVaultKeysClient.DefaultScope)
    {
        _verifyResource = verifyResource;
    }

    protected override ValueTask AuthorizeRequestAsync(HttpMessage message)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            HoldContent(message);
            return default;
        }

        return AuthenticateAndAuthorizeRequestAsync(message, ContextFor(challenge, message));
    }

    protected override void AuthorizeRequest(HttpMessage message)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            HoldContent(message);
            return;
        }

        AuthenticateAndAuthorizeRequest(message, ContextFor(challenge, message));
    }

    protected override async ValueTask<bool> AuthorizeRequestOnChallengeAsync(HttpMessage message)
    {
        var challenge = Accept(message);
        if (challenge is null)
        {
            return false;
        }

        await AuthenticateAndAuthorizeRequestAsync(message, ContextFor(challenge, message)).ConfigureAwait(false);
        return true;
    }

    protected override bool AuthorizeRequestOnChallenge(HttpMessage message)
    {
        var challenge = Accept(message);
        if (challenge is null)
        {
            return false;
        }

        AuthenticateAndAuthorizeRequest(message, ContextFor(challenge, message));
        return true;
    }

    private static TokenRequestContext ContextFor(KeyVaultChallenge challenge, HttpMessage message) =>
        new([challenge.Scope], message.Request.ClientRequestId, claims: null, tenantId: challenge.TenantId);

    /// <summary>Parses and checks the 401's challenge, remembers it and puts the request body back.</summary>
    private KeyVaultChallenge? Accept(HttpMessage message)
    {
        if (!message.Response.Headers.TryGetValue("WWW-Authenticate", out var header))
        {
            return null;
        }

        var challenge = KeyVaultChallenge.Parse(header);
        if (challenge is null)
        {
            return null;
        }

        var vault = message.Request.Uri.ToUri();
        if (_verifyResource && !challenge.IsValidFor(vault))
        {
            throw new KeyProviderException(
                $"Key Vault at '{vault.Host}' asked for a token for '{challenge.Resource}', which is not its own domain; refusing. " +
                "Set DisableChallengeResourceVerification only for a vault behind a custom domain you trust.");
        }

        _challenge = challenge;
        if (message.TryGetProperty(HeldContentProperty, out var held) && held is RequestContent content)
        {
            message.Request.Content = content;
        }

        return challenge;
    }

    private static void HoldContent(HttpMessage message)
    {
        if (message.Request.Content is { } content)
        {
            message.SetProperty(HeldContentProperty, content);
            message.Request.Content = null;
        }
    }
}
