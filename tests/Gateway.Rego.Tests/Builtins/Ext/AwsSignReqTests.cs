using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Ext.B;

namespace Gateway.Rego.Tests.Builtins.Ext;

public class AwsSignReqTests
{
    private const long Time20151228 = 1451311705000000000;

    private static RegoValue Config(string extra = "") => J(
        "{\"aws_access_key\": \"MYAWSACCESSKEYGOESHERE\", \"aws_secret_access_key\": \"MYAWSSECRETACCESSKEYGOESHERE\"," +
        " \"aws_service\": \"s3\", \"aws_region\": \"us-east-1\"" + extra + "}");

    private static RegoObject Headers(RegoValue? signed) => (RegoObject)((RegoObject)signed!).Get("headers")!;

    [Fact]
    public void Matches_the_aws_sigv4_get_vanilla_test_vector()
    {
        // The AWS SigV4 test suite's "get-vanilla" request: GET / on example.amazonaws.com at 2015-08-30T12:36:00Z.
        var config = J("{\"aws_access_key\": \"AKIDEXAMPLE\", \"aws_secret_access_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\"," +
                       " \"aws_service\": \"service\", \"aws_region\": \"us-east-1\"}");
        var signed = Call("providers.aws.sign_req", J("{\"method\": \"GET\", \"url\": \"https://example.amazonaws.com/\"}"), config, N(1440938160L * 1_000_000_000));
        var headers = Headers(signed);
        headers.Get("Authorization").ShouldBe(S("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
        headers.Get("x-amz-date").ShouldBe(S("20150830T123600Z"));
        headers.Get("host").ShouldBe(S("example.amazonaws.com"));
        // Only s3 and glacier get the payload hash header.
        headers.Get("x-amz-content-sha256").ShouldBeNull();
    }

    [Fact]
    public void S3_request_gets_payload_hash_and_session_token_headers()
    {
        var signed = Call("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://example.com\"}"),
            Config(", \"aws_session_token\": \"MYAWSSECURITYTOKENGOESHERE\""), N(Time20151228));
        signed.ShouldBeJson("""
            {"method": "get", "url": "http://example.com", "headers": {
              "Authorization": "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,Signature=23c31bda8a74630c0a94f6b82a3511e7e74728df98e6f54ed0840488dbbdc8d1",
              "host": "example.com",
              "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "x-amz-date": "20151228T140825Z",
              "x-amz-security-token": "MYAWSSECURITYTOKENGOESHERE"}}
            """);
    }

    [Fact]
    public void Body_is_hashed_as_go_json_and_raw_body_wins()
    {
        var withBody = Headers(Call("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://example.com\", \"body\": {\"example\": [1, 2, 3, 4]}}"), Config(), N(Time20151228)));
        withBody.Get("x-amz-content-sha256").ShouldBe(S("bacff6243c850423883052ac3c336fd645994442933408dfd3f9e858e69bda07"));
        var both = Headers(Call("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://example.com\", \"body\": {\"a\": 1}, \"raw_body\": \"{\\\"example\\\": {1, 2, 3, 4}}\"}"), Config(), N(Time20151228)));
        both.Get("x-amz-content-sha256").ShouldBe(S("22906461e2a98a3e780d0fd260e341bed5e544661e97c5936fc7f3af11aaad8b"));
    }

    [Fact]
    public void Disabled_payload_signing_sends_unsigned_payload()
    {
        var headers = Headers(Call("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"https://example.com\", \"headers\": {\"foo\": \"bar\"}}"),
            Config(", \"disable_payload_signing\": true"), N(Time20151228)));
        headers.Get("x-amz-content-sha256").ShouldBe(S("UNSIGNED-PAYLOAD"));
        headers.Get("foo").ShouldBe(S("bar"));
        headers.Get("Authorization").ShouldBe(S("AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,SignedHeaders=foo;host;x-amz-content-sha256;x-amz-date,Signature=c6e6db654e92172f71e18c714c123711de069ac6fd7df1348e5b28fd05532028"));
    }

    [Fact]
    public void Errors_use_opa_wording()
    {
        TypeError("providers.aws.sign_req", J("{}"), Config(), N(Time20151228))
            .ShouldBe("operand 1 missing required request parameters(s): {\"method\", \"url\"}");
        TypeError("providers.aws.sign_req", J("{\"method\": 1, \"url\": \"http://x\"}"), Config(), N(Time20151228))
            .ShouldBe("operand 1 invalid values for required request parameters(s): {\"method\"}");
        TypeError("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://x\"}"), J("{\"aws_region\": \"x\"}"), N(Time20151228))
            .ShouldBe("operand 2 missing required AWS config parameters(s): {\"aws_access_key\", \"aws_secret_access_key\", \"aws_service\"}");
        TypeError("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://x\"}"), Config(", \"disable_payload_signing\": \"yes\""), N(Time20151228))
            .ShouldBe("operand 2 invalid value for 'disable_payload_signing' in AWS config");
        TypeError("providers.aws.sign_req", J("{\"method\": \"get\", \"url\": \"http://x\"}"), Config(), N("1.5"))
            .ShouldBe("operand 3 could not convert time_ns value into a unix timestamp");
    }
}
