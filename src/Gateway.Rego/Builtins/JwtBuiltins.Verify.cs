using System.Globalization;
using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>io.jwt.decode_verify: constraints, signature, nesting and registered-claim checks.</summary>
internal static partial class JwtBuiltins
{
    private sealed class Constraints
    {
        public string Secret = string.Empty;
        public string Alg = string.Empty;
        public string Iss = string.Empty;
        public string Aud = string.Empty;
        public List<ExtVerificationKey>? Keys;
        public double Time = -1;
    }

    private static readonly RegoArray Unverified = new([RegoBool.False, RegoObject.Empty, RegoObject.Empty]);

    private static Constraints ParseConstraints(BuiltinContext ctx, RegoObject o)
    {
        var c = new Constraints();
        foreach (var k in o.SortedKeys)
        {
            var name = k is RegoString ks ? ks.Value : RegoJson.ToJson(k);
            var v = o.Items[k];
            string Str() => v is RegoString s ? s.Value : throw new BuiltinException($"{name} constraint: must be a string");
            switch (name)
            {
                case "cert":
                    c.Keys = ExtKeys.FromCertOrJwk(v is RegoString cs ? cs.Value : throw new BuiltinException("cert constraint: must be a string"));
                    break;
                case "secret": c.Secret = Str(); break;
                case "alg": c.Alg = Str(); break;
                case "iss": c.Iss = Str(); break;
                case "aud": c.Aud = Str(); break;
                case "time": c.Time = TimeFromValue(v); break;
                default: throw new BuiltinException($"unknown token validation constraint: {name}");
            }
        }
        if (c.Time == -1) c.Time = TimeFromValue(RegoNumber.Of(TimeBuiltins.NowNanos(ctx)));
        var keys = (c.Keys is not null ? 1 : 0) + (c.Secret.Length > 0 ? 1 : 0);
        if (keys > 1) throw new BuiltinException("duplicate key constraints");
        if (keys < 1) throw new BuiltinException("no key constraint");
        return c;
    }

    private static double TimeFromValue(RegoValue v)
    {
        if (v is not RegoNumber n) throw new BuiltinException("token time constraint: must be a number");
        var f = double.Parse(n.ToJsonText(), CultureInfo.InvariantCulture);
        if (!double.IsFinite(f)) throw new BuiltinException("token time constraint: unvalid float64");
        if (f < 0) throw new BuiltinException("token time constraint: must not be negative");
        return f;
    }

    private static bool VerifySignature(Constraints c, Header header, byte[] input, byte[] signature)
    {
        if (c.Keys is not null)
        {
            if (header.Kid.Length > 0 && c.Keys.FirstOrDefault(k => k.Kid == header.Kid) is { } byKid)
            {
                return ExtJwt.Verify(byKid.Key, header.Alg, input, signature);
            }
            foreach (var key in c.Keys)
            {
                if (key.Alg.Length > 0 && key.Alg != header.Alg) continue;
                if (ExtJwt.Verify(key.Key, header.Alg, input, signature)) return true;
            }
            return false;
        }
        return ExtJwt.Verify(new ExtSecretKey(System.Text.Encoding.UTF8.GetBytes(c.Secret)), header.Alg, input, signature);
    }

    private static RegoArray DecodeVerify(BuiltinContext ctx, RegoValue jwt, RegoValue constraintsOperand)
    {
        var constraints = ParseConstraints(ctx, constraintsOperand as RegoObject ?? throw TypeError(2, constraintsOperand, "object"));
        var a = jwt;
        RegoObject decodedHeader;
        string payloadText;
        while (true)
        {
            var token = ExtJwt.Split(a);
            decodedHeader = ExtJwt.DecodeHeader(token);
            var header = ParseHeader(decodedHeader);
            if (!header.Valid) return Unverified;
            if (constraints.Alg.Length > 0 && constraints.Alg != header.Alg) return Unverified;
            var signature = ExtJwt.DecodePart(token.Signature, string.Empty);
            if (!VerifySignature(constraints, header, ExtJwt.SigningInput(token), signature)) return Unverified;
            payloadText = ExtJwt.DecodeString(token.Payload, "payload");
            if (string.Equals(header.Cty, "JWT", StringComparison.OrdinalIgnoreCase))
            {
                a = new RegoString(payloadText);
                continue;
            }
            break;
        }
        var payload = ExtJwt.JsonObject(payloadText);
        if (constraints.Iss.Length > 0 && (payload.Get("iss") is not RegoString iss || iss.Value != constraints.Iss)) return Unverified;
        if (payload.Get("aud") is { } aud)
        {
            if (!ValidAudience(aud, constraints.Aud)) return Unverified;
        }
        else if (constraints.Aud.Length > 0)
        {
            return Unverified;
        }
        var now = RegoNumber.Parse(FormatSeconds(constraints.Time / 1_000_000_000))!;
        if (payload.Get("exp") is { } exp)
        {
            if (exp is not RegoNumber expN) throw new BuiltinException("exp value must be a number");
            if (RegoNumber.CompareNumbers(now, expN) != -1) return Unverified;
        }
        if (payload.Get("nbf") is { } nbf)
        {
            if (nbf is not RegoNumber nbfN) throw new BuiltinException("nbf value must be a number");
            if (RegoNumber.CompareNumbers(now, nbfN) == -1) return Unverified;
        }
        return new RegoArray([RegoBool.True, decodedHeader, payload]);
    }

    private static bool ValidAudience(RegoValue aud, string expected) => aud switch
    {
        RegoString s => s.Value == expected,
        RegoArray arr => arr.Items.ToArray().Any(e => e is RegoString es && es.Value == expected),
        _ => false,
    };
}
