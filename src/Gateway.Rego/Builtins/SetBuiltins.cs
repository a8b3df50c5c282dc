using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>Set operators <c>&amp;</c> (and), <c>|</c> (or), and intersection/union over a set of sets.</summary>
internal static class SetBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("and", 2, static (_, a) =>
        {
            var x = BuiltinArgs.Set(a, 0);
            var y = BuiltinArgs.Set(a, 1);
            var result = new HashSet<RegoValue>(x.Items);
            result.IntersectWith(y.Items);
            return new RegoSet(result);
        });
        registry.Register("or", 2, static (_, a) =>
        {
            var x = BuiltinArgs.Set(a, 0);
            var y = BuiltinArgs.Set(a, 1);
            var result = new HashSet<RegoValue>(x.Items);
            result.UnionWith(y.Items);
            return new RegoSet(result);
        });
        registry.Register("intersection", 1, static (_, a) =>
        {
            var sets = BuiltinArgs.Set(a, 0);
            HashSet<RegoValue>? result = null;
            foreach (var item in sets.Items)
            {
                var s = item as RegoSet ?? throw BuiltinArgs.TypeError(1, item, "set");
                if (result is null) result = new HashSet<RegoValue>(s.Items);
                else result.IntersectWith(s.Items);
            }
            return new RegoSet(result ?? []);
        });
        registry.Register("union", 1, static (_, a) =>
        {
            var sets = BuiltinArgs.Set(a, 0);
            var result = new HashSet<RegoValue>();
            foreach (var item in sets.Items)
            {
                var s = item as RegoSet ?? throw BuiltinArgs.TypeError(1, item, "set");
                result.UnionWith(s.Items);
            }
            return new RegoSet(result);
        });
    }
}
