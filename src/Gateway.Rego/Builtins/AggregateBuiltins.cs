using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// count, sum, product, max, min, sort. (<c>any</c>/<c>all</c> were removed in Rego v1 and are not registered.)
/// Membership (<c>internal.member_2/3</c>) belongs to the evaluator's <c>in</c> operator.
/// </summary>
internal static class AggregateBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("count", 1, static (_, a) => Count(a[0]) ?? throw BuiltinArgs.TypeError(1, a[0], "array", "object", "set", "string"));
        registry.Register("sum", 1, static (_, a) => Sum(a[0]));
        registry.Register("product", 1, static (_, a) => Fold(a[0], RegoNumber.One, static (x, y) => x * y));
        registry.Register("max", 1, static (_, a) => Extreme(a[0], wantMax: true));
        registry.Register("min", 1, static (_, a) => Extreme(a[0], wantMax: false));
        registry.Register("sort", 1, static (_, a) =>
        {
            var items = Elements(a[0]).ToArray();
            if (a[0] is RegoArray) Array.Sort(items);
            return new RegoArray(items);
        });
    }

    /// <summary><c>count</c> of a collection or string (code points); null for other values (the builtin's type error).</summary>
    internal static RegoNumber? Count(RegoValue v) => v switch
    {
        RegoArray x => RegoNumber.Of(x.Count),
        RegoObject x => RegoNumber.Of(x.Count),
        RegoSet x => RegoNumber.Of(x.Count),
        RegoString x => RegoNumber.Of(CoreText.CodePointCount(x.Value)),
        _ => null,
    };

    /// <summary>Array elements in order, or set elements in sorted order; anything else is OPA's "{set, array}" type error.</summary>
    private static IReadOnlyList<RegoValue> Elements(RegoValue v) => v switch
    {
        RegoArray a => a.AsList(),
        RegoSet s => s.Sorted,
        _ => throw BuiltinArgs.TypeError(1, v, "set", "array"),
    };

    /// <summary>
    /// <c>sum</c>: added up in a long while every element is one and no addition overflows (no intermediate number
    /// objects), then by <see cref="Fold"/> from where that stopped.
    /// </summary>
    internal static RegoNumber Sum(RegoValue collection)
    {
        var items = Elements(collection);
        long acc = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not RegoNumber n || !n.TryGetInt64(out var x) || !RegoNumber.TryAdd(acc, x, out var r))
            {
                return Fold(items, i, RegoNumber.Of(acc), collection, static (x, y) => x + y);
            }
            acc = r;
        }
        return RegoNumber.Of(acc);
    }

    private static RegoNumber Fold(RegoValue collection, RegoNumber seed, Func<RegoNumber, RegoNumber, RegoNumber> op) =>
        Fold(Elements(collection), 0, seed, collection, op);

    /// <summary>Elements [start..] folded into <paramref name="seed"/>; a non-number is the builtin's type error.</summary>
    private static RegoNumber Fold(IReadOnlyList<RegoValue> items, int start, RegoNumber seed, RegoValue collection, Func<RegoNumber, RegoNumber, RegoNumber> op)
    {
        var acc = seed;
        for (var i = start; i < items.Count; i++)
        {
            var item = items[i];
            if (item is not RegoNumber n)
            {
                throw new BuiltinTypeException($"operand 1 must be {collection.TypeName} of numbers but got {collection.TypeName} containing {item.TypeName}");
            }
            acc = op(acc, n);
        }
        return acc;
    }

    /// <summary>Largest or smallest element by OPA's ordering; undefined for an empty collection.</summary>
    private static RegoValue? Extreme(RegoValue collection, bool wantMax)
    {
        var items = Elements(collection);
        if (items.Count == 0) return null;
        if (collection is RegoSet) return wantMax ? items[^1] : items[0];
        var best = items[0];
        foreach (var item in items)
        {
            var c = item.CompareTo(best);
            if (wantMax ? c > 0 : c < 0) best = item;
        }
        return best;
    }
}
