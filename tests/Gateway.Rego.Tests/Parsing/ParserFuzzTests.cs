using System.Diagnostics;
using System.Text;
using Gateway.Rego.Parsing;
using Xunit.Abstractions;

namespace Gateway.Rego.Tests.Parsing;

/// <summary>
/// Mutates the conformance modules and queries (fixed seed) and checks that the parser only ever
/// fails with <see cref="RegoParseException"/>, never hangs, never needs its internal-error safety
/// net, and that whatever does parse has locations inside the source.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly string[] Fragments =
    [
        "[", "]", "{", "}", "(", ")", "\"", "`", "$\"", "$`", "\\", "\\{", ":", ":=", "=", "==", ".", ",", ";", "|",
        "&", "+", "-", "*", "/", "%", "<", ">=", "!=", "!", "#", "\n", "\t", " ", "_", "0", "1.5e3", "-1", "x",
        "if", "else", "not", "some", "every", "with", "as", "contains", "default", "import", "package", "in",
        "set()", "input", "data", "null", "true", "\0", "\u00e9", "\uD83D",
        "\n# METADATA\n# title: t\n", "\n# METADATA\n# scope: document\n# custom: {a: [1, {b: c}]}\n", "\n# METADATA\n",
    ];

    private static List<string> Corpus()
    {
        var cases = ConformanceParseTests.Cases.Value;
        var corpus = cases.SelectMany(c => c.Modules ?? []).Distinct().ToList();
        corpus.AddRange(cases.Select(c => c.Query).Distinct());
        return corpus;
    }

    [Fact]
    public void Mutated_conformance_inputs_only_raise_parse_errors()
    {
        var corpus = Corpus();
        var rng = new Random(20240611);
        int parsed = 0, rejected = 0;
        const int iterations = 6000;
        for (var i = 0; i < iterations; i++)
        {
            var source = corpus[rng.Next(corpus.Count)];
            var text = source;
            var mutations = 1 + rng.Next(4);
            for (var m = 0; m < mutations; m++) text = Mutate(text, rng);
            var asQuery = !source.StartsWith("package", StringComparison.Ordinal) || rng.Next(8) == 0;
            if (ParseSafely(text, asQuery, $"iteration {i}")) parsed++;
            else rejected++;
        }
        output.WriteLine($"{iterations} mutated inputs: {parsed} parsed, {rejected} rejected with a parse error");
        rejected.ShouldBeGreaterThan(iterations / 2);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData("(")]
    [InlineData("f(")]
    [InlineData("$\"{")]
    [InlineData("$`{")]
    [InlineData("[x | ")]
    [InlineData("{x: ")]
    [InlineData("not ")]
    [InlineData("-")]
    [InlineData("x.")]
    [InlineData("x[")]
    [InlineData("1 + ")]
    [InlineData("every x in y { ")]
    [InlineData("f(x).g(")]
    [InlineData("else := 1 if ")]
    public void Deep_repetition_only_raises_parse_errors(string unit)
    {
        var repeated = string.Concat(Enumerable.Repeat(unit, 100_000));
        ParseSafely("package p\np := " + repeated, asQuery: false, unit);
        ParseSafely("package p\np if " + repeated + "1", asQuery: false, unit);
        ParseSafely("x := " + repeated, asQuery: true, unit);
    }

    [Theory]
    [InlineData("[a | ", "b, c", "]")]
    [InlineData("{a | ", "b, c", "}")]
    [InlineData("{a: b | ", "c, d: e", "}")]
    [InlineData("{", "x", "}")]
    [InlineData("[", "x | y", "]")]
    [InlineData("{k, ", "v in x", "}")]
    [InlineData("f(k, ", "v in x", ")")]
    public void Backtracking_stays_fast_on_nested_ambiguity(string open, string middle, string close)
    {
        var text = "package p\np if " + string.Concat(Enumerable.Repeat(open, 300)) + middle + string.Concat(Enumerable.Repeat(close, 300));
        var sw = Stopwatch.StartNew();
        ParseSafely(text, asQuery: false, open);
        ParseSafely("x := " + text[("package p\np if ".Length)..], asQuery: true, open);
        sw.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    private static string Mutate(string text, Random rng)
    {
        if (text.Length == 0) return Fragments[rng.Next(Fragments.Length)];
        var at = rng.Next(text.Length + 1);
        switch (rng.Next(8))
        {
            case 0: // delete a short span
            {
                var len = Math.Min(1 + rng.Next(4), text.Length - Math.Min(at, text.Length - 1));
                var from = Math.Min(at, text.Length - 1);
                return text.Remove(from, len);
            }
            case 1: // insert a fragment
                return text.Insert(at, Fragments[rng.Next(Fragments.Length)]);
            case 2: // duplicate a span
            {
                var from = rng.Next(text.Length);
                var len = Math.Min(1 + rng.Next(20), text.Length - from);
                return text.Insert(at, text.Substring(from, len));
            }
            case 3: // truncate
                return text[..at];
            case 4: // delete a whole token
            case 5: // duplicate a token
            case 6: // swap two tokens
            {
                var toks = Lexer.Tokenize(text).Where(t => t.End > t.Start).ToList();
                if (toks.Count < 2) return text.Insert(at, Fragments[rng.Next(Fragments.Length)]);
                var a = toks[rng.Next(toks.Count)];
                var spanA = text[a.Start..a.End];
                if (rng.Next(3) == 0) return text.Remove(a.Start, a.End - a.Start);
                if (rng.Next(2) == 0) return text.Insert(a.End, " " + spanA);
                var b = toks[rng.Next(toks.Count)];
                if (b.Start < a.End && a.Start < b.End) return text;
                var (first, second) = a.Start < b.Start ? (a, b) : (b, a);
                var sb = new StringBuilder();
                sb.Append(text, 0, first.Start).Append(text, second.Start, second.End - second.Start)
                    .Append(text, first.End, second.Start - first.End).Append(text, first.Start, first.End - first.Start)
                    .Append(text, second.End, text.Length - second.End);
                return sb.ToString();
            }
            default: // replace a character with a random printable one
            {
                var from = Math.Min(at, text.Length - 1);
                var c = (char)rng.Next(0x20, 0x7f);
                return text.Remove(from, 1).Insert(from, c.ToString());
            }
        }
    }

    /// <summary>Parses on a worker with a timeout; true if it parsed, false on a parse error, assertion failure otherwise.</summary>
    private static bool ParseSafely(string text, bool asQuery, string what)
    {
        Exception? failure = null;
        var ok = false;
        var task = Task.Run(() =>
        {
            try
            {
                var problem = asQuery
                    ? AstInvariants.Check(RegoParser.ParseQuery(text), text)
                    : AstInvariants.Check(RegoParser.ParseModule("fuzz.rego", text), text);
                if (problem is not null) throw new InvalidOperationException("AST invariant: " + problem);
                ok = true;
            }
            catch (RegoParseException ex)
            {
                if (ex.Reason.StartsWith("internal parser error", StringComparison.Ordinal)) failure = ex;
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        if (!task.Wait(Timeout)) throw new ShouldAssertException($"parser hung ({what}) on: {Preview(text)}");
        if (failure is not null) throw new ShouldAssertException($"unexpected {failure.GetType().Name} ({what}): {failure.Message}\non: {Preview(text)}", failure);
        return ok;
    }

    private static string Preview(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
