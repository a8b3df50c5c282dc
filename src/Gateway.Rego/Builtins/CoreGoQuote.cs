using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

/// <summary>Go's strconv.Quote / QuoteRune / CanBackquote, for %q and for error texts that quote their input.</summary>
internal static partial class CoreGoFormatter
{
    public static string Quote(string s, bool asciiOnly = false)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var cp in CoreText.CodePoints(s)) AppendEscapedRune(sb, cp, '"', asciiOnly);
        sb.Append('"');
        return sb.ToString();
    }

    public static string QuoteRune(int cp, bool asciiOnly = false)
    {
        if (cp is > 0x10FFFF or < 0 || cp is >= 0xD800 and <= 0xDFFF) cp = 0xFFFD;
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendEscapedRune(sb, cp, '\'', asciiOnly);
        sb.Append('\'');
        return sb.ToString();
    }

    public static bool CanBackquote(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '`' || c == '\uFEFF' || c == 0x7F || (c < ' ' && c != '\t')) return false;
            if (char.IsSurrogate(c))
            {
                // A lone surrogate is invalid UTF-8 once encoded.
                if (!char.IsHighSurrogate(c) || i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false;
                i++;
            }
        }
        return true;
    }

    private static void AppendEscapedRune(StringBuilder sb, int r, char quote, bool asciiOnly)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }
        if (asciiOnly ? r < 0x80 && IsPrint(r) : IsPrint(r))
        {
            CoreText.AppendCodePoint(sb, r);
            return;
        }
        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (r < ' ' || r == 0x7F) sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        else if (r is >= 0xD800 and <= 0xDFFF || r > 0x10FFFF) sb.Append("\\ufffd");
        else if (r < 0x10000) sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    internal static bool IsPrint(int r)
    {
        if (r == ' ') return true;
        if (r is >= 0xD800 and <= 0xDFFF || r > 0x10FFFF || r < 0) return false;
        var cat = r < 0x10000 ? CharUnicodeInfo.GetUnicodeCategory((char)r) : CharUnicodeInfo.GetUnicodeCategory(r);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
