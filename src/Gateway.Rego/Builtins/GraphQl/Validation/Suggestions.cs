using System.Text;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>"Did you mean ...?" helpers, as gqlparser's validator words them.</summary>
internal static class Suggestions
{
    /// <summary>The options close enough to <paramref name="input"/> to suggest, closest first.</summary>
    public static List<string> List(string input, IEnumerable<string> options)
    {
        var scored = new List<(string Option, int Distance)>();
        foreach (var option in options)
        {
            var distance = LexicalDistance(input, option);
            if (distance <= Threshold(input, option)) scored.Add((option, distance));
        }
        return scored.OrderBy(s => s.Distance).Select(s => s.Option).ToList();
    }

    private static int Threshold(string a, string b)
    {
        // Go measures the strings in bytes.
        var t = Math.Max(Encoding.UTF8.GetByteCount(a), Encoding.UTF8.GetByteCount(b)) / 2;
        return Math.Max(t, 1);
    }

    /// <summary>Levenshtein distance, except that a difference in case only counts as one edit.</summary>
    private static int LexicalDistance(string a, string b)
    {
        if (a == b) return 0;
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        if (a == b) return 1;
        var x = a.EnumerateRunes().ToArray();
        var y = b.EnumerateRunes().ToArray();
        var prev = new int[y.Length + 1];
        var cur = new int[y.Length + 1];
        for (var j = 0; j <= y.Length; j++) prev[j] = j;
        for (var i = 1; i <= x.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var cost = x[i - 1] == y[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[y.Length];
    }

    /// <summary>Given [A, B, C] returns '"A", "B", or "C"'.</summary>
    public static string QuotedOrList(IReadOnlyList<string> items) => OrList(items.Select(i => "\"" + i + "\"").ToList());

    /// <summary>Given [A, B, C] returns 'A, B, or C' (at most five items).</summary>
    public static string OrList(IReadOnlyList<string> items)
    {
        if (items.Count > 5) items = items.Take(5).ToList();
        if (items.Count == 2) return items[0] + " or " + items[1];
        var sb = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i != 0) sb.Append(i == items.Count - 1 ? ", or " : ", ");
            sb.Append(items[i]);
        }
        return sb.ToString();
    }

    /// <summary>" {prefix} "A" or "B"?" when there is anything to suggest, else "".</summary>
    public static string Quoted(string prefix, string typed, IEnumerable<string> options)
    {
        var suggested = List(typed, options);
        return suggested.Count > 0 ? " " + prefix + " " + QuotedOrList(suggested) + "?" : "";
    }

    /// <summary>" {prefix} A or B?" when there is anything to suggest, else "".</summary>
    public static string Unquoted(string prefix, string typed, IEnumerable<string> options)
    {
        var suggested = List(typed, options);
        return suggested.Count > 0 ? " " + prefix + " " + OrList(suggested) + "?" : "";
    }
}
