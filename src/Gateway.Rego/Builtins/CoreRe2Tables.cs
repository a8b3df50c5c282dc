using System.Collections.Concurrent;
using System.Globalization;

namespace Gateway.Rego.Builtins;

/// <summary>
/// RE2's named classes: Perl (\d \s \w, ASCII only), POSIX ([:alpha:] …, ASCII only) and Unicode (\p{..}).
/// General categories come from .NET's Unicode data; scripts are approximated by their main blocks (letters, marks
/// and numbers within them) for the scripts listed in <see cref="Scripts"/>; other script names are rejected.
/// </summary>
internal static class CoreRe2Tables
{
    public static readonly (int Lo, int Hi)[] Digit = [('0', '9')];
    public static readonly (int Lo, int Hi)[] Space = [('\t', '\n'), ('\f', '\r'), (' ', ' ')];
    public static readonly (int Lo, int Hi)[] Word = [('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

    public static (int Lo, int Hi)[]? Perl(char c) => char.ToLowerInvariant(c) switch
    {
        'd' => Digit,
        's' => Space,
        'w' => Word,
        _ => null,
    };

    public static readonly Dictionary<string, (int Lo, int Hi)[]> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = [('0', '9'), ('A', 'Z'), ('a', 'z')],
        ["alpha"] = [('A', 'Z'), ('a', 'z')],
        ["ascii"] = [(0, 0x7F)],
        ["blank"] = [('\t', '\t'), (' ', ' ')],
        ["cntrl"] = [(0, 0x1F), (0x7F, 0x7F)],
        ["digit"] = [('0', '9')],
        ["graph"] = [('!', '~')],
        ["lower"] = [('a', 'z')],
        ["print"] = [(' ', '~')],
        ["punct"] = [('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        ["space"] = [('\t', '\r'), (' ', ' ')],
        ["upper"] = [('A', 'Z')],
        ["word"] = [('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_')],
        ["xdigit"] = [('0', '9'), ('A', 'F'), ('a', 'f')],
    };

    private static readonly Dictionary<string, UnicodeCategory[]> Categories = new(StringComparer.Ordinal)
    {
        ["Cc"] = [UnicodeCategory.Control],
        ["Cf"] = [UnicodeCategory.Format],
        ["Co"] = [UnicodeCategory.PrivateUse],
        ["Cs"] = [UnicodeCategory.Surrogate],
        ["C"] = [UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.PrivateUse, UnicodeCategory.Surrogate],
        ["Ll"] = [UnicodeCategory.LowercaseLetter],
        ["Lm"] = [UnicodeCategory.ModifierLetter],
        ["Lo"] = [UnicodeCategory.OtherLetter],
        ["Lt"] = [UnicodeCategory.TitlecaseLetter],
        ["Lu"] = [UnicodeCategory.UppercaseLetter],
        ["L"] = [UnicodeCategory.LowercaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.UppercaseLetter],
        ["Mc"] = [UnicodeCategory.SpacingCombiningMark],
        ["Me"] = [UnicodeCategory.EnclosingMark],
        ["Mn"] = [UnicodeCategory.NonSpacingMark],
        ["M"] = [UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark, UnicodeCategory.NonSpacingMark],
        ["Nd"] = [UnicodeCategory.DecimalDigitNumber],
        ["Nl"] = [UnicodeCategory.LetterNumber],
        ["No"] = [UnicodeCategory.OtherNumber],
        ["N"] = [UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber],
        ["Pc"] = [UnicodeCategory.ConnectorPunctuation],
        ["Pd"] = [UnicodeCategory.DashPunctuation],
        ["Pe"] = [UnicodeCategory.ClosePunctuation],
        ["Pf"] = [UnicodeCategory.FinalQuotePunctuation],
        ["Pi"] = [UnicodeCategory.InitialQuotePunctuation],
        ["Po"] = [UnicodeCategory.OtherPunctuation],
        ["Ps"] = [UnicodeCategory.OpenPunctuation],
        ["P"] =
        [
            UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.ClosePunctuation,
            UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.OtherPunctuation,
            UnicodeCategory.OpenPunctuation,
        ],
        ["Sc"] = [UnicodeCategory.CurrencySymbol],
        ["Sk"] = [UnicodeCategory.ModifierSymbol],
        ["Sm"] = [UnicodeCategory.MathSymbol],
        ["So"] = [UnicodeCategory.OtherSymbol],
        ["S"] = [UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.MathSymbol, UnicodeCategory.OtherSymbol],
        ["Zl"] = [UnicodeCategory.LineSeparator],
        ["Zp"] = [UnicodeCategory.ParagraphSeparator],
        ["Zs"] = [UnicodeCategory.SpaceSeparator],
        ["Z"] = [UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator, UnicodeCategory.SpaceSeparator],
    };

    /// <summary>Main blocks of common scripts (an approximation of Unicode's Scripts.txt).</summary>
    private static readonly Dictionary<string, (int Lo, int Hi)[]> Scripts = new(StringComparer.Ordinal)
    {
        ["Latin"] =
        [
            (0x41, 0x5A), (0x61, 0x7A), (0xAA, 0xAA), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2B8), (0x2E0, 0x2E4),
            (0x1D00, 0x1D25), (0x1D2C, 0x1D5C), (0x1D62, 0x1D65), (0x1D6B, 0x1D77), (0x1D79, 0x1DBE), (0x1E00, 0x1EFF),
            (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C), (0x212A, 0x212B), (0x2132, 0x2132), (0x214E, 0x214E),
            (0x2160, 0x2188), (0x2C60, 0x2C7F), (0xA722, 0xA787), (0xA78B, 0xA7FF), (0xAB30, 0xAB5A), (0xAB5C, 0xAB64),
            (0xFB00, 0xFB06), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A),
        ],
        ["Greek"] = [(0x370, 0x3FF), (0x1D26, 0x1D2A), (0x1D5D, 0x1D61), (0x1D66, 0x1D6A), (0x1DBF, 0x1DBF), (0x1F00, 0x1FFE), (0x2126, 0x2126), (0xAB65, 0xAB65), (0x10140, 0x1018E), (0x1D200, 0x1D245)],
        ["Cyrillic"] = [(0x400, 0x52F), (0x1C80, 0x1C88), (0x1D2B, 0x1D2B), (0x1D78, 0x1D78), (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xFE2E, 0xFE2F)],
        ["Armenian"] = [(0x531, 0x58F), (0xFB13, 0xFB17)],
        ["Hebrew"] = [(0x591, 0x5F4), (0xFB1D, 0xFB4F)],
        ["Arabic"] = [(0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFC), (0x1EE00, 0x1EEFF)],
        ["Devanagari"] = [(0x900, 0x97F), (0xA8E0, 0xA8FF)],
        ["Bengali"] = [(0x980, 0x9FF)],
        ["Thai"] = [(0xE01, 0xE3A), (0xE40, 0xE5B)],
        ["Georgian"] = [(0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2D)],
        ["Hangul"] = [(0x1100, 0x11FF), (0x302E, 0x302F), (0x3131, 0x318E), (0x3200, 0x321E), (0x3260, 0x327E), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xD7B0, 0xD7FB), (0xFFA0, 0xFFDC)],
        ["Hiragana"] = [(0x3041, 0x3096), (0x309D, 0x309F), (0x1B001, 0x1B11F), (0x1F200, 0x1F200)],
        ["Katakana"] = [(0x30A1, 0x30FA), (0x30FD, 0x30FF), (0x31F0, 0x31FF), (0x32D0, 0x32FE), (0x3300, 0x3357), (0xFF66, 0xFF6F), (0xFF71, 0xFF9D), (0x1B000, 0x1B000)],
        ["Han"] =
        [
            (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029),
            (0x3038, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0x20000, 0x2A6DF),
            (0x2A700, 0x2EBE0), (0x2F800, 0x2FA1D), (0x30000, 0x3134A),
        ],
    };

    private static readonly Lazy<byte[]> CategoryOf = new(() =>
    {
        var table = new byte[CoreRe2Ranges.MaxRune + 1];
        for (var c = 0; c <= CoreRe2Ranges.MaxRune; c++)
        {
            table[c] = (byte)(c is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : CharUnicodeInfo.GetUnicodeCategory(c));
        }
        return table;
    });

    private static readonly ConcurrentDictionary<string, (int Lo, int Hi)[]> UnicodeCache = new(StringComparer.Ordinal);

    /// <summary>The ranges of a \p{name} class, or null when RE2 would not know the name.</summary>
    public static (int Lo, int Hi)[]? Unicode(string name)
    {
        if (name == "Any") return [(0, CoreRe2Ranges.MaxRune)];
        if (!Categories.ContainsKey(name) && !Scripts.ContainsKey(name)) return null;
        return UnicodeCache.GetOrAdd(name, static n => Categories.TryGetValue(n, out var cats) ? FromCategories(cats) : FromScript(Scripts[n]));
    }

    private static (int Lo, int Hi)[] FromCategories(UnicodeCategory[] cats)
    {
        var table = CategoryOf.Value;
        var wanted = new bool[32];
        foreach (var c in cats) wanted[(int)c] = true;
        var result = new List<(int Lo, int Hi)>();
        var start = -1;
        for (var c = 0; c <= CoreRe2Ranges.MaxRune + 1; c++)
        {
            var hit = c <= CoreRe2Ranges.MaxRune && wanted[table[c]];
            if (hit && start < 0) start = c;
            else if (!hit && start >= 0)
            {
                result.Add((start, c - 1));
                start = -1;
            }
        }
        return result.ToArray();
    }

    private static (int Lo, int Hi)[] FromScript((int Lo, int Hi)[] blocks)
    {
        var table = CategoryOf.Value;
        var result = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in blocks)
        {
            var start = -1;
            for (var c = lo; c <= hi + 1; c++)
            {
                var cat = c <= hi ? (UnicodeCategory)table[c] : UnicodeCategory.OtherNotAssigned;
                var hit = c <= hi && cat is not (UnicodeCategory.OtherNotAssigned or UnicodeCategory.Control or UnicodeCategory.SpaceSeparator);
                if (hit && start < 0) start = c;
                else if (!hit && start >= 0)
                {
                    result.Add((start, c - 1));
                    start = -1;
                }
            }
        }
        return result.ToArray();
    }
}
