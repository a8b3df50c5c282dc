using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Core.Tests.Encryption.KeyVault;

/// <summary>The request handling of <see cref="FakeKeyVault"/>: authentication, api-version, faults, then the keys API.</summary>
internal sealed partial class FakeKeyVault
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        var reply = Answer(request, body);
        Requests.Enqueue(new FakeKeyVaultRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            request.Query["api-version"].FirstOrDefault(),
            request.Headers.Authorization.FirstOrDefault(),
            body.Length,
            reply.Status));

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(reply.Body.ToJsonString());
    }

    private Reply Answer(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return Challenge("AKV10000: Request is missing a Bearer or PoP token.");
        }

        if (authorization != "Bearer " + Token)
        {
            return Challenge("AKV10032: Invalid issuer.");
        }

        var apiVersion = request.Query["api-version"].ToString();
        if (apiVersion != "7.4")
        {
            return Error(400, "BadParameter", $"The specified version ({apiVersion}) is not recognized. Consider using the latest supported version (7.4).");
        }

        if (PermanentFailureStatus is { } down)
        {
            return Error(down, "ServiceUnavailable", "The service is temporarily unavailable.") with { Headers = [("Retry-After", "0")] };
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            InjectedFailures++;
            var code = FailureStatus == 429 ? "Throttled" : "ServiceUnavailable";
            return Error(FailureStatus, code, "Request was not processed; try again later.") with { Headers = [("Retry-After", "0")] };
        }

        var segments = (request.Path.Value ?? string.Empty).Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "keys")
        {
            return Error(404, "NotFound", "No such API.");
        }

        var name = segments[1];
        var vault = $"{request.Scheme}://{request.Host}/";
        return (request.Method, segments.Length) switch
        {
            ("GET", 3) when segments[2] == "versions" => VersionList(vault, name, request.Query["$skiptoken"].ToString()),
            ("GET", 2 or 3) => Usable(name, segments.Length == 3 ? segments[2] : null, "get", out var key, out var refusal)
                ? new Reply(200, Bundle(vault, key!))
                : refusal!,
            ("POST", 4) when !(request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.Ordinal) =>
                Error(415, "UnsupportedMediaType", "Content-Type must be application/json."),
            ("POST", 4) => Usable(name, segments[2], segments[3], out var key, out var refusal)
                ? Operate(vault, key!, segments[3], body)
                : refusal!,
            _ => Error(405, "MethodNotAllowed", $"{request.Method} is not supported here."),
        };
    }

    private bool Usable(string name, string? version, string operation, out FakeKeyVaultKey? key, out Reply? refusal)
    {
        key = Find(name, version);
        refusal = key is null
            ? Error(404, "KeyNotFound", $"A key with (name/id) {name}{(version is null ? string.Empty : "/" + version)} was not found in this key vault.")
            : key.Enabled ? null : Error(403, "Forbidden", $"Operation {operation} is not allowed on a disabled key.");
        return refusal is null;
    }

    private Reply Operate(string vault, FakeKeyVaultKey key, string operation, byte[] body)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Error(400, "BadParameter", "The request body is not JSON.");
        }

        var alg = request?["alg"]?.GetValue<string>() ?? string.Empty;
        if (!TryDecode(request?["value"], out var value))
        {
            return Error(400, "BadParameter", "Content of 'value' is not base64url.\r\nProperty 'value' is required.");
        }

        var kid = Kid(vault, key);
        try
        {
            return (operation, alg) switch
            {
                ("wrapkey", "RSA-OAEP-256") when key.Rsa is { } rsa => Result(kid, rsa.Encrypt(value, RSAEncryptionPadding.OaepSHA256)),
                ("unwrapkey", "RSA-OAEP-256") when key.Rsa is { } rsa => Result(kid, rsa.Decrypt(value, RSAEncryptionPadding.OaepSHA256)),
                ("sign", _) => Sign(kid, key, alg, value),
                ("verify", _) when TryDecode(request?["digest"], out var digest) => Verify(key, alg, digest, value),
                ("wrapkey" or "unwrapkey" or "sign" or "verify", _) => Error(400, "BadParameter", $"Algorithm '{alg}' is not valid for this key or operation."),
                _ => Error(404, "NotFound", $"Unknown operation '{operation}'."),
            };
        }
        catch (CryptographicException)
        {
            // What Key Vault says when RSA-OAEP decryption fails: the value was not wrapped by this key.
            return Error(400, "BadParameter", "Error occurred while decoding OAEP padding.");
        }
    }

    private static Reply Sign(string kid, FakeKeyVaultKey key, string alg, byte[] digest)
    {
        if (!Matches(key, alg, digest.Length, out var hash, out var padding))
        {
            return Error(400, "BadParameter", $"Algorithm '{alg}' does not fit this key or a {digest.Length}-byte digest.");
        }

        return Result(kid, key.EC is { } ec ? ec.SignHash(digest) : key.Rsa!.SignHash(digest, hash, padding!));
    }

    private static Reply Verify(FakeKeyVaultKey key, string alg, byte[] digest, byte[] signature)
    {
        if (!Matches(key, alg, digest.Length, out var hash, out var padding))
        {
            return Error(400, "BadParameter", $"Algorithm '{alg}' does not fit this key or a {digest.Length}-byte digest.");
        }

        var valid = key.EC is { } ec ? ec.VerifyHash(digest, signature) : key.Rsa!.VerifyHash(digest, signature, hash, padding!);
        return new Reply(200, new JsonObject { ["value"] = valid });
    }

    /// <summary>JWA rules: ES256 needs a P-256 key and a 32-byte digest, RS384 an RSA key and 48 bytes, and so on.</summary>
    private static bool Matches(FakeKeyVaultKey key, string alg, int digestLength, out HashAlgorithmName hash, out RSASignaturePadding? padding)
    {
        padding = alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        (hash, var bytes) = alg.Length == 5 ? alg[2..] switch
        {
            "256" => (HashAlgorithmName.SHA256, 32),
            "384" => (HashAlgorithmName.SHA384, 48),
            "512" => (HashAlgorithmName.SHA512, 64),
            _ => (default, -1),
        } : (default, -1);
        var family = alg.Length == 5 ? alg[..2] : string.Empty;
        var curveFits = (key.Curve, bytes) is ("P-256", 32) or ("P-384", 48) or ("P-521", 64);
        return bytes == digestLength && (family == "ES" ? key.EC is not null && curveFits : family is "RS" or "PS" && key.Rsa is not null);
    }

    private Reply VersionList(string vault, string name, string skipToken)
    {
        var versions = Versions(name);
        if (versions.Count == 0)
        {
            return Error(404, "KeyNotFound", $"A key with (name/id) {name} was not found in this key vault.");
        }

        var skip = skipToken.Length == 0 ? 0 : int.Parse(skipToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = new JsonArray();
        foreach (var key in versions.Skip(skip).Take(PageSize))
        {
            page.Add(new JsonObject { ["kid"] = Kid(vault, key), ["attributes"] = Attributes(key) });
        }

        var next = skip + PageSize < versions.Count ? $"{vault}keys/{name}/versions?api-version=7.4&$skiptoken={skip + PageSize}" : null;
        return new Reply(200, new JsonObject { ["value"] = page, ["nextLink"] = next });
    }

    private static JsonObject Bundle(string vault, FakeKeyVaultKey key)
    {
        var jwk = new JsonObject { ["kid"] = Kid(vault, key) };
        if (key.Rsa is { } rsa)
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            jwk["kty"] = "RSA";
            jwk["key_ops"] = new JsonArray("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");
            jwk["n"] = Base64Url.EncodeToString(parameters.Modulus);
            jwk["e"] = Base64Url.EncodeToString(parameters.Exponent);
        }
        else
        {
            var parameters = key.EC!.ExportParameters(includePrivateParameters: false);
            jwk["kty"] = "EC";
            jwk["key_ops"] = new JsonArray("sign", "verify");
            jwk["crv"] = key.Curve;
            jwk["x"] = Base64Url.EncodeToString(parameters.Q.X);
            jwk["y"] = Base64Url.EncodeToString(parameters.Q.Y);
        }

        return new JsonObject { ["key"] = jwk, ["attributes"] = Attributes(key), ["tags"] = new JsonObject() };
    }

    private static JsonObject Attributes(FakeKeyVaultKey key) => new()
    {
        ["enabled"] = key.Enabled,
        ["created"] = key.Created,
        ["updated"] = key.Created,
        ["recoveryLevel"] = "Recoverable+Purgeable",
    };

    private static string Kid(string vault, FakeKeyVaultKey key) => $"{vault}keys/{key.Name}/{key.Version}";

    private static Reply Result(string kid, byte[] value) => new(200, new JsonObject { ["kid"] = kid, ["value"] = Base64Url.EncodeToString(value) });

    private Reply Challenge(string message) =>
        Error(401, "Unauthorized", message) with
        {
            Headers = [("WWW-Authenticate", $"Bearer authorization=\"https://login.microsoftonline.com/{TenantId}\", resource=\"{ChallengeResource}\"")],
        };

    private static Reply Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private static bool TryDecode(JsonNode? node, out byte[] value)
    {
        value = [];
        if (node is not JsonValue text || !text.TryGetValue<string>(out var s) || s.Contains('='))
        {
            return false;
        }

        try
        {
            value = Base64Url.DecodeFromChars(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed record Reply(int Status, JsonNode Body)
    {
        public (string Name, string Value)[] Headers { get; init; } = [];
    }
}
