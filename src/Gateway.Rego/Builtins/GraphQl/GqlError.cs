using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// A parse or validation error, shaped like gqlparser's gqlerror.Error so OPA's message rewriting
/// (which splits the Go error text on ':') can be reproduced exactly.
/// </summary>
internal sealed record GqlError(string Message, GqlPosition? Position = null, string? File = null)
{
    /// <summary>gqlerror's text: "file:line:col: message" ("input" when no file), or "file: message" without a location.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(File is null or "" ? "input" : File);
        if (Position is not null)
        {
            sb.Append(':').Append(Position.Line.ToString(CultureInfo.InvariantCulture));
            sb.Append(':').Append(Position.Column.ToString(CultureInfo.InvariantCulture));
        }
        sb.Append(": ").Append(Message);
        return sb.ToString();
    }

    /// <summary>gqlerror.List's text: each error followed by a newline.</summary>
    public static string ListText(IEnumerable<GqlError> errors)
    {
        var sb = new StringBuilder();
        foreach (var e in errors) sb.Append(e).Append('\n');
        return sb.ToString();
    }
}

/// <summary>Thrown by the parser and schema loader; carries the gqlparser-shaped error.</summary>
internal sealed class GqlException(GqlError error) : Exception(error.Message)
{
    public GqlError Error { get; } = error;
}
