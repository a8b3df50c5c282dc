using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Rego;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Benchmarks.Micro;

/// <summary>
/// The Rego admission decision: Policies/admission.rego (50+ rules) over an input with manifest, config and
/// signatures. One decision = evaluating data.gateway.admission.deny. Single-threaded, so decisions/s here is
/// on one core (1 / Mean).
/// </summary>
[MemoryDiagnoser]
public class RegoAdmissionBenchmarks
{
    private string _policy = "";
    private RegoValue _input = RegoNull.Instance;
    private byte[] _inputUtf8 = [];
    private PreparedQuery _deny = null!;
    private PreparedQuery _denyInterpreted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Policies");
        _policy = File.ReadAllText(Path.Combine(dir, "admission.rego"));
        var inputJson = File.ReadAllText(Path.Combine(dir, "admission-input.json"));
        _input = RegoJson.Parse(inputJson);
        _inputUtf8 = Encoding.UTF8.GetBytes(inputJson);
        _deny = PolicyFixture.Prepare(("admission.rego", _policy));
        PolicyFixture.CheckDecision(_deny, _input, dir);
        HandWrittenAdmissionCheck.Verify(_deny, inputJson);
        _denyInterpreted = PolicyFixture.Prepare(codegenThreshold: -1, ("admission.rego", _policy));
        PolicyFixture.CheckDecision(_denyInterpreted, _input, dir);
    }

    /// <summary>
    /// One admission decision as the gateway runs it: rule bodies are compiled to IL once they have run 16 times,
    /// which the warm-up does (inputs are immutable, so one input document serves every decision).
    /// </summary>
    [Benchmark]
    public int Decision() => PolicyFixture.DenyCount(_deny, _input);

    /// <summary>
    /// The decision as the gateway pays for it per request: the input arrives as JSON (the manifest and image config as
    /// pushed) and is converted to Rego values first.
    /// </summary>
    [Benchmark]
    public int DecisionFromJson() => PolicyFixture.DenyCount(_deny, RegoJson.Parse(_inputUtf8));

    /// <summary>The same decision with code generation switched off: the interpreter alone.</summary>
    [Benchmark]
    public int DecisionInterpreted() => PolicyFixture.DenyCount(_denyInterpreted, _input);

    /// <summary>
    /// The same decision by hand-written C# over the same value types (<see cref="HandWrittenAdmission"/>): the
    /// floor for any compiler that keeps this value model.
    /// </summary>
    [Benchmark]
    public int HandWrittenFloor() => HandWrittenAdmission.Deny(_input).Count;

    /// <summary>Parse and compile the policy and prepare the deny query: what a policy reload costs.</summary>
    [Benchmark]
    public PreparedQuery ParseAndCompile() => PolicyFixture.Prepare(("admission.rego", _policy));
}

/// <summary>Admission latency as the number of policy modules grows (each extra module adds its own deny rules).</summary>
[MemoryDiagnoser]
public class RegoModuleScalingBenchmarks
{
    private RegoValue _input = RegoNull.Instance;
    private PreparedQuery _deny = null!;

    [Params(1, 10, 100)]
    public int Modules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Policies");
        _input = RegoJson.Parse(File.ReadAllText(Path.Combine(dir, "admission-input.json")));
        var modules = new List<(string, string)> { ("admission.rego", File.ReadAllText(Path.Combine(dir, "admission.rego"))) };
        for (var i = 1; i < Modules; i++) modules.Add(($"extra-{i}.rego", ExtraModule(i)));
        _deny = PolicyFixture.Prepare([.. modules]);
        PolicyFixture.CheckDecision(_deny, _input, dir);
    }

    [Benchmark]
    public int Decision() => PolicyFixture.DenyCount(_deny, _input);

    /// <summary>A team's module: blocks its own repositories, labels and base images (three rules).</summary>
    private static string ExtraModule(int i) => new StringBuilder()
        .Append("package gateway.admission\nimport rego.v1\n")
        .Append($"deny contains \"team {i}: repository is frozen\" if input.repository == \"team{i}/frozen\"\n")
        .Append($"deny contains msg if {{\n  input.config.config.Labels[\"team{i}.blocked\"]\n  msg := \"team {i}: blocked label\"\n}}\n")
        .Append($"deny contains msg if {{\n  some l in input.manifest.layers\n  l.digest == \"sha256:{i:x64}\"\n  msg := sprintf(\"team {i}: layer %s is revoked\", [l.digest])\n}}\n")
        .ToString();
}

internal static class PolicyFixture
{
    public static PreparedQuery Prepare(params (string Name, string Text)[] modules) =>
        Prepare(CompiledPolicy.DefaultCodegenThreshold, modules);

    public static PreparedQuery Prepare(int codegenThreshold, params (string Name, string Text)[] modules)
    {
        var engine = new RegoEngine { CodegenThreshold = codegenThreshold };
        foreach (var (name, text) in modules) engine.AddModule(name, text);
        return engine.Prepare("data.gateway.admission.deny");
    }

    public static int DenyCount(PreparedQuery deny, RegoValue input) =>
        deny.Evaluate(input).Value is RegoSet set ? set.Count : -1;

    /// <summary>
    /// Guards the benchmark against measuring a policy that silently does nothing: the realistic input is
    /// admitted, and the same input with a "latest" tag and an unsigned image is denied.
    /// </summary>
    public static void CheckDecision(PreparedQuery deny, RegoValue input, string dir)
    {
        var admitted = deny.Evaluate(input).Value;
        if (admitted is not RegoSet { Count: 0 })
            throw new InvalidOperationException($"the benchmark input should be admitted, got {RegoJson.ToJson(admitted ?? RegoNull.Instance)}");
        var badText = File.ReadAllText(Path.Combine(dir, "admission-input.json"))
            .Replace("\"tag\": \"v1.4.2\"", "\"tag\": \"latest\"", StringComparison.Ordinal)
            .Replace("\"verified\": true", "\"verified\": false", StringComparison.Ordinal);
        var denied = deny.Evaluate(RegoJson.Parse(badText)).Value;
        if (denied is not RegoSet { Count: >= 3 } d)
            throw new InvalidOperationException($"a latest-tagged image with unverified signatures should be denied, got {RegoJson.ToJson(denied ?? RegoNull.Instance)}");
        _ = d;
    }
}
