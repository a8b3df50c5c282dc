using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Text helpers that count in Unicode code points, as Go does with runes, rather than in UTF-16 units.
/// </summary>
internal static class CoreText
{
    public static int CodePointCount(string s)
    {
        // Without surrogates (nearly every string a policy counts) it is the length: one vectorised search.
        if (!s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF')) return s.Length;
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>The code points of s (a lone surrogate counts as one, as Go counts an invalid byte as one rune).</summary>
    public static int[] CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                list.Add(s[i]);
            }
        }
        return list.ToArray();
    }

    public static string FromCodePoints(ReadOnlySpan<int> cps)
    {
        var sb = new StringBuilder(cps.Length);
        foreach (var cp in cps) AppendCodePoint(sb, cp);
        return sb.ToString();
    }

    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp is >= 0x10000 and <= 0x10FFFF) sb.Append(char.ConvertFromUtf32(cp));
        else sb.Append((char)cp);
    }

    /// <summary>Width in UTF-16 units of the code point starting at index i.</summary>
    public static int WidthAt(string s, int i) =>
        i + 1 < s.Length && char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;

    /// <summary>The code point at UTF-16 index i.</summary>
    public static int CodePointAt(string s, int i) =>
        WidthAt(s, i) == 2 ? char.ConvertToUtf32(s[i], s[i + 1]) : s[i];

    public static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c > 0x7F) return false;
        }
        return true;
    }
}
