using Gateway.Rego.Ast;

namespace Gateway.Rego.Parsing;

/// <summary>
/// Parses Rego v1 (OPA 1.x syntax) into the <see cref="Gateway.Rego.Ast"/> tree. Every syntax error,
/// including excessive nesting, surfaces as a <see cref="RegoParseException"/>.
/// </summary>
public static class RegoParser
{
    /// <summary>Parses a complete module (package, imports, rules).</summary>
    public static Module ParseModule(string fileName, string text) =>
        Run(fileName, text, p => p.ParseModuleText());

    /// <summary>Parses a query: literals separated by ';' or newlines. Empty text gives an empty body.</summary>
    public static Body ParseQuery(string text, string fileName = "query") =>
        Run(fileName, text, p => p.ParseQueryText());

    /// <summary>Parses exactly one term, such as a conformance case's <c>input_term</c> (<c>{"foo": {{1}}}</c>).</summary>
    public static Term ParseTerm(string text) =>
        Run("", text, p => p.ParseTermText());

    private static T Run<T>(string fileName, string text, Func<Parser, T> parse)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return parse(new Parser(fileName, text));
        }
        catch (RegoParseException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A defect in the parser must still surface as a parse error to callers; the message
            // prefix lets the fuzz tests detect that this net was needed.
            throw new RegoParseException(new Location(fileName, 1, 1), $"internal parser error: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
