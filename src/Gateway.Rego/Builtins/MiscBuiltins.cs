using System.Globalization;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// rand.intn (per-query memoised), and the builtins that reach outside the policy, which the gateway's embedded
/// engine does not offer: http.send raises an error saying so (net.lookup_ip_addr answers only what needs no
/// network: see NetLookupBuiltins). opa.runtime answers an empty object, as OPA does when it runs without runtime
/// configuration: the embedded engine exposes no environment variables or configuration to policies.
/// They stay registered so that policies compile and <c>with … as</c> mocks can replace them.
/// </summary>
internal static class MiscBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("rand.intn", 2, RandIntn, nonDeterministic: true);
        registry.Register("opa.runtime", 0, static (_, _) => RegoObject.Empty, nonDeterministic: true);
        registry.Register("http.send", 1, static (_, a) =>
        {
            // Validate the request as OPA does first, so malformed requests report OPA's type errors.
            ValidateHttpRequest(a);
            throw NotAvailable("http.send");
        }, nonDeterministic: true);
    }

    private static readonly HashSet<RegoValue> AllowedHttpKeys = new(new[]
    {
        "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
        "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
        "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
        "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
        "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
    }.Select(k => (RegoValue)new RegoString(k)));

    private static readonly RegoValue[] RequiredHttpKeys = [new RegoString("method"), new RegoString("url")];

    /// <summary>OPA's http.send request check, shared with providers.aws.sign_req which runs the same one.</summary>
    internal static void ValidateHttpRequest(ReadOnlySpan<RegoValue> a)
    {
        var request = BuiltinArgs.Object(a, 0);
        var invalid = request.Items.Keys.Where(k => !AllowedHttpKeys.Contains(k)).ToList();
        if (invalid.Count > 0) throw new BuiltinTypeException($"operand 1 invalid request parameters(s): {RegoSet.Of(invalid)}");
        var missing = RequiredHttpKeys.Where(k => !request.Items.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new BuiltinTypeException($"operand 1 missing required request parameters(s): {RegoSet.Of(missing)}");
    }

    private static BuiltinException NotAvailable(string name) =>
        new($"{name} is not available in the gateway's embedded policy engine");

    /// <summary>A random integer in [0, |n|) that stays the same for the same (string, n) within one query.</summary>
    private static RegoValue RandIntn(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var key = BuiltinArgs.String(a, 0);
        var n = CoreNumbers.IntOperand(a, 1);
        if (n == 0) return RegoNumber.Zero;
        if (n < 0) n = n == long.MinValue ? long.MaxValue : -n;
        return ctx.GetOrAdd($"rand.intn:{key}-{n.ToString(CultureInfo.InvariantCulture)}", () => RegoNumber.Of(ctx.Random.NextInt64(n)));
    }
}
