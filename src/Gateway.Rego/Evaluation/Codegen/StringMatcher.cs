using System.Buffers;
using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// Whether a string contains (starts with, ends with) any of a constant list of strings: the test of
/// <c>some p in patterns; contains(x, p)</c> when nothing after it reads <c>p</c> (see BodyCodegen.AnyStringMatch).
/// Containment searches for all the patterns at once (<see cref="SearchValues{T}"/>), not once per pattern.
/// </summary>
internal sealed class StringMatcher
{
    private readonly string[] _patterns;
    private readonly SearchValues<string>? _any;
    private readonly SearchValues<string>? _anyIgnoringCase;

    /// <param name="ignoreAsciiCase">Also prepare <see cref="MatchesIgnoringCase"/> (the patterns are ASCII without capitals).</param>
    public StringMatcher(StringBuiltins.StringTest test, string[] patterns, bool ignoreAsciiCase = false)
    {
        Test = test;
        _patterns = patterns;
        // SearchValues takes no empty string; an empty pattern is contained in every string anyway.
        if (test != StringBuiltins.StringTest.Contains || patterns.Contains("")) return;
        _any = SearchValues.Create(patterns, StringComparison.Ordinal);
        if (ignoreAsciiCase) _anyIgnoringCase = SearchValues.Create(patterns, StringComparison.OrdinalIgnoreCase);
    }

    public StringBuiltins.StringTest Test { get; }

    /// <summary>The pattern the loop would have tried first: its builtin call gives the error a non-string operand gets.</summary>
    public RegoString? First => _patterns.Length == 0 ? null : new RegoString(_patterns[0]);

    public bool Matches(string s) => _any is not null ? s.AsSpan().ContainsAny(_any) : AnyPattern(s, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="ascii"/>, lowered, would match: for ASCII text and patterns without capitals.</summary>
    public bool MatchesIgnoringCase(string ascii) =>
        _anyIgnoringCase is not null ? ascii.AsSpan().ContainsAny(_anyIgnoringCase) : AnyPattern(ascii, StringComparison.OrdinalIgnoreCase);

    private bool AnyPattern(string s, StringComparison comparison)
    {
        foreach (var p in _patterns)
        {
            if (StringBuiltins.Test(Test, s, p, comparison).Value) return true;
        }
        return false;
    }
}
