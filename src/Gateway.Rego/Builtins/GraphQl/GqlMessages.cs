namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// OPA's rewording of gqlparser errors. OPA splits the Go error text "input:LINE:COL: message" on ':'
/// and moves the location to the end: "message in GraphQL string at location LINE:COL"; text it cannot
/// split that way is reported as "GraphQL parse error: ...".
/// </summary>
internal static class GqlMessages
{
    /// <summary>A syntax error.</summary>
    public static string Parse(GqlError error) => Format(error.ToString(), trimFinalPeriod: false);

    /// <summary>
    /// Query validation errors: gqlparser returns them all as one list text (one "input:L:C: message.\n" per
    /// error); OPA keeps it whole, so the first error gives the location, and drops only the final ".\n".
    /// </summary>
    public static string Validation(IEnumerable<GqlError> errors) => Format(GqlError.ListText(errors), trimFinalPeriod: true);

    /// <summary>A schema that does not validate, as graphql.parse reports it.</summary>
    public static string SchemaConversion(GqlError error) => "Error in gqlparser SchemaDocument to Schema conversion: " + error;

    private static string Format(string text, bool trimFinalPeriod)
    {
        var parts = text.Split(':', 4);
        if (parts.Length == 4 && IsNumber(parts[1]) && IsNumber(parts[2]))
        {
            var message = parts[3].TrimStart(' ');
            if (trimFinalPeriod && message.EndsWith(".\n", StringComparison.Ordinal)) message = message[..^2];
            return $"{message} in GraphQL string at location {parts[1]}:{parts[2]}";
        }
        return "GraphQL parse error: " + text;
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
