using Gateway.Core.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gateway.Server.Auth;

/// <summary>
/// Validates Microsoft Entra access tokens with the JwtBearer options Microsoft.Identity.Web configured from the
/// AzureAd section: the tenant's OpenID Connect signing keys, Entra's issuer validation (tenant-aware), audience
/// and lifetime. Used where a token arrives outside the Authorization header: /oauth2/exchange and docker login
/// with the null-GUID user.
/// </summary>
internal sealed partial class EntraTokenValidator(IOptionsMonitor<JwtBearerOptions> options, IConfiguration configuration, ILogger<EntraTokenValidator> logger)
{
    public bool IsConfigured => options.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is not null;

    private string? SingleTenant => configuration["AzureAd:TenantId"] is { } t && Guid.TryParse(t, out _) ? t : null;

    public async Task<(GatewayPrincipal? Principal, string? Failure)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var bearer = options.Get(JwtBearerDefaults.AuthenticationScheme);
        if (bearer.ConfigurationManager is null) return (null, "Entra ID is not configured on this gateway (AzureAd section)");
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await bearer.ConfigurationManager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.MetadataUnavailable(logger, e.GetType().Name, e.Message);
            return (null, "the Entra OpenID Connect metadata could not be loaded; try again later");
        }
        var parameters = bearer.TokenValidationParameters.Clone();
        parameters.ValidIssuers = [.. parameters.ValidIssuers ?? [], configuration.Issuer];
        parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        foreach (var handler in bearer.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid) return (null, $"Entra token rejected: {result.Exception?.Message ?? "invalid"}");
            var principal = EntraPrincipals.From(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity));
            if (principal is null) return (null, "Entra token carries neither oid nor appid");
            // A single-tenant gateway accepts its own tenant only, whatever the issuer validator tolerates.
            if (SingleTenant is { } tenant && !string.Equals(principal.TenantId, tenant, StringComparison.OrdinalIgnoreCase))
                return (null, $"Entra token is for tenant '{principal.TenantId}', this gateway trusts tenant '{tenant}' only");
            return (principal, null);
        }
        return (null, "no token handler is configured for Entra tokens");
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Entra OpenID Connect metadata unavailable: {Type}: {Message}")]
        public static partial void MetadataUnavailable(ILogger logger, string type, string message);
    }
}
