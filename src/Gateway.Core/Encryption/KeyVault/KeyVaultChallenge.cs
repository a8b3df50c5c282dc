namespace Gateway.Core.Encryption.KeyVault;

/// <summary>
/// What a Key Vault 401 asks for: <c>WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/&lt;tenant&gt;",
/// resource="https://vault.azure.net"</c> (or <c>scope="…/.default"</c> instead of <c>resource</c>, and
/// <c>authorization_uri</c> instead of <c>authorization</c>). The vault names the token audience and the
/// tenant it trusts, so one credential works against vaults in sovereign clouds and other tenants.
/// </summary>
internal sealed record KeyVaultChallenge(string Scope, Uri Resource, string? TenantId)
{
    /// <summary>Parses the Bearer challenge of a WWW-Authenticate value; null when there is none usable.</summary>
    public static KeyVaultChallenge? Parse(string? header)
    {
        var parameters = ParseBearerParameters(header);
        if (parameters is null)
        {
            return null;
        }

        string scope;
        if (parameters.TryGetValue("scope", out var scopeValue) && scopeValue.Length > 0)
        {
            scope = scopeValue;
        }
        else if (parameters.TryGetValue("resource", out var resourceValue) && resourceValue.Length > 0)
        {
            scope = resourceValue.TrimEnd('/') + "/.default";
        }
        else
        {
            return null;
        }

        // The audience is the scope without its "/.default" (or other permission) suffix.
        if (!Uri.TryCreate(scope, UriKind.Absolute, out var scopeUri) || scopeUri.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        var resource = new Uri(scopeUri.GetLeftPart(UriPartial.Authority));
        return new KeyVaultChallenge(scope, resource, TenantOf(parameters));
    }

    /// <summary>
    /// True when the vault at <paramref name="vaultUri"/> may ask for a token for this resource: the vault's host
    /// is the resource's host or a subdomain of it (myvault.vault.azure.net for vault.azure.net). Without this
    /// check a look-alike endpoint could make the client fetch a token for some other service and send it there.
    /// </summary>
    public bool IsValidFor(Uri vaultUri) =>
        string.Equals(vaultUri.Host, Resource.Host, StringComparison.OrdinalIgnoreCase)
        || vaultUri.Host.EndsWith("." + Resource.Host, StringComparison.OrdinalIgnoreCase);

    private static string? TenantOf(Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("authorization", out var authority) && !parameters.TryGetValue("authorization_uri", out authority))
        {
            return null;
        }

        if (!Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri))
        {
            return null;
        }

        var tenant = authorityUri.AbsolutePath.Trim('/').Split('/')[0];
        return tenant.Length > 0 ? tenant : null;
    }

    /// <summary>The auth-params of the Bearer challenge (RFC 7235 syntax: name=token or name="quoted string").</summary>
    private static Dictionary<string, string>? ParseBearerParameters(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.AsSpan().Trim();
        const string scheme = "Bearer";
        if (!text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || (text.Length > scheme.Length && !char.IsWhiteSpace(text[scheme.Length])))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var at = scheme.Length;
        while (at < text.Length)
        {
            while (at < text.Length && (char.IsWhiteSpace(text[at]) || text[at] == ','))
            {
                at++;
            }

            var equals = text[at..].IndexOf('=');
            if (equals <= 0)
            {
                break;
            }

            var name = text.Slice(at, equals).Trim().ToString();
            at += equals + 1;
            var value = new System.Text.StringBuilder();
            if (at < text.Length && text[at] == '"')
            {
                for (at++; at < text.Length && text[at] != '"'; at++)
                {
                    if (text[at] == '\\' && at + 1 < text.Length)
                    {
                        at++;
                    }

                    value.Append(text[at]);
                }

                at++; // the closing quote
            }
            else
            {
                for (; at < text.Length && text[at] != ',' && !char.IsWhiteSpace(text[at]); at++)
                {
                    value.Append(text[at]);
                }
            }

            parameters[name] = value.ToString();
        }

        return parameters;
    }
}
