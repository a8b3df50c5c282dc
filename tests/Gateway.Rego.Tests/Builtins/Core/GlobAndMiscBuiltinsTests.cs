using Gateway.Rego.Builtins;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class GlobAndMiscBuiltinsTests
{
    [Theory]
    [InlineData("*.github.com", "[\".\"]", "api.github.com", true)]
    [InlineData("api.**.com", "[\".\"]", "api.github.com", true)]
    [InlineData("api.**.com", "[\".\"]", "api.cdn.github.com", true)]
    [InlineData("*:github:com", "[\":\"]", "api:github:com", true)]
    [InlineData("*.github.com", "[\".\"]", "api.not-github.com", false)]
    [InlineData("*.github.com", "[\".\"]", "api.example.com", false)]
    [InlineData("[abc]at", "[]", "cat", true)]
    [InlineData("[abc]at", "[]", "fat", false)]
    [InlineData("[!abc]at", "[]", "fat", true)]
    [InlineData("[!abc]at", "[]", "cat", false)]
    [InlineData("[a-c]at", "[]", "bat", true)]
    [InlineData("[a-c]at", "[]", "fat", false)]
    [InlineData("[!a-c]at", "[]", "bat", false)]
    [InlineData("[!a-c]at", "[]", "fat", true)]
    [InlineData("?at", "[]", "fat", true)]
    [InlineData("?at", "[]", "at", false)]
    [InlineData("?at", "[\"f\"]", "bat", true)]
    [InlineData("?at", "[\"f\"]", "fat", false)]
    [InlineData("{cat,bat,[fr]at}", "[]", "cat", true)]
    [InlineData("{cat,bat,[fr]at}", "[]", "bat", true)]
    [InlineData("{cat,bat,[fr]at}", "[]", "fat", true)]
    [InlineData("{cat,bat,[fr]at}", "[]", "rat", true)]
    [InlineData("{cat,bat,[fr]at}", "[]", "at", false)]
    [InlineData("*", "[\".\"]", "foo", true)]
    [InlineData("*", "[]", "foo", true)]
    [InlineData("*", "[\".\"]", "foo.bar", false)]
    [InlineData("*", "[]", "foo.bar", false)]
    [InlineData("*", "null", "foo.bar", true)]
    [InlineData("foo*", "null", "foo.bar", true)]
    [InlineData("**", "[]", "a.b.c", true)]
    [InlineData("a.*.c", "[]", "a..c", true)]
    [InlineData("[!a]", "[\".\"]", ".", true)]
    [InlineData("{a,{b,c}}x", "[]", "cx", true)]
    [InlineData("{a,b", "[]", "b", true)]
    [InlineData("a,b}", "[]", "a,b}", true)]
    [InlineData("[abc-e]", "[]", "-", true)]
    [InlineData("[abc-e]", "[]", "d", false)]
    [InlineData(@"\*", "[]", "*", true)]
    [InlineData(@"\*", "[]", "a", false)]
    [InlineData("?", "[]", "😀", true)]
    [InlineData("*/*", "[\"/\"]", "a/b", true)]
    [InlineData("*/*", "[\"/\"]", "a/b/c", false)]
    public void Glob_match(string pattern, string delimiters, string value, bool expected) =>
        Call("glob.match", S(pattern), J(delimiters), S(value)).ShouldBe(RegoBool.Of(expected));

    [Theory]
    [InlineData("[abc", "unexpected end of input")]
    [InlineData("[a-", "unexpected end of input")]
    [InlineData("[a-cx]", "expected close range character")]
    [InlineData("[]", "could not parse range")]
    [InlineData("[z-a]", "hi character 'a' should be greater than lo 'z'")]
    public void Glob_parse_errors(string pattern, string message) =>
        BuiltinError("glob.match", S(pattern), J("[]"), S("x")).Message.ShouldBe(message);

    [Fact]
    public void Glob_operand_errors()
    {
        TypeError("glob.match", S("*"), S("."), S("x")).Message.ShouldBe("operand 2 must be one of {array, null} but got string");
        TypeError("glob.match", S("*"), J("[1]"), S("x")).Message.ShouldBe("operand 2 must be array of strings but got array containing number");
        TypeError("glob.match", S("*"), J("[\"ab\"]"), S("x")).Message.ShouldBe("operand 2 must be array of runes but got array containing string");
        TypeError("glob.match", S("*"), Null, N(1)).Message.ShouldBe("operand 3 must be string but got number");
    }

    [Fact]
    public void Glob_quote_meta()
    {
        Call("glob.quote_meta", S("*.github.com")).ShouldBe(S(@"\*.github.com"));
        Call("glob.quote_meta", S("a?[b]{c}\\")).ShouldBe(S(@"a\?\[b\]\{c\}\\"));
        var quoted = (RegoString)Call("glob.quote_meta", S("[x]*"))!;
        Call("glob.match", quoted, Null, S("[x]*")).ShouldBe(True);
    }

    [Fact]
    public void Rand_intn_is_stable_within_a_query()
    {
        BuiltinRegistry.Default.TryGet("rand.intn", out var def).ShouldBeTrue();
        def.NonDeterministic.ShouldBeTrue();
        var ctx = new BuiltinContext { Random = new Random(1) };
        var args = new RegoValue[] { S("k"), N(1000) };
        var first = def.Function(ctx, args);
        for (var i = 0; i < 20; i++) def.Function(ctx, args).ShouldBe(first);
        var n = ((RegoNumber)first!).TryGetInt64(out var v) ? v : -1;
        n.ShouldBeInRange(0, 999);
        def.Function(ctx, [S("k"), N(0)]).ShouldBe(N(0));
        var negative = (RegoNumber)def.Function(ctx, [S("k"), N(-5)])!;
        negative.TryGetInt64(out var nv).ShouldBeTrue();
        nv.ShouldBeInRange(0, 4);
    }

    [Fact]
    public void Rand_intn_differs_between_keys_eventually()
    {
        var ctx = new BuiltinContext { Random = new Random(7) };
        BuiltinRegistry.Default.TryGet("rand.intn", out var def);
        var values = Enumerable.Range(0, 50).Select(i => def.Function(ctx, [S("k" + i), N(1_000_000)])).Distinct().Count();
        values.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Outside_world_builtins_are_registered_but_unavailable()
    {
        // opa.runtime exposes nothing of the gateway's environment: an empty object, as OPA without runtime configuration.
        BuiltinRegistry.Default.TryGet("opa.runtime", out var runtime).ShouldBeTrue();
        runtime.Function(new BuiltinContext(), []).ShouldBe(RegoObject.Empty);
        BuiltinError("http.send", J("{\"method\": \"get\", \"url\": \"http://x\"}")).Message.ShouldContain("not available");
    }

    [Fact]
    public void Http_send_checks_its_request_like_OPA()
    {
        TypeError("http.send", J("{\"bad_key\": \"bad_value\", \"method\": \"get\", \"url\": \"http://127.0.0.1:51113\"}")).Message
            .ShouldBe("operand 1 invalid request parameters(s): {\"bad_key\"}");
        TypeError("http.send", J("{\"method\": \"get\"}")).Message.ShouldBe("operand 1 missing required request parameters(s): {\"url\"}");
        TypeError("http.send", S("x")).Message.ShouldBe("operand 1 must be object but got string");
    }

    [Theory]
    [InlineData("10.0.0.0", "10.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1")]
    [InlineData("fe80::1%eth0", "fe80::1")]
    public void Net_lookup_answers_an_ip_literal_with_itself_in_Go_form(string name, string expected) =>
        Call("net.lookup_ip_addr", S(name)).ShouldBe(Set(S(expected)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost.")]
    [InlineData("registry.localhost")]
    public void Net_lookup_answers_localhost_names_with_the_loopback_addresses(string name) =>
        Call("net.lookup_ip_addr", S(name)).ShouldBe(Set(S("127.0.0.1"), S("::1")));

    [Theory]
    [InlineData("example.com")]
    [InlineData("localhost.example.com")]
    [InlineData(".localhost")]
    [InlineData("010.0.0.1")]
    public void Net_lookup_of_any_other_name_is_an_error_that_says_why(string name) =>
        BuiltinError("net.lookup_ip_addr", S(name)).Message.ShouldBe(
            $"lookup {name}: DNS lookups are not available in the gateway's embedded policy engine (IP literals and localhost are answered)");

    [Fact]
    public void Net_lookup_takes_a_string() =>
        TypeError("net.lookup_ip_addr", N(1)).Message.ShouldBe("operand 1 must be string but got number");
}
