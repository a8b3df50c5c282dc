using System.Globalization;
using System.Text;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>io.jwt.* builtins (decode, verify_*, decode_verify, encode_sign[_raw]) as OPA's topdown/tokens.go.</summary>
internal static partial class JwtBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("io.jwt.decode", 1, (_, a) => Decode(a[0]));
        foreach (var alg in new[] { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512" })
        {
            var name = "io.jwt.verify_" + alg.ToLowerInvariant();
            r.Register(name, 2, (_, a) => RegoBool.Of(VerifyWithKeys(a[0], a[1], alg)));
        }
        r.Register("io.jwt.verify_eddsa", 2, (_, a) => RegoBool.Of(VerifyWithKeys(a[0], a[1], "EdDSA")));
        foreach (var alg in new[] { "HS256", "HS384", "HS512" })
        {
            r.Register("io.jwt.verify_" + alg.ToLowerInvariant(), 2, (_, a) => RegoBool.Of(VerifyHmac(a, alg)));
        }
        r.Register("io.jwt.decode_verify", 2, (ctx, a) => DecodeVerify(ctx, a[0], a[1]));
        r.Register("io.jwt.encode_sign", 3, (_, a) => new RegoString(EncodeSign(
            Encoding.UTF8.GetBytes(ExtGoJson.Marshal(a[0])),
            Encoding.UTF8.GetBytes(ExtGoJson.Marshal(a[1])),
            ExtGoJson.Marshal(a[2]))), nonDeterministic: true);
        r.Register("io.jwt.encode_sign_raw", 3, (_, a) =>
        {
            var key = String(a, 2);
            var header = String(a, 0);
            var payload = String(a, 1);
            return new RegoString(EncodeSign(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(payload), key));
        }, nonDeterministic: true);
    }

    private static RegoArray Decode(RegoValue jwt)
    {
        var token = ExtJwt.Split(jwt);
        var header = ExtJwt.DecodeHeader(token);
        var payloadText = ExtJwt.DecodeString(token.Payload, "payload");
        if (header.Get("cty") is RegoString { Value: "JWT" })
        {
            return Decode(new RegoString(payloadText.Trim('"', '\'')));
        }
        var payload = ExtJwt.JsonObject(payloadText);
        var sig = ExtJwt.DecodePart(token.Signature, "signature");
        return new RegoArray([header, payload, new RegoString(Convert.ToHexStringLower(sig))]);
    }

    /// <summary>OPA's builtinJWTVerify: the algorithm is fixed by the builtin; keys with a different "alg" are skipped.</summary>
    private static bool VerifyWithKeys(RegoValue jwt, RegoValue keyOperand, string alg)
    {
        var token = ExtJwt.Split(jwt);
        if (keyOperand is not RegoString keyText) throw TypeError(2, keyOperand, "string");
        var keys = ExtKeys.FromCertOrJwk(keyText.Value);
        var signature = ExtJwt.DecodePart(token.Signature, string.Empty);
        var header = ParseHeader(ExtJwt.DecodeHeader(token));
        var input = ExtJwt.SigningInput(token);
        if (header.Kid.Length > 0 && keys.FirstOrDefault(k => k.Kid == header.Kid) is { } byKid)
        {
            return ExtJwt.Verify(byKid.Key, alg, input, signature);
        }
        foreach (var key in keys)
        {
            if (key.Alg.Length > 0 && key.Alg != header.Alg) continue;
            if (ExtJwt.Verify(key.Key, alg, input, signature)) return true;
        }
        return false;
    }

    private static bool VerifyHmac(ReadOnlySpan<RegoValue> a, string alg)
    {
        var jwt = String(a, 0);
        var secret = String(a, 1);
        var token = ExtJwt.Split(new RegoString(jwt));
        var mac = ExtJwt.Hmac(alg, Encoding.UTF8.GetBytes(secret), ExtJwt.SigningInput(token));
        var signature = ExtJwt.DecodePart(token.Signature, string.Empty);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(signature, mac);
    }

    internal sealed record Header(string Alg, string Kid, string Typ, string Cty, HashSet<string> Crit, List<string> Unknown)
    {
        public bool Valid => Alg.Length > 0 && !Unknown.Any(Crit.Contains);
    }

    private static Header ParseHeader(RegoObject o)
    {
        string alg = string.Empty, kid = string.Empty, typ = string.Empty, cty = string.Empty;
        var crit = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var k in o.SortedKeys)
        {
            var name = k is RegoString ks ? ks.Value : RegoJson.ToJson(k);
            var v = o.Items[k];
            string Str() => v is RegoString s ? s.Value : throw new BuiltinException($"{name}: must be a string");
            switch (name)
            {
                case "alg": alg = Str(); break;
                case "kid": kid = Str(); break;
                case "typ": typ = Str(); break;
                case "cty": cty = Str(); break;
                case "crit":
                    if (v is not RegoArray arr) throw new BuiltinException("crit: must be a list");
                    // OPA stops at the first non-string entry without reporting it.
                    foreach (var item in arr.Items)
                    {
                        if (item is not RegoString cs) break;
                        crit.Add(cs.Value);
                    }
                    if (crit.Count == 0) throw new BuiltinException("crit: must be a nonempty list");
                    break;
                default:
                    unknown.Add(name);
                    break;
            }
        }
        return new Header(alg, kid, typ, cty, crit, unknown);
    }

    private static string EncodeSign(byte[] header, byte[] payload, string jwk)
    {
        var keys = ExtKeys.ParseJwkSet(jwk);
        if (keys.Count == 0) throw new BuiltinException("no keys found in JWK set");
        var key = keys[0].Key;
        RegoObject? headers = null;
        try { headers = RegoJson.Parse(Encoding.UTF8.GetString(header)) as RegoObject; }
        catch (System.Text.Json.JsonException) { }
        if (headers?.Get("alg") is not RegoString alg)
        {
            throw new BuiltinException(headers is null
                ? "missing or invalid 'alg' header: failed to parse JOSE header"
                : "missing or invalid 'alg' header: field \"alg\" not found");
        }
        if (!ExtJwt.Algorithms.Contains(alg.Value)) throw new BuiltinException($"unknown JWS algorithm: {alg.Value}");
        var typ = headers.Get("typ") as RegoString;
        if ((typ is null || typ.Value == "JWT") && !ExtGoJson.IsValid(Encoding.UTF8.GetString(payload)))
        {
            throw new BuiltinException("type is JWT but payload is not JSON");
        }
        var signingInput = ExtGoBase64.EncodeUrl(header, pad: false) + "." + ExtGoBase64.EncodeUrl(payload, pad: false);
        var sig = ExtJwt.Sign(key, alg.Value, Encoding.UTF8.GetBytes(signingInput));
        return signingInput + "." + ExtGoBase64.EncodeUrl(sig, pad: false);
    }

    internal static string FormatSeconds(double seconds) => seconds.ToString("R", CultureInfo.InvariantCulture);
}
