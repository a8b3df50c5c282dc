using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

public sealed class EngineApiTests
{
    private const string Admission = """
        package gateway.admission

        deny contains msg if {
            input.action == "push"
            not input.image.signed
            msg := sprintf("image %s is not signed", [input.image.ref])
        }

        deny contains "registry not allowed" if {
            not input.image.registry in data.registries
        }

        allow if count(deny) == 0
        """;

    [Fact]
    public void Ref_query_reports_the_value_of_a_partial_set()
    {
        var e = Engine(Admission);
        e.AddDataJson("""{"registries": ["acr.example"]}""");
        var q = e.Prepare("data.gateway.admission.deny");

        var r = q.Evaluate(Json("""{"action": "push", "image": {"ref": "acr.example/app:1", "registry": "other"}}"""));

        r.IsDefined.ShouldBeTrue();
        r.Value.ShouldBe(RegoSet.Of([new RegoString("image acr.example/app:1 is not signed"), new RegoString("registry not allowed")]));
        r.Bindings.Single().Count.ShouldBe(0);
    }

    [Fact]
    public void Ref_query_reports_false_values()
    {
        var e = Engine("package p\nallow := false");
        var r = e.Prepare("data.p.allow").Evaluate();
        r.Value.ShouldBe(RegoBool.False);
    }

    [Fact]
    public void Undefined_query_has_no_solutions()
    {
        var r = Engine("package p\nallow if input.x == 1").Prepare("data.p.allow").Evaluate(Json("""{"x": 2}"""));
        r.IsDefined.ShouldBeFalse();
        r.Value.ShouldBeNull();
        r.Bindings.ShouldBeEmpty();
    }

    [Fact]
    public void Query_variables_are_reported_per_solution()
    {
        var q = Engine("package p\nxs := [10, 20]").Prepare("some i; x := data.p.xs[i]");
        q.Variables.ShouldBe(["i", "x"], ignoreOrder: true);
        var r = q.Evaluate();
        r.Bindings.Count.ShouldBe(2);
        r.Bindings[0]["i"].ShouldBe(RegoNumber.Of(0));
        r.Bindings[0]["x"].ShouldBe(RegoNumber.Of(10));
        r.Bindings[1]["x"].ShouldBe(RegoNumber.Of(20));
        r.Values.ShouldBeEmpty();
    }

    [Fact]
    public void Wildcards_are_not_reported()
    {
        var r = Engine("package p\nxs := [1]").Prepare("data.p.xs[_] = x").Evaluate();
        r.Bindings.Single().Keys.ShouldBe(["x"]);
    }

    [Fact]
    public void Prepared_query_keeps_its_snapshot_of_modules_and_data()
    {
        var e = Engine("package p\nv := data.d");
        e.AddDataJson("""{"d": 1}""");
        var q = e.Prepare("data.p.v");
        e.AddDataJson("""{"d": 2}""");
        e.AddModule("test-0.rego", "package p\nv := 3");
        q.Evaluate().Value.ShouldBe(RegoNumber.Of(1));
        e.Prepare("data.p.v").Evaluate().Value.ShouldBe(RegoNumber.Of(3));
    }

    [Fact]
    public void Data_is_merged_deeply()
    {
        var e = Engine("package p\nv := data.a");
        e.AddDataJson("""{"a": {"b": 1}}""");
        e.AddDataJson("""{"a": {"c": 2}}""");
        e.Prepare("data.p.v").Evaluate().Value.ShouldBe(Json("""{"b": 1, "c": 2}"""));
    }

    [Fact]
    public void Parse_errors_are_rego_exceptions_with_the_parse_code()
    {
        var e = new RegoEngine();
        var ex = Should.Throw<RegoException>(() => e.AddModule("bad.rego", "package p\np if {"));
        ex.Code.ShouldBe(RegoErrorCodes.ParseError);
        ex.Location.File.ShouldBe("bad.rego");
    }

    [Fact]
    public void Same_prepared_query_evaluates_concurrently()
    {
        var q = Engine("""
            package p
            doubled := [y | some x in input.xs; y := x * 2]
            total := sum(doubled)
            """).Prepare("data.p.total");
        var failures = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var r = q.Evaluate(new RegoObject(new Dictionary<RegoValue, RegoValue>
            {
                [new RegoString("xs")] = new RegoArray([RegoNumber.Of(i), RegoNumber.Of(1)]),
            }));
            if (!RegoNumber.Of((i + 1) * 2).Equals(r.Value)) Interlocked.Increment(ref failures);
        });
        failures.ShouldBe(0);
    }

    [Fact]
    public void Print_writes_to_the_configured_output()
    {
        var sw = new StringWriter();
        var r = Engine("""
            package p
            allow if {
                print("user", input.user, "groups", input.groups, input.missing)
            }
            """).Prepare("data.p.allow").Evaluate(Json("""{"user": "alice", "groups": ["a"]}"""), new EvaluationOptions { PrintOutput = sw });
        r.Value.ShouldBe(RegoBool.True);
        sw.ToString().ShouldBe("user alice groups [\"a\"] <undefined>" + Environment.NewLine);
    }

    [Fact]
    public void Strict_builtin_errors_fail_the_query_with_location()
    {
        var module = "package p\n\nx := 1 / input.d";
        var lenient = Engine(module).Prepare("data.p.x").Evaluate(Json("""{"d": 0}"""));
        lenient.IsDefined.ShouldBeFalse();

        var ex = Should.Throw<RegoException>(() =>
            Engine(module).Prepare("data.p.x").Evaluate(Json("""{"d": 0}"""), new EvaluationOptions { StrictBuiltinErrors = true }));
        ex.Code.ShouldBe(RegoErrorCodes.EvalBuiltin);
        ex.Message.ShouldBe("test-0.rego:3: eval_builtin_error: div: divide by zero");
    }

    [Fact]
    public void Time_provider_is_honoured()
    {
        var time = new FixedTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var v = Engine("package p\nnow := time.now_ns()").Prepare("data.p.now").Evaluate(options: new EvaluationOptions { Time = time }).Value;
        v.ShouldBe(RegoNumber.Of(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L));
    }

    [Fact]
    public void Each_query_reads_the_clock_afresh_though_the_builtin_context_is_kept_between_queries()
    {
        // The evaluator keeps its builtin context for the next query with the same options: what the context cached
        // for one query (its "now", memoised random numbers) must not leak into the next.
        var time = new SteppingTime(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var options = new EvaluationOptions { Time = time, Random = new Random(7) };
        var q = Engine("package p\nnow := [time.now_ns(), time.now_ns()]\nr := rand.intn(\"k\", 1000000000)").Prepare("data.p");
        var first = (RegoObject)q.Evaluate(options: options).Value!;
        var second = (RegoObject)q.Evaluate(options: options).Value!;
        var a = (RegoArray)first.Get("now")!;
        var b = (RegoArray)second.Get("now")!;
        a[0].ShouldBe(a[1]);
        b[0].ShouldBe(b[1]);
        ((RegoNumber)b[0]).CompareTo(a[0]).ShouldBeGreaterThan(0);
        time.Reads.ShouldBe(2);
        // Two draws from one seeded generator: equal only if the second query saw the first one's memo.
        second.Get("r").ShouldNotBe(first.Get("r"));
    }

    private sealed class SteppingTime(DateTimeOffset start) : TimeProvider
    {
        public int Reads { get; private set; }
        public override DateTimeOffset GetUtcNow() => start.AddSeconds(++Reads);
    }
}
