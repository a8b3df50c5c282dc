using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// A small client for the keys part of the Azure Key Vault REST API (api-version 7.4), on Azure.Core's
/// pipeline: retries with Retry-After, challenge-based bearer authentication, logging with redaction.
/// Only the operations the gateway needs: read keys and versions, wrap/unwrap, sign/verify.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="KeyProviderException"/> whose message names the operation, the HTTP status
/// and Key Vault's error code; its <see cref="Exception.InnerException"/> is a <see cref="RequestFailedException"/>
/// carrying <see cref="RequestFailedException.Status"/> and <see cref="RequestFailedException.ErrorCode"/> when
/// the vault answered. Cancellation through the caller's token is an <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed partial class KeyVaultKeysClient
{
    public const string ApiVersion = "7.4";

    /// <summary>The token scope for the public cloud's Key Vault; a vault's 401 challenge may name another.</summary>
    public const string DefaultScope = "https://vault.azure.net/.default";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpPipeline _pipeline;

    public KeyVaultKeysClient(Uri vaultUri, TokenCredential credential, KeyVaultClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vaultUri);
        ArgumentNullException.ThrowIfNull(credential);
        if (!vaultUri.IsAbsoluteUri || vaultUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The Key Vault URI must be an absolute https URI, not '{vaultUri}'.", nameof(vaultUri));
        }

        options ??= new KeyVaultClientOptions();
        VaultUri = new Uri(vaultUri.GetLeftPart(UriPartial.Authority) + "/");
        _pipeline = HttpPipelineBuilder.Build(options, new KeyVaultChallengePolicy(credential, !options.DisableChallengeResourceVerification));
    }

    /// <summary>The vault, e.g. <c>https://myvault.vault.azure.net/</c>.</summary>
    public Uri VaultUri { get; }

    /// <summary>A key: its newest version when <paramref name="version"/> is null.</summary>
    public async Task<KeyVaultKey> GetKeyAsync(string name, string? version, CancellationToken cancellationToken)
    {
        var uri = version is null ? KeyUri(name) : KeyUri(name, version);
        var bundle = await SendAsync<KeyVaultWire.KeyBundle>("get key", RequestMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
        var jwk = bundle.Key ?? throw Malformed("get key", "no 'key'");
        var kid = jwk.Kid ?? throw Malformed("get key", "no 'key.kid'");
        var properties = ToVersion(kid, bundle.Attributes, "get key");
        var key = new KeyVaultJsonWebKey(
            kid,
            jwk.Kty ?? throw Malformed("get key", "no 'key.kty'"),
            jwk.KeyOps ?? [],
            jwk.Crv,
            Decode(jwk.N, "get key"),
            Decode(jwk.E, "get key"),
            Decode(jwk.X, "get key"),
            Decode(jwk.Y, "get key"));
        return new KeyVaultKey(properties, key);
    }

    /// <summary>Every version of a key (all pages), in the order the vault lists them.</summary>
    public async Task<IReadOnlyList<KeyVaultKeyVersion>> GetKeyVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<KeyVaultKeyVersion>();
        Uri? next = KeyUri(name, "versions");
        while (next is not null)
        {
            var page = await SendAsync<KeyVaultWire.KeyList>("list key versions", RequestMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Value ?? [])
            {
                versions.Add(ToVersion(item.Kid ?? throw Malformed("list key versions", "an item without 'kid'"), item.Attributes, "list key versions"));
            }

            next = page.NextLink is { Length: > 0 } link ? SameVault(link, "list key versions") : null;
        }

        return versions;
    }

    /// <summary>Encrypts a key with the named key version (e.g. algorithm RSA-OAEP-256).</summary>
    public Task<KeyVaultOperationResult> WrapKeyAsync(string name, string version, string algorithm, ReadOnlyMemory<byte> key, CancellationToken cancellationToken) =>
        OperateAsync("wrap key", name, version, "wrapkey", algorithm, key, cancellationToken);

    /// <summary>Decrypts a key wrapped with the named key version.</summary>
    public Task<KeyVaultOperationResult> UnwrapKeyAsync(string name, string version, string algorithm, ReadOnlyMemory<byte> wrappedKey, CancellationToken cancellationToken) =>
        OperateAsync("unwrap key", name, version, "unwrapkey", algorithm, wrappedKey, cancellationToken);

    /// <summary>Signs a digest (ES256, ES384, RS256, PS256, …); the result is the raw signature (R‖S for ECDSA).</summary>
    public Task<KeyVaultOperationResult> SignAsync(string name, string version, string algorithm, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken) =>
        OperateAsync("sign", name, version, "sign", algorithm, digest, cancellationToken);

    /// <summary>Asks the vault whether <paramref name="signature"/> is a valid signature of <paramref name="digest"/>.</summary>
    public async Task<bool> VerifyAsync(string name, string version, string algorithm, ReadOnlyMemory<byte> digest, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var body = new KeyVaultWire.VerifyRequest(algorithm, Base64Url.EncodeToString(digest.Span), Base64Url.EncodeToString(signature.Span));
        var result = await SendAsync<KeyVaultWire.VerifyResult>("verify", RequestMethod.Post, KeyUri(name, version, "verify"), body, cancellationToken).ConfigureAwait(false);
        return result.Value ?? throw Malformed("verify", "no 'value'");
    }

    private async Task<KeyVaultOperationResult> OperateAsync(string operation, string name, string version, string verb, string algorithm, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        var body = new KeyVaultWire.KeyOperationRequest(algorithm, Base64Url.EncodeToString(value.Span));
        var result = await SendAsync<KeyVaultWire.KeyOperationResult>(operation, RequestMethod.Post, KeyUri(name, version, verb), body, cancellationToken).ConfigureAwait(false);
        return new KeyVaultOperationResult(
            result.Kid ?? throw Malformed(operation, "no 'kid'"),
            Decode(result.Value, operation) ?? throw Malformed(operation, "no 'value'"));
    }

    private async Task<T> SendAsync<T>(string operation, RequestMethod method, Uri uri, object? body, CancellationToken cancellationToken)
        where T : class
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
        }

        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (KeyProviderException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Transport errors after the last retry, network time-outs, credential failures: all "unavailable".
            throw new KeyProviderException($"Key Vault {operation} at {VaultUri.Host} failed: {ex.Message}", ex);
        }

        var response = message.Response;
        if (response.Status is < 200 or > 299)
        {
            throw Failure(operation, response);
        }

        try
        {
            return response.Content.ToObjectFromJson<T>(Json) ?? throw Malformed(operation, "an empty body");
        }
        catch (JsonException ex)
        {
            throw new KeyProviderException($"Key Vault {operation} returned a body that is not the expected JSON.", ex);
        }
    }

    /// <summary>Maps Key Vault's <c>{"error":{"code","message"}}</c> (or a bare status) to a clear exception.</summary>
    private KeyProviderException Failure(string operation, Response response)
    {
        KeyVaultWire.Error? error = null;
        try
        {
            error = response.Content.ToMemory().Length > 0 ? response.Content.ToObjectFromJson<KeyVaultWire.ErrorResponse>(Json)?.Error : null;
        }
        catch (JsonException)
        {
            // Not Key Vault's error body (a proxy's HTML page, say): the status alone has to do.
        }

        var code = error?.Code;
        var detail = (error?.Message ?? response.ReasonPhrase).TrimEnd('.', ' ');
        var hint = response.Status switch
        {
            401 => " The vault did not accept the credential.",
            403 => " The identity lacks permission for this key operation (or a firewall blocks it).",
            _ => string.Empty,
        };
        var text = $"Key Vault {operation} at {VaultUri.Host} failed with HTTP {response.Status}{(code is null ? string.Empty : $" ({code})")}: {detail}.{hint}";
        return new KeyProviderException(text, new RequestFailedException(response.Status, detail, code, null));
    }

    private Uri KeyUri(params string[] segments)
    {
        ArgumentException.ThrowIfNullOrEmpty(segments[0]);
        if (!KeyNamePattern().IsMatch(segments[0]))
        {
            throw new KeyProviderException($"'{segments[0]}' is not a Key Vault key name (1-127 of [0-9a-zA-Z-]).");
        }

        // Versions come from envelope headers read before they are authenticated: never let one escape the key's path.
        if (segments.Length > 1 && segments[1] != "versions" && !KeyVersionPattern().IsMatch(segments[1]))
        {
            throw new KeyProviderException($"'{segments[1]}' is not a Key Vault key version (1-64 of [0-9a-zA-Z]).");
        }

        var builder = new RequestUriBuilder();
        builder.Reset(VaultUri);
        builder.AppendPath("keys", escape: false);
        foreach (var segment in segments)
        {
            builder.AppendPath("/", escape: false);
            builder.AppendPath(segment, escape: true);
        }

        builder.AppendQuery("api-version", ApiVersion);
        return builder.ToUri();
    }

    /// <summary>A nextLink must stay on this vault: the bearer token goes wherever it points.</summary>
    private Uri SameVault(string link, string operation) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && Uri.Compare(uri, VaultUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw Malformed(operation, "a nextLink to another host");

    private static KeyVaultKeyVersion ToVersion(string kid, KeyVaultWire.KeyAttributes? attributes, string operation)
    {
        // kid is https://{vault}/keys/{name}/{version}
        var segments = Uri.TryCreate(kid, UriKind.Absolute, out var uri) ? uri.AbsolutePath.Trim('/').Split('/') : [];
        if (segments.Length != 3 || segments[0] != "keys")
        {
            throw Malformed(operation, $"a key id that is not https://{{vault}}/keys/{{name}}/{{version}}: '{kid}'");
        }

        return new KeyVaultKeyVersion(
            kid,
            Uri.UnescapeDataString(segments[1]),
            Uri.UnescapeDataString(segments[2]),
            attributes?.Enabled ?? false,
            FromUnix(attributes?.Created),
            FromUnix(attributes?.Nbf),
            FromUnix(attributes?.Exp));
    }

    private static DateTimeOffset? FromUnix(long? seconds) => seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    private static byte[]? Decode(string? base64Url, string operation)
    {
        try
        {
            return base64Url is null ? null : Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException ex)
        {
            throw new KeyProviderException($"Key Vault {operation} returned a value that is not base64url.", ex);
        }
    }

    private static KeyProviderException Malformed(string operation, string what) =>
        new($"Key Vault {operation} returned an unexpected response: {what}.");

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyNamePattern();

    [GeneratedRegex("^[0-9a-zA-Z]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyVersionPattern();
}
