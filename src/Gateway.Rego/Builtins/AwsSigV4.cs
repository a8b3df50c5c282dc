using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// AWS Signature Version 4 as OPA's signer computes it (internal/providers/aws SignV4). Its canonical request
/// differs from the AWS SDKs in small ways that change the signature, and OPA's output is what policies compare
/// against: the path is Go's EscapedPath() as is (empty for "http://host"), the query is the raw query, and the
/// request's own headers are lower-cased and override the AWS headers in the signed set (so a caller-supplied
/// x-amz-content-sha256 is what gets signed, while the returned header carries the computed one).
/// </summary>
internal static class AwsSigV4
{
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    // Headers a proxy may rewrite on the way to AWS; OPA leaves them out of the signature.
    private static readonly HashSet<string> IgnoredHeaders = new(StringComparer.Ordinal) { "authorization", "user-agent", "x-amzn-trace-id" };

    public sealed record Credentials(string AccessKey, string SecretKey, string Region, string SessionToken);

    /// <summary>Returns the Authorization header value and the AWS headers to add (host, x-amz-date, …).</summary>
    public static (string Authorization, SortedDictionary<string, string> AwsHeaders) Sign(
        IReadOnlyDictionary<string, string> headers, string method, ExtGoUrl url, byte[] body, string service,
        Credentials creds, DateTimeOffset time, bool disablePayloadSigning)
    {
        var now = time.ToUniversalTime();
        var contentSha256 = disablePayloadSigning ? UnsignedPayload : Convert.ToHexStringLower(SHA256.HashData(body));
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var timestamp = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        var awsHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = url.Host,
            ["x-amz-date"] = timestamp,
        };
        // s3 and glacier want the payload hash as a header too; other services do not.
        if (service is "s3" or "glacier") awsHeaders["x-amz-content-sha256"] = contentSha256;
        // Temporary credentials (e.g. from instance metadata) carry a session token that must be signed.
        if (creds.SessionToken.Length > 0) awsHeaders["x-amz-security-token"] = creds.SessionToken;

        var toSign = new SortedDictionary<string, string>(awsHeaders, StringComparer.Ordinal);
        foreach (var (k, v) in headers)
        {
            var lower = k.ToLowerInvariant();
            if (!IgnoredHeaders.Contains(lower)) toSign[lower] = v;
        }

        var canonical = new StringBuilder();
        canonical.Append(method).Append('\n').Append(url.EscapedPath).Append('\n').Append(url.RawQuery).Append('\n');
        foreach (var (k, v) in toSign) canonical.Append(k).Append(':').Append(v).Append('\n');
        canonical.Append('\n');
        var signedHeaders = string.Join(';', toSign.Keys);
        canonical.Append(signedHeaders).Append('\n').Append(contentSha256);

        var scope = $"{date}/{creds.Region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{Sha256Hex(canonical.ToString())}";

        var key = Mac(Encoding.UTF8.GetBytes("AWS4" + creds.SecretKey), date);
        key = Mac(key, creds.Region);
        key = Mac(key, service);
        key = Mac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Mac(key, stringToSign));

        var authorization = $"AWS4-HMAC-SHA256 Credential={creds.AccessKey}/{scope},SignedHeaders={signedHeaders},Signature={signature}";
        return (authorization, awsHeaders);
    }

    private static byte[] Mac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    private static string Sha256Hex(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
