using Gateway.Core.Oci;
using Gateway.Server.Oci;

namespace Gateway.Server.Auth;

/// <summary>The 401 every OCI client knows: an UNAUTHORIZED body and a Bearer challenge naming the token realm, the service and the scope to ask for.</summary>
internal static class RegistryChallenge
{
    public static Task WriteAsync(HttpContext context, string? scope, string message, bool insufficientScope = false)
    {
        var request = context.Request;
        var service = RequestAuthenticator.ServiceOf(context);
        var challenge = $"Bearer realm=\"{request.Scheme}://{request.Host}/oauth2/token\",service=\"{service}\"";
        if (scope is not null) challenge += $",scope=\"{scope}\"";
        if (insufficientScope) challenge += ",error=\"insufficient_scope\"";
        context.Response.Headers.WWWAuthenticate = challenge;
        return OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.Unauthorized, message));
    }

    public static Task WriteTooManyAsync(HttpContext context, TimeSpan retryAfter, string message)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return OciResults.WriteErrorAsync(context, OciError.Of(OciErrorCode.TooManyRequests, message));
    }
}
