using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>Go's strconv.Quote, which gqlparser uses when it prints names and string values in messages.</summary>
internal static class GoQuote
{
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            switch (v)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (IsPrintable(rune))
            {
                sb.Append(rune.ToString());
            }
            else if (v < 0x80)
            {
                sb.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (v < 0x10000)
            {
                sb.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture));
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune r)
    {
        if (r.Value == ' ') return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
