using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>The options object of crypto.x509.parse_and_verify_certificates_with_options, read as OPA's extractVerifyOpts.</summary>
internal static class X509VerifyOptions
{
    private static readonly Dictionary<string, string> KeyUsages = new(StringComparer.Ordinal)
    {
        ["KeyUsageAny"] = X509Verify.AnyUsage,
        ["KeyUsageServerAuth"] = "1.3.6.1.5.5.7.3.1",
        ["KeyUsageClientAuth"] = "1.3.6.1.5.5.7.3.2",
        ["KeyUsageCodeSigning"] = "1.3.6.1.5.5.7.3.3",
        ["KeyUsageEmailProtection"] = "1.3.6.1.5.5.7.3.4",
        ["KeyUsageIPSECEndSystem"] = "1.3.6.1.5.5.7.3.5",
        ["KeyUsageIPSECTunnel"] = "1.3.6.1.5.5.7.3.6",
        ["KeyUsageIPSECUser"] = "1.3.6.1.5.5.7.3.7",
        ["KeyUsageTimeStamping"] = "1.3.6.1.5.5.7.3.8",
        ["KeyUsageOCSPSigning"] = "1.3.6.1.5.5.7.3.9",
        ["KeyUsageMicrosoftServerGatedCrypto"] = "1.3.6.1.4.1.311.10.3.3",
        ["KeyUsageNetscapeServerGatedCrypto"] = "2.16.840.1.113730.4.1",
        ["KeyUsageMicrosoftCommercialCodeSigning"] = "1.3.6.1.4.1.311.2.1.22",
        ["KeyUsageMicrosoftKernelCodeSigning"] = "1.3.6.1.4.1.311.61.1.1",
    };

    /// <summary>Keys are read in sorted order, so the first bad one (in that order) is the one reported.</summary>
    public static X509Verify.Options Read(RegoObject options)
    {
        string? dns = null;
        DateTimeOffset? time = null;
        var usages = new List<string>();
        foreach (var key in options.SortedKeys)
        {
            if (key is not RegoString k) continue;
            var value = options.Items[key];
            switch (k.Value)
            {
                case "DNSName":
                    dns = value is RegoString s ? s.Value.Trim('"') : throw new BuiltinException("'DNSName' should be a string");
                    break;
                case "CurrentTime":
                    if (value is not RegoNumber n) throw new BuiltinException("'CurrentTime' should be a number");
                    if (!n.TryGetInt64(out var ns)) throw new BuiltinException("'CurrentTime' should be a valid int64 number");
                    time = DateTimeOffset.UnixEpoch.AddTicks(ns / TimeSpan.NanosecondsPerTick);
                    break;
                case "MaxConstraintComparisons":
                    // Only validated: .NET's chain builder has no such limit to set.
                    if (value is not RegoNumber m) throw new BuiltinException("'MaxConstraintComparisons' should be a number");
                    if (!m.TryGetInt64(out _)) throw new BuiltinException("'MaxConstraintComparisons' should be a valid number");
                    break;
                case "KeyUsages":
                    ReadKeyUsages(value, usages);
                    break;
                default:
                    throw new BuiltinException("invalid key option");
            }
        }
        return new X509Verify.Options(dns, time, usages);
    }

    private static void ReadKeyUsages(RegoValue value, List<string> usages)
    {
        IEnumerable<RegoValue> items = value switch
        {
            RegoArray arr => arr.AsList(),
            RegoSet set => set.Sorted,
            _ => throw new BuiltinException("'KeyUsages' should be an Array or Set"),
        };
        var invalid = new List<string>();
        foreach (var item in items)
        {
            if (item is not RegoString s) continue;
            var name = s.Value.Trim('"');
            if (KeyUsages.TryGetValue(name, out var oid)) usages.Add(oid);
            else invalid.Add(name);
        }
        if (invalid.Count > 0) throw new BuiltinException($"invalid entries for 'KeyUsages' found: [{string.Join(' ', invalid)}]");
    }
}
