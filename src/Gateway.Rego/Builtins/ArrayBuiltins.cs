using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>array.concat, array.slice (clamped indices), array.reverse, array.flatten (one level).</summary>
internal static class ArrayBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("array.concat", 2, static (_, a) =>
        {
            var x = BuiltinArgs.Array(a, 0);
            var y = BuiltinArgs.Array(a, 1);
            var items = new RegoValue[x.Count + y.Count];
            x.Items.CopyTo(items);
            y.Items.CopyTo(items.AsSpan(x.Count));
            return new RegoArray(items);
        });
        registry.Register("array.slice", 3, static (_, a) =>
        {
            var arr = BuiltinArgs.Array(a, 0);
            var start = CoreNumbers.IntOperand(a, 1);
            var stop = CoreNumbers.IntOperand(a, 2);
            // Clamp like OPA: stop into [0, len], start into [0, stop].
            stop = Math.Clamp(stop, 0, arr.Count);
            start = Math.Clamp(start, 0, stop);
            return new RegoArray(arr.Items[(int)start..(int)stop].ToArray());
        });
        registry.Register("array.reverse", 1, static (_, a) =>
        {
            var items = BuiltinArgs.Array(a, 0).Items.ToArray();
            Array.Reverse(items);
            return new RegoArray(items);
        });
        registry.Register("array.flatten", 1, static (_, a) =>
        {
            var arr = BuiltinArgs.Array(a, 0);
            var items = new List<RegoValue>(arr.Count);
            foreach (var item in arr.Items)
            {
                if (item is RegoArray inner) items.AddRange(inner.AsList());
                else items.Add(item);
            }
            return new RegoArray(items.ToArray());
        });
    }
}
