using System.Diagnostics;
using Gateway.Rego.Ast;
using Gateway.Rego.Loading;
using Gateway.Rego.Values;

namespace Gateway.Rego.Testing;

/// <summary>The outcome of one <c>test_*</c> rule.</summary>
public sealed record PolicyTestResult(string Package, string Name, string File, bool Passed, string? Error, TimeSpan Duration)
{
    public string FullName => $"{Package}.{Name}";
}

/// <summary>
/// Runs Rego unit tests like <c>opa test</c>: every rule whose name starts with <c>test_</c> in a module
/// is evaluated; the test passes when the rule is defined and true. Each test is evaluated on its own, so
/// one failing (or erroring) test does not hide the others.
/// </summary>
public static class PolicyTestRunner
{
    public static IReadOnlyList<PolicyTestResult> Run(PolicySources sources, EvaluationOptions? options = null)
    {
        var engine = PolicyLoader.CreateEngine(sources);
        var results = new List<PolicyTestResult>();
        foreach (var module in sources.Modules)
        {
            var package = PackagePath(module);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in module.Rules)
            {
                var name = RuleName(rule);
                if (name is null || !name.StartsWith("test_", StringComparison.Ordinal) || !seen.Add(name)) continue;
                results.Add(RunOne(engine, package, name, module.FileName, options));
            }
        }
        return results;
    }

    private static PolicyTestResult RunOne(RegoEngine engine, string package, string name, string file, EvaluationOptions? options)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var result = engine.Evaluate($"{package}.{name}", null, options);
            var passed = result.Value is RegoBool { Value: true };
            var error = passed ? null : result.IsDefined ? $"evaluated to {result.Value}" : "undefined (a condition in the test body did not hold)";
            return new PolicyTestResult(package, name, file, passed, error, watch.Elapsed);
        }
        catch (RegoException e)
        {
            return new PolicyTestResult(package, name, file, false, e.Message, watch.Elapsed);
        }
    }

    private static string PackagePath(Module module) => RefNames.Dotted(module.Package.Path);

    /// <summary>The rule's name when its head is a plain name (test rules are never ref heads).</summary>
    private static string? RuleName(Rule rule) =>
        rule.Head.Ref.Path.Count == 0 && rule.Head.Ref.Head is VarTerm v && rule.Head.Args is null ? v.Name : null;
}
