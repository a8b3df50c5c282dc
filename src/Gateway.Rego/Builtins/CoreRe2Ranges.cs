using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Sets of code points as sorted, merged ranges: how RE2 character classes are built before being written out
/// as .NET pattern text (BMP ranges as a class, supplementary ranges as surrogate-pair alternatives).
/// </summary>
internal sealed class CoreRe2Ranges
{
    public const int MaxRune = 0x10FFFF;
    private readonly List<(int Lo, int Hi)> _ranges = [];

    public IReadOnlyList<(int Lo, int Hi)> Ranges => _ranges;

    public void Add(int lo, int hi)
    {
        if (hi < lo) return;
        _ranges.Add((lo, hi));
    }

    public void AddAll(CoreRe2Ranges other)
    {
        foreach (var r in other._ranges) _ranges.Add(r);
    }

    /// <summary>Sort and merge overlapping or adjacent ranges.</summary>
    public CoreRe2Ranges Normalize()
    {
        _ranges.Sort((a, b) => a.Lo.CompareTo(b.Lo));
        var merged = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in _ranges)
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            }
            else
            {
                merged.Add((lo, hi));
            }
        }
        _ranges.Clear();
        _ranges.AddRange(merged);
        return this;
    }

    public CoreRe2Ranges Negate()
    {
        Normalize();
        var result = new CoreRe2Ranges();
        var next = 0;
        foreach (var (lo, hi) in _ranges)
        {
            if (lo > next) result.Add(next, lo - 1);
            next = hi + 1;
        }
        if (next <= MaxRune) result.Add(next, MaxRune);
        return result;
    }

    /// <summary>Add the simple case-fold orbit of every code point in lo..hi (very large ranges are left as they are).</summary>
    public void AddFolded(int lo, int hi)
    {
        Add(lo, hi);
        if (hi - lo > 4096) return;
        for (var c = lo; c <= hi; c++)
        {
            foreach (var f in FoldOrbit(c))
            {
                if (f < lo || f > hi) Add(f, f);
            }
        }
    }

    /// <summary>The code points that match c case-insensitively (c included).</summary>
    public static IEnumerable<int> FoldOrbit(int c)
    {
        if (c is >= 0xD800 and <= 0xDFFF || c > MaxRune) return [c];
        var set = new HashSet<int> { c };
        var s = char.ConvertFromUtf32(c);
        foreach (var t in new[] { s.ToLowerInvariant(), s.ToUpperInvariant() })
        {
            if (CoreText.CodePointCount(t) != 1) continue;
            var x = CoreText.CodePointAt(t, 0);
            set.Add(x);
            var xs = char.ConvertFromUtf32(x);
            foreach (var u in new[] { xs.ToLowerInvariant(), xs.ToUpperInvariant() })
            {
                if (CoreText.CodePointCount(u) == 1) set.Add(CoreText.CodePointAt(u, 0));
            }
        }
        // Orbits Unicode folds together that upper/lower mapping alone does not reach.
        foreach (var extra in ExtraFolds)
        {
            if (extra.Contains(c)) set.UnionWith(extra);
        }
        return set;
    }

    private static readonly int[][] ExtraFolds =
    [
        ['K', 'k', 0x212A],
        ['S', 's', 0x17F],
        [0xC5, 0xE5, 0x212B],
        [0xB5, 0x39C, 0x3BC],
        [0xDF, 0x1E9E],
        [0x398, 0x3B8, 0x3D1, 0x3F4],
        [0x399, 0x3B9, 0x345, 0x1FBE],
    ];

    /// <summary>.NET pattern text matching exactly one code point of this set.</summary>
    public string ToPattern()
    {
        Normalize();
        var bmp = new StringBuilder();
        var astral = new List<string>();
        foreach (var (lo, hi) in _ranges)
        {
            // Surrogate code points never occur as characters of well-formed text.
            AddBmp(bmp, lo, Math.Min(hi, 0xD7FF));
            AddBmp(bmp, Math.Max(lo, 0xE000), Math.Min(hi, 0xFFFF));
            if (hi >= 0x10000) AddAstral(astral, Math.Max(lo, 0x10000), hi);
        }
        var parts = new List<string>();
        if (bmp.Length > 0) parts.Add("[" + bmp + "]");
        parts.AddRange(astral);
        return parts.Count switch
        {
            0 => "(?!)",
            1 when astral.Count == 0 => parts[0],
            _ => "(?:" + string.Join("|", parts) + ")",
        };
    }

    private static void AddBmp(StringBuilder sb, int lo, int hi)
    {
        if (hi < lo) return;
        sb.Append(Escape(lo));
        if (hi > lo)
        {
            if (hi > lo + 1) sb.Append('-');
            sb.Append(Escape(hi));
        }
    }

    private static string Escape(int c) => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>Supplementary code points lo..hi as surrogate pairs: at most three alternatives.</summary>
    private static void AddAstral(List<string> parts, int lo, int hi)
    {
        var (hLo, lLo) = Split(lo);
        var (hHi, lHi) = Split(hi);
        if (hLo == hHi)
        {
            parts.Add(Escape(hLo) + "[" + Escape(lLo) + "-" + Escape(lHi) + "]");
            return;
        }
        parts.Add(Escape(hLo) + "[" + Escape(lLo) + "-\\uDFFF]");
        if (hHi - hLo > 1) parts.Add("[" + Escape(hLo + 1) + "-" + Escape(hHi - 1) + "][\\uDC00-\\uDFFF]");
        parts.Add(Escape(hHi) + "[\\uDC00-" + Escape(lHi) + "]");
    }

    private static (int High, int Low) Split(int cp)
    {
        var v = cp - 0x10000;
        return (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    }
}
