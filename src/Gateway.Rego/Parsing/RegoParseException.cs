using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

/// <summary>
/// A Rego syntax error. <see cref="Exception.Message"/> is formatted like OPA's errors,
/// <c>file:row: rego_parse_error: message</c>; <see cref="Reason"/> holds the bare message.
/// </summary>
public sealed class RegoParseException : Exception
{
    public const string ParseErrorCode = "rego_parse_error";

    public RegoParseException(Location location, string reason)
        : base(Format(location, reason))
    {
        Location = location;
        Reason = reason;
    }

    /// <summary>Where the error was detected.</summary>
    public Location Location { get; }

    /// <summary>Always <c>rego_parse_error</c>.</summary>
    public string Code => ParseErrorCode;

    /// <summary>The message without the location and code prefix.</summary>
    public string Reason { get; }

    // OPA prints "file:row: code: msg" when the file is known and "row:col: code: msg" otherwise.
    private static string Format(Location loc, string reason) =>
        string.IsNullOrEmpty(loc.File)
            ? $"{loc.Row}:{loc.Col}: {ParseErrorCode}: {reason}"
            : $"{loc.File}:{loc.Row}: {ParseErrorCode}: {reason}";
}
