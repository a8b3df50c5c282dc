using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// sprintf(format, values): Go's fmt.Sprintf over the arguments as OPA converts them: integers that fit 64 bits
/// become Go ints, larger integers *big.Int, other numbers float64, strings strings, and every other value its
/// Rego text (so %v of a set prints <c>{1, 2}</c> and %d of one prints <c>%!d(string={1, 2})</c>).
/// </summary>
internal static class SprintfBuiltin
{
    public static void Register(BuiltinRegistry registry) => registry.Register("sprintf", 2, Sprintf);

    private static RegoValue Sprintf(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var format = BuiltinArgs.String(a, 0);
        var values = BuiltinArgs.Array(a, 1);
        var args = new List<CoreGoFormatter.GoArg>(values.Count);
        foreach (var v in values.Items) args.Add(ToGoArg(v));
        return new RegoString(CoreGoFormatter.Sprintf(format, args));
    }

    internal static CoreGoFormatter.GoArg ToGoArg(RegoValue v) => v switch
    {
        RegoNumber n when n.TryGetInt64(out var l) => new CoreGoFormatter.GoInt(l),
        RegoNumber n when n.TryGetInteger(out var big) => new CoreGoFormatter.GoBigInt(big),
        RegoNumber n => new CoreGoFormatter.GoFloat(n.ToDouble()),
        RegoString s => new CoreGoFormatter.GoString(s.Value),
        _ => new CoreGoFormatter.GoString(v.ToString()),
    };
}
