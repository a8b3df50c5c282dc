using System.CommandLine;
using Gateway.Rego;
using Gateway.Rego.Conformance;
using Gateway.Rego.Loading;
using Gateway.Rego.Testing;
using Gateway.Rego.Values;

namespace Gateway.Cli.Commands;

/// <summary><c>gateway policy eval|test|conformance</c>: author and check Rego policy offline.</summary>
internal static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "evaluate, test and check Rego policies");
        // System.CommandLine options belong to one command each, so every command gets fresh ones.
        policy.Subcommands.Add(Eval(DataOption(), InputOption(), InputFromOption(), ActionOption()));
        policy.Subcommands.Add(PolicyExplainCommand.Create(DataOption(), InputOption(), InputFromOption(), ActionOption()));
        policy.Subcommands.Add(Test());
        policy.Subcommands.Add(Conformance());
        return policy;
    }

    private static Option<string[]> DataOption() =>
        new("--data", "-d") { Description = "a .rego/.json/.yaml file or a folder of them (repeatable)", Arity = ArgumentArity.ZeroOrMore };

    private static Option<string?> InputOption() => new("--input", "-i") { Description = "a JSON file to use as input" };

    private static Option<string?> InputFromOption() =>
        new("--input-from") { Description = "fetch the real admission input of an image from a running gateway: REGISTRY/REPO:TAG or REGISTRY/REPO@DIGEST" };

    private static Option<string> ActionOption() =>
        new("--action") { Description = "with --input-from: push, pull, tag or delete", DefaultValueFactory = _ => "pull" };

    /// <summary>The input document: a JSON file, or the real one from a running gateway, or none.</summary>
    internal static async Task<RegoValue?> ReadInputAsync(string? file, string? from, string action, CancellationToken ct)
    {
        if (file is not null && from is not null) throw new ArgumentException("give --input or --input-from, not both");
        if (file is not null) return RegoJson.Parse(await File.ReadAllTextAsync(file, ct));
        return from is null ? null : await PolicyInputSource.FetchAsync(from, action, ct);
    }

    private static Command Eval(Option<string[]> data, Option<string?> input, Option<string?> inputFrom, Option<string> action)
    {
        var strict = new Option<bool>("--strict-builtin-errors") { Description = "builtin errors fail the query instead of making it undefined" };
        var query = new Argument<string>("query") { Description = "a Rego query, e.g. data.gateway.admission.deny" };
        var command = new Command("eval", "evaluate a query and print the results as JSON") { data, input, inputFrom, action, strict, query };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var sources = PolicyLoader.Load(parse.GetValue(data) ?? []);
                var engine = PolicyLoader.CreateEngine(sources);
                var inputValue = await ReadInputAsync(parse.GetValue(input), parse.GetValue(inputFrom), parse.GetValue(action)!, ct);
                var result = engine.Evaluate(parse.GetValue(query)!, inputValue, new EvaluationOptions
                {
                    StrictBuiltinErrors = parse.GetValue(strict),
                    PrintOutput = Console.Error,
                });
                Console.WriteLine(ResultJson(result));
                return 0;
            }
            catch (Exception e) when (e is RegoException or IOException or ArgumentException or HttpRequestException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>Results as <c>opa eval</c> prints them: {"result":[{"expressions":[...], "bindings":{...}}]}, trimmed to what the query defines.</summary>
    private static string ResultJson(QueryResult result)
    {
        var solutions = new List<RegoValue>();
        for (var i = 0; i < result.Bindings.Count; i++)
        {
            var entry = new Dictionary<RegoValue, RegoValue>();
            if (result.Values.Count > i) entry[new RegoString("value")] = result.Values[i];
            if (result.Bindings[i].Count > 0)
            {
                entry[new RegoString("bindings")] = new RegoObject(result.Bindings[i].ToDictionary(kv => (RegoValue)new RegoString(kv.Key), kv => kv.Value));
            }
            solutions.Add(new RegoObject(entry));
        }
        return RegoJson.ToJson(new RegoObject(new Dictionary<RegoValue, RegoValue> { [new RegoString("result")] = new RegoArray(solutions.ToArray()) }), indented: true);
    }

    private static Command Test()
    {
        var paths = new Argument<string[]>("paths") { Description = "folders or files holding policies, *_test.rego tests and data", Arity = ArgumentArity.OneOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "print passing tests too" };
        var command = new Command("test", "run every test_* rule, like opa test") { paths, verbose };
        command.SetAction(parse =>
        {
            IReadOnlyList<PolicyTestResult> results;
            try
            {
                results = PolicyTestRunner.Run(PolicyLoader.Load(parse.GetValue(paths)!));
            }
            catch (Exception e) when (e is RegoException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            foreach (var r in results)
            {
                if (!r.Passed) Console.WriteLine($"FAIL {r.FullName} ({r.File}): {r.Error}");
                else if (parse.GetValue(verbose)) Console.WriteLine($"PASS {r.FullName} ({r.Duration.TotalMilliseconds:F1} ms)");
            }
            var failed = results.Count(r => !r.Passed);
            Console.WriteLine(results.Count == 0 ? "no tests found" : $"PASS: {results.Count - failed}/{results.Count}" + (failed > 0 ? $", FAIL: {failed}" : ""));
            return failed > 0 || results.Count == 0 ? 1 : 0;
        });
        return command;
    }

    private static Command Conformance()
    {
        var dir = new Argument<string>("dir") { Description = "a folder of OPA conformance case files (YAML)" };
        var reportOnly = new Option<bool>("--report-only") { Description = "exit 0 even when cases fail" };
        var compiled = new Option<bool>("--compiled")
        {
            Description = "compile every rule body to IL at its first run (evaluation otherwise compiles a body once it has run 16 times, so a single case runs interpreted)",
        };
        var command = new Command("conformance", "run OPA's YAML conformance cases and report failures") { dir, reportOnly, compiled };
        command.SetAction(parse =>
        {
            var results = ConformanceRunner.RunDirectory(parse.GetValue(dir)!, codegenThreshold: parse.GetValue(compiled) ? 0 : -1);
            var failed = 0;
            foreach (var r in results.Where(r => !r.Passed))
            {
                failed++;
                Console.WriteLine($"FAIL {r.Note}");
                Console.WriteLine($"  expected: {r.Expected}");
                Console.WriteLine($"  got:      {r.Got}");
            }
            Console.WriteLine($"{results.Count - failed} passed, {failed} failed");
            return failed > 0 && !parse.GetValue(reportOnly) ? 1 : 0;
        });
        return command;
    }
}
