namespace Gateway.Rego.Compilation;

/// <summary>Small sorted sets of frame slots, stored as int arrays (terms carry the slots they use).</summary>
internal static class SlotSet
{
    public static int[] Union(int[] a, int[] b)
    {
        if (b.Length == 0) return a;
        if (a.Length == 0) return b;
        var result = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            if (j >= b.Length || (i < a.Length && a[i] < b[j])) result.Add(a[i++]);
            else if (i >= a.Length || b[j] < a[i]) result.Add(b[j++]);
            else
            {
                result.Add(a[i]);
                i++;
                j++;
            }
        }
        return result.ToArray();
    }

    public static int[] Union(IEnumerable<IrTerm?> terms)
    {
        int[] r = [];
        foreach (var t in terms)
        {
            if (t is not null) r = Union(r, t.Vars);
        }
        return r;
    }

    public static int[] Filter(int[] a, Func<int, bool> keep)
    {
        var n = 0;
        foreach (var x in a)
        {
            if (keep(x)) n++;
        }
        if (n == a.Length) return a;
        var r = new int[n];
        n = 0;
        foreach (var x in a)
        {
            if (keep(x)) r[n++] = x;
        }
        return r;
    }
}
