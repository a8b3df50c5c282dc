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

    public StringMatcher(StringBuiltins.StringTest test, string[] patterns)
    {
        Test = test;
        _patterns = patterns;
        // SearchValues takes no empty string; an empty pattern is contained in every string anyway.
        if (test == StringBuiltins.StringTest.Contains && !patterns.Contains("")) _any = SearchValues.Create(patterns, StringComparison.Ordinal);
    }

    public StringBuiltins.StringTest Test { get; }

    /// <summary>The pattern the loop would have tried first: its builtin call gives the error a non-string operand gets.</summary>
    public RegoString? First => _patterns.Length == 0 ? null : new RegoString(_patterns[0]);

    public bool Matches(string s)
    {
        if (_any is not null) return s.AsSpan().ContainsAny(_any);
        foreach (var p in _patterns)
        {
            if (StringBuiltins.Test(Test, s, p).Value) return true;
        }
        return false;
    }
}
