using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// The comparison operators (==, !=, &lt;, &lt;=, &gt;, &gt;=). Like OPA they accept any two values and
/// compare them by the total order of <c>ast.Compare</c> (null &lt; boolean &lt; number &lt; string &lt; array &lt; object &lt; set),
/// so they never fail on types.
/// </summary>
internal static class ComparisonBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("equal", 2, static (_, a) => RegoBool.Of(a[0].Equals(a[1])));
        registry.Register("neq", 2, static (_, a) => RegoBool.Of(!a[0].Equals(a[1])));
        registry.Register("lt", 2, static (_, a) => RegoBool.Of(a[0].CompareTo(a[1]) < 0));
        registry.Register("lte", 2, static (_, a) => RegoBool.Of(a[0].CompareTo(a[1]) <= 0));
        registry.Register("gt", 2, static (_, a) => RegoBool.Of(a[0].CompareTo(a[1]) > 0));
        registry.Register("gte", 2, static (_, a) => RegoBool.Of(a[0].CompareTo(a[1]) >= 0));
    }
}
