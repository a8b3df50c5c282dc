using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// providers.aws.sign_req(request, aws_config, time_ns): the request object with its headers replaced by the
/// signed set (the request's headers, Authorization, host, x-amz-date, and for s3/glacier x-amz-content-sha256,
/// plus x-amz-security-token with a session token). Checks run in OPA's order so errors match its wording.
/// </summary>
internal static class AwsBuiltins
{
    private static readonly RegoString[] RequiredConfigKeys =
        [new("aws_access_key"), new("aws_region"), new("aws_secret_access_key"), new("aws_service")];

    public static void Register(BuiltinRegistry registry) => registry.Register("providers.aws.sign_req", 3, SignReq);

    private static RegoValue SignReq(BuiltinContext _, ReadOnlySpan<RegoValue> a)
    {
        var request = BuiltinArgs.Object(a, 0);
        // OPA reports a non-object config as "operand 1" too; keep its wording.
        var config = a[1] as RegoObject ?? throw BuiltinArgs.TypeError(1, a[1], "object");
        ValidateConfig(config);
        var service = StringOrEmpty(config.Get("aws_service"));
        var creds = new AwsSigV4.Credentials(
            StringOrEmpty(config.Get("aws_access_key")), StringOrEmpty(config.Get("aws_secret_access_key")),
            StringOrEmpty(config.Get("aws_region")), StringOrEmpty(config.Get("aws_session_token")));

        var time = SigningTime(a[2]);

        MiscBuiltins.ValidateHttpRequest(a);
        var headers = RegoObject.Empty;
        if (request.Get("headers") is { } h)
        {
            headers = h as RegoObject ?? throw BuiltinArgs.TypeError(0, h, "object");
        }
        var url = request.Get("url") as RegoString;
        var method = request.Get("method") as RegoString;
        if (url is null || method is null)
        {
            var invalid = new List<RegoValue>();
            if (url is null) invalid.Add(new RegoString("url"));
            if (method is null) invalid.Add(new RegoString("method"));
            throw new BuiltinTypeException($"operand 1 invalid values for required request parameters(s): {RegoSet.Of(invalid)}");
        }

        var parsed = ExtGoUrl.Parse(url.Value);
        var body = BodyBytes(request.Get("body"), request.Get("raw_body"));

        // Header keys and values that are not strings become "" (OPA's stringFromTerm).
        var headerMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in headers.Items) headerMap[StringOrEmpty(k)] = StringOrEmpty(v);

        var disablePayloadSigning = config.Get("disable_payload_signing") switch
        {
            null => false,
            RegoBool b => b.Value,
            _ => throw new BuiltinTypeException("operand 2 invalid value for 'disable_payload_signing' in AWS config"),
        };

        var (authorization, awsHeaders) = AwsSigV4.Sign(headerMap, method.Value, parsed, body,
            service, creds, time, disablePayloadSigning);

        var signed = new Dictionary<RegoValue, RegoValue>();
        foreach (var (k, v) in headerMap) signed[new RegoString(k)] = new RegoString(v);
        signed[new RegoString("Authorization")] = new RegoString(authorization);
        foreach (var (k, v) in awsHeaders) signed[new RegoString(k)] = new RegoString(v);

        var result = new Dictionary<RegoValue, RegoValue>(request.Items);
        result[new RegoString("headers")] = new RegoObject(signed);
        return new RegoObject(result);
    }

    private static void ValidateConfig(RegoObject config)
    {
        var missing = RequiredConfigKeys.Where(k => !config.Items.ContainsKey(k)).Cast<RegoValue>().ToList();
        if (missing.Count > 0)
        {
            throw new BuiltinTypeException($"operand 2 missing required AWS config parameters(s): {RegoSet.Of(missing)}");
        }
        var invalid = RequiredConfigKeys.Where(k => config.Get(k) is not RegoString).Cast<RegoValue>().ToList();
        if (invalid.Count > 0)
        {
            throw new BuiltinTypeException($"operand 2 invalid values for required AWS config parameters(s): {RegoSet.Of(invalid)}");
        }
    }

    /// <summary>
    /// OPA accepts any number whose text parses as an int64. This engine keeps no literal text, so a value written
    /// as -1e9 reaches here as the integer -1000000000; OPA rejects that spelling (its conformance case "bad
    /// timestamp"). Negative times are also rejected here: a signature dated before 1970 is never valid for AWS.
    /// </summary>
    private static DateTimeOffset SigningTime(RegoValue v)
    {
        // OPA checks the type as "operand 1" as well.
        var n = v as RegoNumber ?? throw BuiltinArgs.TypeError(1, v, "number");
        if (!n.TryGetInt64(out var ns) || ns < 0)
        {
            throw new BuiltinTypeException("operand 3 could not convert time_ns value into a unix timestamp");
        }
        return DateTimeOffset.UnixEpoch.AddTicks(ns / TimeSpan.NanosecondsPerTick);
    }

    /// <summary>raw_body (as text) wins over body (as Go's json.Marshal of the value); neither means an empty body.</summary>
    private static byte[] BodyBytes(RegoValue? body, RegoValue? rawBody)
    {
        if (rawBody is not null) return Encoding.UTF8.GetBytes(StringOrEmpty(rawBody));
        if (body is not null) return Encoding.UTF8.GetBytes(ExtGoJson.Marshal(body));
        return [];
    }

    private static string StringOrEmpty(RegoValue? v) => v is RegoString s ? s.Value : string.Empty;
}
