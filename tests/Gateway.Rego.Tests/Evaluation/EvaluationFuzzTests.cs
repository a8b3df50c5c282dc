using System.Text;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Conformance;
using Gateway.Rego.Parsing;
using Gateway.Rego.Tests.Parsing;
using Gateway.Rego.Values;
using Xunit.Abstractions;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Differential tests of the code generator against the interpreter on policies no one wrote by hand. First,
/// the conformance modules mutated token by token (fixed seed), every mutant that still compiles evaluated
/// twice: interpreted, and with every rule body compiled to IL at its first run. Both must end the same way (the
/// same results, or an error with the same code and message), and neither may fail with anything but a
/// <see cref="RegoException"/>. Second, random policies over random inputs from a small domain
/// (<see cref="RandomPolicyGenerator"/>), where equal operands and type mismatches are frequent. The parser fuzz
/// test covers text that does not parse; these cover policies that do, in shapes no conformance case has, which is
/// where the code generator's hand-over to the interpreter and its static knowledge of bound variables could go
/// wrong. (Injected into the compiled comparisons, `&lt;` computed as `&lt;=` passes all 1,553 conformance cases and
/// fails the random policies at once.)
/// </summary>
public sealed class EvaluationFuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 4000;

    /// <summary>Mutants whose evaluation runs longer than this end with eval_cancel, in both modes alike.</summary>
    private const long StepBudget = 50_000;

    private static readonly DateTimeOffset FixedNow = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Mutated_policies_evaluate_the_same_interpreted_and_compiled()
    {
        var cases = ConformanceParseTests.Cases.Value
            .Where(c => c.Modules is { Count: > 0 } && !ReadsOutsideThePolicy(c))
            .ToList();
        var rng = new Random(20261207);
        int compiled = 0, rejected = 0, budget = 0;
        var mismatches = new List<string>();
        for (var i = 0; i < Iterations && mismatches.Count < 5; i++)
        {
            var c = cases[rng.Next(cases.Count)];
            var modules = c.Modules!.ToArray();
            var m = rng.Next(modules.Length);
            for (var k = 1 + rng.Next(3); k > 0; k--) modules[m] = Mutate(modules[m], rng);

            var input = c.InputTerm is null ? c.Input : ConformanceRunner.GroundValue(RegoParser.ParseTerm(c.InputTerm));
            var interpreted = Outcome(modules, c.Query, c.Data, input, c.StrictError, codegenThreshold: -1);
            if (interpreted is null)
            {
                rejected++;
                continue;
            }
            compiled++;
            var generated = Outcome(modules, c.Query, c.Data, input, c.StrictError, codegenThreshold: 0);
            // The step count at which the budget runs out is not part of the contract between the two modes.
            if (interpreted.Contains("eval_cancel", StringComparison.Ordinal) || generated!.Contains("eval_cancel", StringComparison.Ordinal))
            {
                budget++;
                continue;
            }
            if (interpreted != generated)
            {
                mismatches.Add($"{c.Note}, query {c.Query}\n--- module ---\n{modules[m]}\n--- interpreted ---\n{interpreted}\n--- compiled ---\n{generated}");
            }
        }
        output.WriteLine($"{Iterations} mutants: {compiled} compiled and evaluated in both modes ({budget} hit the step budget), {rejected} rejected by the compiler");
        mismatches.ShouldBeEmpty(string.Join("\n\n", mismatches));
        compiled.ShouldBeGreaterThan(Iterations / 4, "the mutations should leave many policies compilable, or this test tests little");
    }

    /// <summary>
    /// Random policies over random inputs (see <see cref="RandomPolicyGenerator"/>): each policy is prepared
    /// interpreted, compiled, and interpreted without function inlining and rule indexing, and evaluated on the same inputs, with builtin
    /// errors lenient and strict.
    /// </summary>
    [Fact]
    public void Random_policies_evaluate_the_same_interpreted_and_compiled()
    {
        var gen = new RandomPolicyGenerator(new Random(20261208));
        int policies = 0, rejected = 0, evaluations = 0, errors = 0, inlining = 0, indexed = 0;
        var mismatches = new List<string>();
        for (var p = 0; p < 400 && mismatches.Count < 3; p++)
        {
            var modules = new[] { gen.Module(), gen.SecondModule() };
            var query = gen.Query();
            var data = gen.Data();
            var interpreted = Prepare(modules, query, data, codegenThreshold: -1);
            if (interpreted is null)
            {
                rejected++;
                continue;
            }
            policies++;
            var compiled = Prepare(modules, query, data, codegenThreshold: 0)!;
            var notInlined = PrepareWithout(modules, query, data, indexRules: true);
            var notIndexed = PrepareWithout(modules, query, data, indexRules: false);
            var rewritten = Compiler.CompileModules([.. modules.Select((m, i) => RegoParser.ParseModule($"fuzz{i}.rego", m))], BuiltinRegistry.Default);
            if (Compiler.InlinedCallSites(rewritten).Count > 0) inlining++;
            if (HasIndex(rewritten.Root)) indexed++;
            for (var i = 0; i < 12; i++)
            {
                var input = gen.Input();
                var strict = i % 3 == 0;
                // A fresh preparation for the reference run, so that documents shared between evaluations of one
                // prepared query (those that read neither input nor clock) are checked against a cold start too.
                var a = Evaluate(i == 0 ? interpreted : Prepare(modules, query, data, codegenThreshold: -1)!, input, strict);
                var b = Evaluate(compiled, input, strict);
                var c = Evaluate(notInlined, input, strict);
                // As in OPA (whose index reads every equality of a body, and else branches too), the index skips a
                // rule or else branch whose equality on the input fails, even where a literal ahead of that equality
                // would have raised an error (a strict builtin error, a conflict in a function it calls). So the index
                // may take errors away, never change a result: the run without it compares when it ends without error.
                var d = Evaluate(notIndexed, input, strict);
                var indexMayDiffer = d.Contains("\nerror ", StringComparison.Ordinal);
                evaluations++;
                if (a.Contains("\nerror ", StringComparison.Ordinal)) errors++;
                if (a != b || a != c || (a != d && !indexMayDiffer))
                {
                    mismatches.Add($"--- modules ---\n{string.Join("\n", modules)}\n--- query ---\n{query}\n--- data ---\n{RegoJson.ToJson(data)}\n--- input (strict {strict}) ---\n{RegoJson.ToJson(input)}\n" +
                        $"--- interpreted ---\n{a}\n--- compiled ---\n{b}\n--- interpreted, not inlined ---\n{c}\n--- interpreted, not inlined, not indexed ---\n{d}");
                    break;
                }
            }
        }
        output.WriteLine($"{policies} random policies ({rejected} rejected by the compiler, {inlining} with inlined calls, {indexed} with indexed rules), {evaluations} evaluations in each mode, {errors} ending in an error");
        mismatches.ShouldBeEmpty(string.Join("\n\n", mismatches));
        policies.ShouldBeGreaterThan(300, "the generator should produce policies that compile");
        inlining.ShouldBeGreaterThan(policies / 10, "the generator should write functions the compiler inlines");
        indexed.ShouldBeGreaterThan(policies / 10, "the generator should write rules the compiler indexes");
    }

    /// <summary>
    /// The same prepared query decided from four threads at once while its rule bodies reach the code generator's
    /// threshold and compile in the background, documents shared between evaluations are filled in by whichever
    /// thread gets there first, and each thread reuses its own evaluator. Every answer must be the answer a fresh,
    /// single-threaded, interpreted evaluation gives for that input.
    /// </summary>
    [Fact]
    public void Random_policies_decide_the_same_from_several_threads_while_compiling()
    {
        var gen = new RandomPolicyGenerator(new Random(20261209));
        var checkedPolicies = 0;
        var mismatches = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var p = 0; p < 60 && mismatches.IsEmpty; p++)
        {
            var modules = new[] { gen.Module(), gen.SecondModule() };
            var (query, data) = (gen.Query(), gen.Data());
            if (Prepare(modules, query, data, codegenThreshold: -1) is null) continue;
            checkedPolicies++;
            var inputs = Enumerable.Range(0, 16).Select(_ => gen.Input()).ToArray();
            // Odd inputs are decided with strict builtin errors: errors are per evaluation, never carried to the next one.
            var expected = inputs.Select((input, k) => Evaluate(Prepare(modules, query, data, codegenThreshold: -1)!, input, strict: k % 2 == 1)).ToArray();
            var shared = Prepare(modules, query, data, codegenThreshold: 4)!;
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
            {
                for (var round = 0; round < 10; round++)
                {
                    for (var i = 0; i < inputs.Length; i++)
                    {
                        var k = (i + t * 5 + round) % inputs.Length;
                        var got = Evaluate(shared, inputs[k], strict: k % 2 == 1);
                        if (got != expected[k]) mismatches.Enqueue($"--- modules ---\n{string.Join("\n", modules)}\n--- query ---\n{query}\n--- input ---\n{RegoJson.ToJson(inputs[k])}\n--- expected ---\n{expected[k]}\n--- thread {t} got ---\n{got}");
                    }
                }
            });
        }
        output.WriteLine($"{checkedPolicies} random policies, each decided 640 times from 4 threads");
        mismatches.Take(2).ShouldBeEmpty();
        checkedPolicies.ShouldBeGreaterThan(40);
    }

    private static PreparedQuery? Prepare(string[] modules, string query, RegoValue data, int codegenThreshold)
    {
        var engine = new RegoEngine { CodegenThreshold = codegenThreshold };
        try
        {
            for (var i = 0; i < modules.Length; i++) engine.AddModule($"fuzz{i}.rego", modules[i]);
            engine.SetData(data);
            return engine.Prepare(query);
        }
        catch (Exception e) when (e is RegoException or RegoParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// The policy compiled without some of the compiler's rewrites, interpreted: calls of small functions left as
    /// calls (see Compiler.Inlining), and maybe rules not indexed on input values (see Compiler.Indexing).
    /// </summary>
    private static PreparedQuery PrepareWithout(string[] modules, string query, RegoValue data, bool indexRules)
    {
        var policy = Compiler.CompileModules([.. modules.Select((m, i) => RegoParser.ParseModule($"fuzz{i}.rego", m))], BuiltinRegistry.Default,
            inlineFunctions: false, codegenThreshold: -1, indexRules: indexRules);
        return new PreparedQuery(query, policy, Compiler.CompileQuery(policy, RegoParser.ParseQuery(query), valueMode: true), data);
    }

    private static bool HasIndex(DataNode node) =>
        node.Index is not null || node.Rules.Any(r => r.IndexRef is not null) || node.SortedChildren.Any(HasIndex);

    /// <summary>Cases whose result depends on the clock, randomness or the host: the two runs could differ for that alone.</summary>
    private static bool ReadsOutsideThePolicy(ConformanceCase c) =>
        c.Modules!.Append(c.Query).Any(t => t.Contains("uuid.", StringComparison.Ordinal) || t.Contains("rand.", StringComparison.Ordinal) ||
            t.Contains("now_ns", StringComparison.Ordinal) || t.Contains("opa.runtime", StringComparison.Ordinal) ||
            t.Contains("test.sleep", StringComparison.Ordinal) || t.Contains("http.send", StringComparison.Ordinal));

    /// <summary>How the query ends: its results, or its error. Null when the modules or query do not compile.</summary>
    private static string? Outcome(string[] modules, string queryText, RegoValue? data, RegoValue? input, bool strict, int codegenThreshold)
    {
        var engine = new RegoEngine { CodegenThreshold = codegenThreshold };
        PreparedQuery query;
        try
        {
            for (var i = 0; i < modules.Length; i++) engine.AddModule($"test-{i}.rego", modules[i]);
            if (data is RegoObject o) engine.SetData(o);
            query = engine.Prepare(queryText);
        }
        catch (Exception e) when (e is RegoException or RegoParseException)
        {
            return null;
        }
        return Evaluate(query, input, strict);
    }

    private static string Evaluate(PreparedQuery query, RegoValue? input, bool strict)
    {
        var options = new EvaluationOptions
        {
            StrictBuiltinErrors = strict,
            StepBudget = StepBudget,
            Time = new FixedTime(FixedNow),
        };
        var results = new List<string>();
        try
        {
            query.Evaluate(input, options, b =>
            {
                results.Add(string.Join(", ", b.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={RegoJson.ToJson(kv.Value)}")));
                return true;
            });
            return string.Join("\n", results);
        }
        catch (RegoException e)
        {
            // Solutions delivered before the error are part of the outcome too.
            return string.Join("\n", results) + $"\nerror {e.Code}: {e.Message}";
        }
    }

    /// <summary>Replace a token with another of the same kind from the module, delete one, or repeat one.</summary>
    private static string Mutate(string text, Random rng)
    {
        var tokens = Lexer.Tokenize(text).Where(t => t.End > t.Start && t.Kind is not (TokenKind.Eof or TokenKind.Illegal)).ToList();
        if (tokens.Count == 0) return text;
        var a = tokens[rng.Next(tokens.Count)];
        switch (rng.Next(6))
        {
            case 0:
                return text.Remove(a.Start, a.End - a.Start);
            case 1:
                return text.Insert(a.End, " " + text[a.Start..a.End]);
            default:
            {
                var sameKind = tokens.Where(t => Kin(t.Kind) == Kin(a.Kind)).ToList();
                var b = sameKind[rng.Next(sameKind.Count)];
                return new StringBuilder(text).Remove(a.Start, a.End - a.Start).Insert(a.Start, text[b.Start..b.End]).ToString();
            }
        }
    }

    /// <summary>Kinds that can stand in for each other: comparison operators, arithmetic operators, other tokens by themselves.</summary>
    private static int Kin(TokenKind k) => k switch
    {
        TokenKind.Equal or TokenKind.Neq or TokenKind.Lt or TokenKind.Lte or TokenKind.Gt or TokenKind.Gte => 1000,
        TokenKind.Add or TokenKind.Sub or TokenKind.Mul or TokenKind.Quo or TokenKind.Rem or TokenKind.And or TokenKind.Or => 1001,
        TokenKind.Unify or TokenKind.Assign => 1002,
        _ => (int)k,
    };
}
