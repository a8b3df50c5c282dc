using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>glob.match (delimiters: null = none, [] = ["."]) and glob.quote_meta; see <see cref="CoreGlob"/>.</summary>
internal static class GlobBuiltins
{
    private static readonly int[] DotDelimiters = ['.'];

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("glob.match", 3, static (_, a) =>
        {
            var pattern = BuiltinArgs.String(a, 0);
            IReadOnlyList<int> delimiters = a[1] switch
            {
                RegoNull => [],
                RegoArray arr => Runes(arr) is { Count: > 0 } runes ? runes : DotDelimiters,
                _ => throw BuiltinArgs.TypeError(2, a[1], "array", "null"),
            };
            var value = BuiltinArgs.String(a, 2);
            return RegoBool.Of(CoreGlob.Match(pattern, delimiters, value));
        });
        registry.Register("glob.quote_meta", 1, static (_, a) => new RegoString(CoreGlob.QuoteMeta(BuiltinArgs.String(a, 0))));
    }

    /// <summary>OPA's RuneSliceOperand: every element a one-rune string.</summary>
    private static List<int> Runes(RegoArray arr)
    {
        var result = new List<int>(arr.Count);
        foreach (var item in arr.Items)
        {
            if (item is not RegoString s) throw StringBuiltins.ElementError(2, arr, item, "string");
            if (CoreText.CodePointCount(s.Value) != 1) throw StringBuiltins.ElementError(2, arr, item, "rune");
            result.Add(CoreText.CodePointAt(s.Value, 0));
        }
        return result;
    }
}
