using System.Runtime.CompilerServices;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Rule bodies compiled to IL (Evaluation/Codegen). Every conformance case also runs compiled (ConformanceTests.Compiled);
/// these tests prove that compilation really happens (and where it hands over to the interpreter), that tiering waits
/// for its threshold, and that compiled and interpreted evaluation agree on results, errors and limits.
/// </summary>
public sealed class CodegenTests
{
    private const string Mixed = """
        package p
        import rego.v1

        allowed := {"a", "b"}
        limit := 10
        names := [n | some item in input.items; n := item.name]
        by_name := {n: s | some item in input.items; n := item.name; s := item.size}
        big contains n if {
            some i, item in input.items
            item.size > limit
            n := sprintf("%d:%s", [i, item.name])
        }
        odd contains n if {
            some n, _ in by_name
            not n in allowed
            count(n) % 2 == 1
        }
        pairs contains [a, b] if {
            some x in input.items
            [a, b] := split(x.name, "-")
        }
        total := sum([s | some item in input.items; s := item.size])
        label(item) := "large" if item.size > limit
        else := "small"
        labels := {n: label(item) | some item in input.items; n := item.name}
        valid(s) if {
            count(s) > 0
            not startswith(s, "-")
        }
        invalid contains s if {
            some item in input.items
            s := item.name
            not valid(s)
        }
        all_small if every item in input.items { item.size <= limit }
        lowered contains n if {
            some item in input.items
            some pattern in ["x", "y"]
            contains(lower(item.name), pattern)
            n := item.name
        }
        first := input.items[0].name
        keyed := big["0:a"]
        sizes[n] := s if {
            some item in input.items
            n := item.name
            s := item.size
        }
        """;

    private static readonly string[] Rules = ["names", "by_name", "big", "odd", "pairs", "total", "labels", "invalid", "all_small", "lowered", "first", "keyed", "sizes"];

    [Fact]
    public void Compiled_and_interpreted_agree_on_random_inputs()
    {
        var interpreted = Prepare(Mixed, "data.p", threshold: -1);
        var compiled = Prepare(Mixed, "data.p", threshold: 0);
        var rnd = new Random(7);
        for (var n = 0; n < 300; n++)
        {
            var input = RandomInput(rnd);
            var want = Outcome(interpreted.Query, input);
            var got = Outcome(compiled.Query, input);
            got.ShouldBe(want, $"input {RegoJson.ToJson(input)}");
        }
        // The loops above really ran compiled: every rule body that ran has code and none hands literals to the interpreter.
        foreach (var name in Rules)
        {
            var rule = RuleOf(compiled.Policy, name);
            rule.Code.Body.ShouldNotBeNull(name);
            rule.Code.InterpretedLiterals.ShouldBe(0, name);
        }
    }

    [Fact]
    public async Task Concurrent_decisions_agree_with_the_interpreter_while_bodies_compile_in_the_background()
    {
        var interpreted = Prepare(Mixed, "data.p", threshold: -1);
        var tiered = Prepare(Mixed, "data.p", threshold: 2);
        var rnd = new Random(11);
        var inputs = Enumerable.Range(0, 40).Select(_ => RandomInput(rnd)).ToArray();
        var expected = inputs.Select(i => Outcome(interpreted.Query, i)).ToArray();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            var mismatches = 0;
            for (var n = 0; n < 400; n++)
            {
                var k = (n * 7 + w) % inputs.Length;
                if (Outcome(tiered.Query, inputs[k]) != expected[k]) mismatches++;
            }
            return mismatches;
        })).ToArray();
        (await Task.WhenAll(workers)).Sum().ShouldBe(0);
        SpinWait.SpinUntil(() => Rules.All(n => RuleOf(tiered.Policy, n).Code.Body is not null), TimeSpan.FromSeconds(30)).ShouldBeTrue();
        for (var k = 0; k < inputs.Length; k++) Outcome(tiered.Query, inputs[k]).ShouldBe(expected[k]);
    }

    [Fact]
    public void Bodies_compile_in_the_background_only_after_the_threshold()
    {
        var (policy, query) = Prepare("package p\nimport rego.v1\nx if input.a == 1\n", "data.p.x", threshold: 3);
        var rule = RuleOf(policy, "x");
        var input = RegoJson.Parse("""{"a": 1}""");
        for (var i = 0; i < 3; i++)
        {
            query.Evaluate(input).Value.ShouldBe(RegoBool.True);
            rule.Code.Body.ShouldBeNull();
        }
        // The fourth run starts compilation on the thread pool and is itself interpreted; later runs use the code.
        query.Evaluate(input).Value.ShouldBe(RegoBool.True);
        SpinWait.SpinUntil(() => rule.Code.Body is not null, TimeSpan.FromSeconds(30)).ShouldBeTrue();
        query.Evaluate(RegoJson.Parse("""{"a": 2}""")).Value.ShouldBeNull();
        query.Evaluate(input).Value.ShouldBe(RegoBool.True);
    }

    [Fact]
    public void A_with_literal_and_what_follows_it_are_handed_to_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            f(x) := x + 1
            r contains y if {
                some x in input.xs
                y := f(x) with input.unused as 1
                y > 2
            }
            """;
        var (policy, query) = Prepare(module, "data.p.r", threshold: 0);
        query.Evaluate(RegoJson.Parse("""{"xs": [1, 2, 3]}""")).Value.ShouldBe(RegoJson.Parse("[3, 4]").ToSet());
        var rule = RuleOf(policy, "r");
        rule.Code.Body.ShouldNotBeNull();
        rule.Code.InterpretedLiterals.ShouldBe(1);
    }

    [Fact]
    public void Rules_evaluated_under_a_mock_run_interpreted_and_see_the_mock()
    {
        const string module = """
            package p
            import rego.v1
            double(x) := x * 2
            r contains y if {
                some x in input.xs
                y := double(x)
            }
            """;
        var (_, plain) = Prepare(module, "data.p.r", threshold: 0);
        var input = RegoJson.Parse("""{"xs": [1, 2]}""");
        plain.Evaluate(input).Value.ShouldBe(RegoJson.Parse("[2, 4]").ToSet());
        var (_, mocked) = Prepare(module, "data.p.r with data.p.double as 0", threshold: 0);
        mocked.Evaluate(input).Value.ShouldBe(RegoJson.Parse("[0]").ToSet());
        plain.Evaluate(input).Value.ShouldBe(RegoJson.Parse("[2, 4]").ToSet());
    }

    [Fact]
    public void Strict_builtin_errors_are_the_same_in_both_modes()
    {
        const string module = """
            package p
            import rego.v1
            r contains z if {
                some x in input.xs
                z := 10 / x
            }
            """;
        var strict = new EvaluationOptions { StrictBuiltinErrors = true };
        var input = RegoJson.Parse("""{"xs": [1, 0, 2]}""");
        var interpreted = Should.Throw<RegoException>(() => Prepare(module, "data.p.r", -1).Query.Evaluate(input, strict));
        var compiled = Should.Throw<RegoException>(() => Prepare(module, "data.p.r", 0).Query.Evaluate(input, strict));
        compiled.Message.ShouldBe(interpreted.Message);
        compiled.Code.ShouldBe(interpreted.Code);
        compiled.Message.ShouldContain("divide by zero");
        // Not strict: the failing element is undefined, the others remain.
        Prepare(module, "data.p.r", 0).Query.Evaluate(input).Value.ShouldBe(RegoJson.Parse("[10, 5]").ToSet());
    }

    [Fact]
    public void The_step_budget_stops_compiled_loops()
    {
        const string module = """
            package p
            import rego.v1
            n := count([x | some x in numbers.range(1, input.n); x % 7 == 0])
            """;
        var (_, query) = Prepare(module, "data.p.n", threshold: 0);
        var input = RegoJson.Parse("""{"n": 100000}""");
        query.Evaluate(input).Value.ShouldBe(RegoNumber.Of(14285));
        var e = Should.Throw<RegoException>(() => query.Evaluate(input, new EvaluationOptions { StepBudget = 10_000 }));
        e.Code.ShouldBe(RegoErrorCodes.EvalCancel);
    }

    [Fact]
    public void The_admission_benchmark_policy_runs_compiled_with_nothing_interpreted()
    {
        var dir = Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "Gateway.Benchmarks", "Policies");
        var module = File.ReadAllText(Path.Combine(dir, "admission.rego"));
        var inputText = File.ReadAllText(Path.Combine(dir, "admission-input.json"));
        var interpreted = Prepare(module, "data.gateway.admission", threshold: -1);
        var compiled = Prepare(module, "data.gateway.admission", threshold: 0);
        string[] variants =
        [
            inputText,
            inputText.Replace("\"tag\": \"v1.4.2\"", "\"tag\": \"latest\"", StringComparison.Ordinal),
            inputText.Replace("\"verified\": true", "\"verified\": false", StringComparison.Ordinal),
            inputText.Replace("\"action\": \"push\"", "\"action\": \"pull\"", StringComparison.Ordinal),
            inputText.Replace("prod/", "dev/", StringComparison.Ordinal),
            inputText.Replace("\"amd64\"", "\"s390x\"", StringComparison.Ordinal),
        ];
        foreach (var text in variants)
        {
            var input = RegoJson.Parse(text);
            Outcome(compiled.Query, input).ShouldBe(Outcome(interpreted.Query, input));
        }
        Outcome(compiled.Query, RegoJson.Parse(variants[1])).ShouldContain("latest is not allowed");
        var deny = Compiler.FindNode(compiled.Policy.Root, [new RegoString("gateway"), new RegoString("admission"), new RegoString("deny")])!;
        deny.Rules.Count.ShouldBeGreaterThan(40);
        foreach (var rule in deny.Rules.Where(r => r.Code.Body is not null)) rule.Code.InterpretedLiterals.ShouldBe(0, $"rule at {rule.Loc}");
        deny.Rules.Count(r => r.Code.Body is null).ShouldBeLessThan(3); // rules skipped by indexing on input.tag never run
        // Every compiled rule keeps its variables in locals: none needs a frame.
        var framed = deny.Rules.Where(r => r.Code.Body is not null && !r.Code.FrameFree).Select(r => r.Loc.Row).ToArray();
        framed.ShouldBeEmpty($"rules at rows {string.Join(", ", framed)} keep a frame");
    }

    [Fact]
    public void Short_functions_are_generated_in_place_and_agree_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            between(x, lo, hi) if {
                x >= lo
                x <= hi
            }
            span(a, b) := d if {
                d := b - a
                d >= 0
            }
            wide(a, b) if {
                s := span(a, b)
                s > 2
            }
            ratio(a, b) := a / b if {
                b != 0
                true
            }
            with_default(x) := x * 2 if {
                x > 1
                x < 100
            }
            default with_default(_) := 0
            first(xs) := x if {
                some x in xs
                x > 0
            }
            in_range contains x if {
                some x in input.xs
                between(x, input.lo, input.hi)
            }
            spans contains [x, s] if {
                some x in input.xs
                s := span(input.lo, x)
            }
            wides contains x if {
                some x in input.xs
                wide(input.lo, x)
            }
            ratios contains r if {
                some x in input.xs
                r := ratio(x, input.lo)
            }
            doubled contains d if {
                some x in input.xs
                d := with_default(x)
            }
            firsts := first(input.ys)
            grade(x, limit) := "high" if {
                x > limit
                x < 1000
            } else := "low" if {
                x >= 0
            } else := "negative"
            grades contains [x, g] if {
                some x in input.xs
                g := grade(x, input.lo)
            }
            # The first element succeeds with an undefined head for an object of kind "a" without a name: no else then.
            name_of(x) := x.name if {
                x.kind == "a"
            } else := x
            names contains n if {
                some x in input.things
                n := name_of(x)
            }
            """;
        string[] inputs =
        [
            """{"xs": [1, 5, 3, 9], "lo": 2, "hi": 6, "ys": [0, 4]}""",
            """{"xs": [4, 1, 7], "lo": 0, "hi": 4, "ys": []}""",
            """{"xs": [2, 2, -3], "lo": 3, "hi": 1}""",
            """{"xs": ["a", 3, null, 4], "lo": 1, "hi": "z"}""",
            """{"xs": [0, 0], "lo": 0}""",
            """{"xs": [], "lo": 5, "hi": 6}""",
            """{"xs": [-1, 2000, 7], "lo": 5, "things": [{"kind": "a", "name": "n1"}, {"kind": "a"}, {"kind": "b"}, 3]}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        // The parameters take their own arguments: 3 and 5 are between 2 and 6, 1 and 9 are not.
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"in_range\":[3,5]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"wides\":[5,9]");
        // A function with a loop in its body can give two values: it goes through the evaluator, conflict and all.
        Outcome(compiled.Query, RegoJson.Parse("""{"xs": [1], "ys": [1, 2]}""")).ShouldContain("functions must not produce multiple outputs");
        // The inlined functions' own bodies never ran: every call was generated in place.
        Outcome(compiled.Query, RegoJson.Parse(inputs[^1])).ShouldContain("\"grades\":[[-1,\"negative\"],[7,\"high\"],[2000,\"low\"]]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[^1])).ShouldContain("\"names\":[3,\"n1\",{\"kind\":\"b\"}]");
        foreach (var name in new[] { "between", "span", "wide", "ratio", "grade", "name_of" })
        {
            RuleOf(compiled.Policy, name).Code.Runs.ShouldBe(0, name);
        }
        RuleOf(compiled.Policy, "with_default").Code.Runs.ShouldBeGreaterThan(0);
        RuleOf(compiled.Policy, "first").Code.Runs.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Count_and_sum_of_an_array_comprehension_run_without_the_array_and_agree_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            total := sum([x.size | some x in input.items])
            counted := count([x | some x in input.items; x.size > 1])
            per_group contains [g, s] if {
                some g in input.groups
                s := sum([x.size | some x in input.items; x.group == g])
            }
            per_group_count contains [g, n] if {
                some g in input.groups
                n := count([x | some x in input.items; x.group == g])
            }
            # A builtin error in the body after the element that is not a number: the strict error is the body's.
            checked := sum([to_number(x.size) | some x in input.items])
            """;
        string[] inputs =
        [
            """{"items": [{"size": 1, "group": "a"}, {"size": 5, "group": "b"}, {"size": 2, "group": "a"}], "groups": ["a", "b", "c"]}""",
            """{"items": [{"size": 9223372036854775807, "group": "a"}, {"size": 9223372036854775807, "group": "a"}], "groups": ["a"]}""",
            """{"items": [{"size": 1.5, "group": "a"}, {"size": 2, "group": "a"}, {"size": 0.25, "group": "b"}], "groups": ["a", "b"]}""",
            """{"items": [{"size": 1}, {"size": "x"}, {"size": true}, {"group": "a"}], "groups": ["a"]}""",
            """{"items": [{"size": "a"}, {"size": []}], "groups": []}""",
            """{"items": [], "groups": ["a"]}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"per_group\":[[\"a\",3],[\"b\",5],[\"c\",0]]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[1])).ShouldContain("\"total\":18446744073709551614");
        Outcome(compiled.Query, RegoJson.Parse(inputs[2])).ShouldContain("\"total\":3.75");
        Outcome(compiled.Query, RegoJson.Parse(inputs[3]), Strict).ShouldContain("to_number: strconv.ParseFloat");
        var total = Prepare(module, "data.p.total", threshold: 0);
        Outcome(total.Query, RegoJson.Parse(inputs[4]), Strict).ShouldBe(Outcome(Prepare(module, "data.p.total", threshold: -1).Query, RegoJson.Parse(inputs[4]), Strict));
        Outcome(total.Query, RegoJson.Parse(inputs[4]), Strict).ShouldContain("sum: operand 1 must be array of numbers but got array containing string");
    }

    [Fact]
    public void An_indexed_partial_set_runs_through_its_plan_and_agrees_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            deny contains "push to prod" if {
                input.action == "push"
                startswith(input.repo, "prod/")
            }
            deny contains "pull of quarantined" if {
                input.action == "pull"
                input.quarantined
            }
            deny contains "delete" if input.action == "delete"
            deny contains "push without tag" if {
                input.action == "push"
                not input.tag
            }
            deny contains msg if {
                some label in input.labels
                startswith(label, "x-")
                msg := concat(" ", ["label", label])
            }
            deny contains "kind" if input.kind == "bad"
            deny contains "pull any" if input.action == "pull"
            deny contains "high" if input.level > 2
            # Needs the frame (with), so the plan runs it through the evaluator, after its own input test.
            deny contains v if {
                input.kind == "with"
                v := input.level with input.level as "replaced"
            }
            """;
        var interpreted = Prepare(module, "data.p.deny", threshold: -1);
        var compiled = Prepare(module, "data.p.deny", threshold: 0);
        var deny = Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString("deny")])!;
        deny.Index.ShouldNotBeNull();
        string[] inputs =
        [
            """{"action": "push", "repo": "prod/a", "labels": ["x-1", "y"], "level": 3}""",
            """{"action": "pull", "quarantined": true, "kind": "bad", "level": 1}""",
            """{"action": "delete", "repo": "dev/a"}""",
            """{"action": "push", "repo": "dev/a", "tag": "v1", "labels": ["x-2"]}""",
            """{"action": 7, "kind": "bad", "labels": ["x-3"], "level": 0}""",
            """{"labels": []}""",
            """{"kind": "with", "level": 1}""",
        ];
        // Twice over: the first round compiles the rules it reaches and builds the plan, the second runs through it.
        for (var round = 0; round < 2; round++)
        {
            foreach (var text in inputs)
            {
                var input = RegoJson.Parse(text);
                Outcome(compiled.Query, input).ShouldBe(Outcome(interpreted.Query, input), text);
            }
        }
        deny.Plan.ShouldNotBeNull();
        deny.Plan.Count(p => p.Code is not null).ShouldBeGreaterThan(4);
        deny.Plan.Single(p => p.CheckValue is RegoString { Value: "with" }).Code.ShouldBeNull();
        Outcome(compiled.Query, RegoJson.Parse(inputs[6])).ShouldBe("""["replaced"]""");
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldBe("""["high","label x-1","push to prod","push without tag"]""");
        Outcome(compiled.Query, RegoJson.Parse(inputs[1])).ShouldBe("""["kind","pull any","pull of quarantined"]""");
    }

    [Fact]
    public void Case_insensitive_tests_through_lower_agree_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            has_curl contains s if {
                some s in input.strings
                contains(lower(s), "curl | sh")
            }
            starts contains s if {
                some s in input.strings
                startswith(lower(s), "istanbul")
            }
            ends contains s if {
                some s in input.strings
                endswith(lower(s), ".exe")
            }
            # The Kelvin sign lowers to an ASCII k: only a real lowering finds "kelvin" in it.
            kelvin contains s if {
                some s in input.strings
                contains(lower(s), "kelvin")
            }
            # A capital in the part: never true after lower, and not rewritten.
            capital contains s if {
                some s in input.strings
                contains(lower(s), "Curl")
            }
            """;
        string[] inputs =
        [
            """{"strings": ["RUN CURL | SH", "run curl | sh", "Curl |sh", "istanbul", "ISTANBUL", "İSTANBUL", "ıstanbul", "SETUP.EXE", "setup.exé", "Curl"]}""",
            """{"strings": [1, null, "ok.EXE", ["x"]]}""",
            """{"strings": ["ÀCURL | SH", "ß curl | sh", "Kelvin.exe"]}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"has_curl\":[\"RUN CURL | SH\",\"run curl | sh\"]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[1]), Strict).ShouldContain("lower: operand 1 must be string but got number");
        Outcome(compiled.Query, RegoJson.Parse(inputs[2])).ShouldContain("\"kelvin\":[\"Kelvin.exe\"]");
    }

    [Fact]
    public void Tests_against_a_constant_list_of_patterns_agree_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            secret_words := ["password", "token", "key"]
            prefixes := {"https://", "ssh://"}
            flagged contains name if {
                some name in input.names
                some w in secret_words
                contains(lower(name), w)
            }
            any_secret if {
                some name in input.names
                some w in secret_words
                contains(name, w)
            }
            remote(u) if {
                some p in prefixes
                startswith(u, p)
            }
            remotes contains u if {
                some u in input.urls
                remote(u)
            }
            exe contains f if {
                some f in input.names
                some suffix in [".exe", ".bat", ""]
                endswith(f, suffix)
            }
            # lower(x) against patterns without capitals: an ASCII x is compared ignoring case, any other is lowered.
            remote_ci contains u if {
                some u in input.urls
                some p in prefixes
                startswith(lower(u), p)
            }
            exe_ci contains f if {
                some f in input.names
                some suffix in [".exe", ".bat"]
                endswith(lower(f), suffix)
            }
            # A pattern with a capital never matches lowered text: compared as written.
            upper_words := ["Password", "token"]
            flagged_mixed contains name if {
                some name in input.names
                some w in upper_words
                contains(lower(name), w)
            }
            # Counted: one element per matching pattern, so each pattern is tried.
            hits := [name | some name in input.names; some w in secret_words; contains(name, w)]
            hit_count := count([name | some name in input.names; some w in secret_words; contains(name, w)])
            # The pattern is read afterwards: each pattern is tried.
            which contains [name, w] if {
                some name in input.names
                some w in secret_words
                contains(name, w)
            }
            later contains x if {
                some name in input.names
                some w in secret_words
                contains(name, w)
                x := concat(":", [name, w])
            }
            """;
        string[] inputs =
        [
            """{"names": ["db_password_token", "user", "apikey", "run.exe"], "urls": ["https://a", "http://b", "ssh://c"]}""",
            """{"names": [], "urls": []}""",
            """{"names": [1, "token", null], "urls": [2]}""",
            """{"names": ["TOKEN", "Key"], "urls": ["SSH://x"]}""",
            """{"names": ["\u212Aey", "STRASSE_TOKEN", "Straße", "İtoken", "Password", "RUN.EXE"], "urls": ["HTTPS://X", "\u017Fsh://y", "Ssh://z"]}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"hits\":[\"db_password_token\",\"db_password_token\",\"apikey\"]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"hit_count\":3");
        Outcome(compiled.Query, RegoJson.Parse(inputs[3])).ShouldContain("\"flagged\":[\"Key\",\"TOKEN\"]");
        Outcome(compiled.Query, RegoJson.Parse(inputs[2]), Strict).ShouldContain("contains: operand 1 must be string but got number");
        var unicode = Outcome(compiled.Query, RegoJson.Parse(inputs[4]));
        unicode.ShouldContain("\"flagged\":[\"Password\",\"STRASSE_TOKEN\",\"İtoken\",\"\u212Aey\"]", Case.Sensitive);
        unicode.ShouldContain("\"flagged_mixed\":[\"STRASSE_TOKEN\",\"İtoken\"]", Case.Sensitive);
        unicode.ShouldContain("\"remote_ci\":[\"HTTPS://X\",\"Ssh://z\"]", Case.Sensitive);
        unicode.ShouldContain("\"exe_ci\":[\"RUN.EXE\"]", Case.Sensitive);
        foreach (var name in new[] { "flagged", "any_secret", "remote", "exe", "remote_ci", "exe_ci", "flagged_mixed" })
        {
            RuleOf(compiled.Policy, name).Code.PatternLoops.ShouldBe(1, name);
        }
        foreach (var name in new[] { "hits", "hit_count", "which", "later" })
        {
            RuleOf(compiled.Policy, name).Code.PatternLoops.ShouldBe(0, name);
        }
    }

    [Fact]
    public void Every_compiles_to_a_loop_that_agrees_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            all_small if every x in input.xs { x < 10 }
            keyed if every k, v in input.xs { k != v }
            nested if every x in input.xs { every y in input.ys { x != y } }
            none_of_ys if every y in input.ys { not y in input.xs }
            strict_fail if every x in input.xs { to_number(x) > 0 }
            counted := count({x | some x in input.xs; every y in input.ys { y != x }})
            mocked if every x in input.xs { x in data.p.allowed with data.p.allowed as input.xs }
            allowed := [1]
            """;
        string[] inputs =
        [
            """{"xs": [1, 2, 3], "ys": [4, 5]}""",
            """{"xs": [1, 20], "ys": [1]}""",
            """{"xs": {"a": "a", "b": 1}, "ys": ["b"]}""",
            """{"xs": ["1", "x"], "ys": []}""",
            """{"xs": [], "ys": [1]}""",
            """{"xs": 7, "ys": "scalar"}""",
            """{"ys": [1]}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        // A scalar or missing domain makes every false, not vacuously true.
        Outcome(compiled.Query, RegoJson.Parse(inputs[5])).ShouldNotContain("all_small");
        Outcome(compiled.Query, RegoJson.Parse(inputs[4])).ShouldContain("\"all_small\":true");
        foreach (var name in new[] { "all_small", "keyed", "nested", "none_of_ys", "strict_fail" })
        {
            RuleOf(compiled.Policy, name).Code.FrameFree.ShouldBeTrue(name);
        }
        // `with` inside the body: the interpreter evaluates the every, in the rule's frame.
        RuleOf(compiled.Policy, "mocked").Code.FrameFree.ShouldBeFalse();
    }

    [Fact]
    public void Constant_rules_and_constant_arithmetic_are_used_directly_and_failures_stay_where_written()
    {
        const string module = """
            package p
            import rego.v1
            limit := 10
            day_ns := ((1000 * 1000) * 1000) * 86400
            r contains x if {
                some x in input.xs
                x > limit
                x * day_ns > 0
            }
            bad contains x if {
                some x in input.xs
                y := x / (1 - 1)
            }
            """;
        var (_, r) = Prepare(module, "data.p.r", threshold: 0);
        r.Evaluate(RegoJson.Parse("""{"xs": [5, 11, 12]}""")).Value.ShouldBe(RegoJson.Parse("[11, 12]").ToSet());
        // with data replaces the constant rule: the compiled body is not used under an overlay.
        var (_, overridden) = Prepare(module, "data.p.r with data.p.limit as 11", threshold: 0);
        overridden.Evaluate(RegoJson.Parse("""{"xs": [5, 11, 12]}""")).Value.ShouldBe(RegoJson.Parse("[12]").ToSet());
        // Division by the constant zero is not folded: it fails at run time, in strict mode with its message.
        var (_, bad) = Prepare(module, "data.p.bad", threshold: 0);
        bad.Evaluate(RegoJson.Parse("""{"xs": [1]}""")).Value.ShouldBe(RegoSet.Empty);
        Should.Throw<RegoException>(() => bad.Evaluate(RegoJson.Parse("""{"xs": [1]}"""), new EvaluationOptions { StrictBuiltinErrors = true }))
            .Message.ShouldContain("divide by zero");
    }

    [Fact]
    public void Constant_key_lookups_remember_a_position_but_never_trust_it()
    {
        // One lookup site meets objects whose keys come in different orders, objects without the key, a key too long
        // to be pooled (so not the same object as the policy's), a large object, arrays, a string and a number: the
        // remembered position is only a guess, and every answer must be the interpreter's.
        var longKey = new string('k', 70);
        var module = $$"""
            package p
            import rego.v1
            digests contains [i, d] if {
                some i, l in input.items
                d := l.digest
            }
            sizes contains [i, n] if {
                some i, l in input.items
                n := l.{{longKey}}
            }
            firsts contains [i, f] if {
                some i, l in input.items
                f := l[0]
            }
            """;
        var items = $$"""
            [{"digest": "a", "size": 1, "{{longKey}}": 10},
             {"size": 2, "digest": "b", "{{longKey}}": 20},
             {"mediaType": "m", "{{longKey}}": 30, "size": 3, "digest": "c"},
             {"size": 4},
             {"k1": 1, "k2": 2, "k3": 3, "k4": 4, "k5": 5, "k6": 6, "k7": 7, "k8": 8, "k9": 9, "digest": "large", "{{longKey}}": 40},
             ["first", "second"],
             "digest",
             7]
            """;
        string[] inputs = [$$"""{"items": {{items}}}""", """{"items": [{"digest": "z"}, {"x": 1, "digest": "y"}]}"""];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        var got = Outcome(compiled.Query, RegoJson.Parse(inputs[0]));
        foreach (var expected in new[] { "[0,\"a\"]", "[1,\"b\"]", "[2,\"c\"]", "[4,\"large\"]", "[1,20]", "[2,30]", "[4,40]", "[5,\"first\"]" })
        {
            got.ShouldContain(expected);
        }
        got.ShouldNotContain("[3,");
        RuleOf(compiled.Policy, "digests").Code.FrameFree.ShouldBeTrue();
    }

    [Fact]
    public void A_complete_rule_that_is_its_node_only_definition_runs_directly_and_agrees_with_the_interpreter()
    {
        const string module = """
            package p
            import rego.v1
            tag := input.tag
            upper_tag := upper(tag)
            constant_if_push := "pushed" if input.action == "push"
            # Two solutions with different values: a conflict, found on the direct path as on the general one.
            one_name := n if some n in input.names
            with_default := input.tag
            default with_default := "none"
            two_defs := 1 if input.action == "push"
            two_defs := 2 if input.action == "pull"
            mocked := x if {
                x := tag with input.tag as "mock"
            }
            uses_all := [tag, upper_tag, constant_if_push, with_default, two_defs, mocked]
            # Bodies with at most one solution return their value (an undefined one included) without a sink.
            nothing := input.missing
            counted := count([n | some n in input.names])
            first_upper := upper(input.names[0])
            push_after_tag := t if {
                t := upper(input.tag)
                input.action == "push"
            }
            """;
        string[] inputs =
        [
            """{"tag": "v1", "action": "push", "names": ["a"]}""",
            """{"tag": "v1", "action": "pull", "names": ["a", "a"]}""",
            """{"action": "push", "names": ["a", "b"]}""",
            """{"tag": 7, "action": "other", "names": []}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        Outcome(compiled.Query, RegoJson.Parse(inputs[2])).ShouldContain("eval_conflict_error");
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain("\"uses_all\":[\"v1\",\"V1\",\"pushed\",\"v1\",1,\"mock\"]", Case.Sensitive);
        foreach (var name in new[] { "tag", "upper_tag", "constant_if_push", "one_name", "nothing", "counted", "first_upper" })
        {
            Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString(name)])!.Single.ShouldNotBeNull(name);
        }
        foreach (var name in new[] { "tag", "upper_tag", "constant_if_push", "nothing", "counted", "first_upper" })
        {
            Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString(name)])!.Single!.ValueCode.ShouldNotBeNull(name);
        }
        // A loop can give two solutions, whose values the sink compares (the conflict above).
        Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString("one_name")])!.Single!.ValueCode.ShouldBeNull();
        // The input test that comes first in value code is not made twice; one after another literal is made first.
        Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString("constant_if_push")])!.Single!.CheckRef.ShouldBeNull();
        Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString("push_after_tag")])!.Single!.CheckRef.ShouldNotBeNull();
        foreach (var name in new[] { "with_default", "two_defs", "mocked" })
        {
            Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString(name)])!.Single.ShouldBeNull(name);
        }
    }

    [Fact]
    public void A_long_chain_of_single_complete_rules_stops_at_the_depth_limit()
    {
        // c0 reads c1, which reads c2 ...: each level is a call on the direct path too, so the chain ends in the
        // depth error rather than in a stack overflow, in both modes.
        var module = "package p\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"c{i} := c{i + 1}\n")) + "c3000 := input.x\n";
        var interpreted = Prepare(module, "data.p.c0", threshold: -1);
        var compiled = Prepare(module, "data.p.c0", threshold: 0);
        var input = RegoJson.Parse("""{"x": 1}""");
        Outcome(interpreted.Query, input).ShouldContain("maximum evaluation depth exceeded");
        // The first evaluation compiles the rules it reaches; the later ones run those directly.
        for (var i = 0; i < 3; i++) Outcome(compiled.Query, input).ShouldContain("maximum evaluation depth exceeded");
        Compiler.FindNode(compiled.Policy.Root, [new RegoString("p"), new RegoString("c100")])!.Single.ShouldNotBeNull();
        var shallow = "package p\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"c{i} := c{i + 1}\n")) + "c50 := input.x\n";
        Outcome(Prepare(shallow, "data.p.c0", threshold: 0).Query, input).ShouldBe("1");
    }

    [Fact]
    public void Lower_of_a_variable_equal_to_itself_agrees_with_the_interpreter()
    {
        // lower(x) == x, "x has no capitals": an ASCII x is checked for capitals without a lowered copy; any other is
        // lowered as written (a Kelvin sign lowers to k, so it is not lower case; ß stays ß).
        const string module = """
            package p
            import rego.v1
            lower_names contains n if {
                some n in input.names
                lower(n) == n
            }
            reversed contains n if {
                some n in input.names
                n == lower(n)
            }
            not_lower contains n if {
                some n in input.names
                not lower(n) == n
            }
            """;
        string[] inputs =
        [
            """{"names": ["abc", "aBc", "ABC", "a-1/b", "", "\u212Aelvin", "straße", "ÀB", 7, null]}""",
            """{"names": []}""",
            """{}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        var got = Outcome(compiled.Query, RegoJson.Parse(inputs[0]));
        got.ShouldContain("\"lower_names\":[\"\",\"a-1/b\",\"abc\",\"straße\"]", Case.Sensitive);
        got.ShouldContain("\"reversed\":[\"\",\"a-1/b\",\"abc\",\"straße\"]", Case.Sensitive);
        Outcome(compiled.Query, RegoJson.Parse(inputs[0]), Strict).ShouldContain("lower: operand 1 must be string but got number");
    }

    [Fact]
    public void Comparisons_with_an_integer_constant_agree_with_the_interpreter()
    {
        // Compared as longs when x is a 64-bit integer; anything else (fractions, big integers, other types, whose
        // order among types Rego defines) as before. The constant on either side.
        const string module = """
            package p
            import rego.v1
            same contains x if { some x in input.xs; x == 2 }
            unequal contains x if { some x in input.xs; x != 2 }
            below contains x if { some x in input.xs; x < 2 }
            at_most contains x if { some x in input.xs; x <= 2 }
            above contains x if { some x in input.xs; x > 2 }
            at_least contains x if { some x in input.xs; x >= 2 }
            left_lt contains x if { some x in input.xs; 2 < x }
            left_ge contains x if { some x in input.xs; 2 >= x }
            big contains x if { some x in input.xs; x > 9223372036854775807 }
            negative contains x if { some x in input.xs; x >= -3 }
            counted if count(input.xs) > 3
            """;
        string[] inputs =
        [
            """{"xs": [1, 2, 3, 2.0, 2.5, 1.999, -3, -4, 9223372036854775807, 9223372036854775808, -9223372036854775809, "2", null, true, [2], {"a": 2}]}""",
            """{"xs": []}""",
            """{}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        var got = Outcome(compiled.Query, RegoJson.Parse(inputs[0]));
        got.ShouldContain("\"same\":[2]", Case.Sensitive);
        got.ShouldContain("\"below\":[null,true,-9223372036854775809,-4,-3,1,1.999]", Case.Sensitive);
        got.ShouldContain("\"big\":[9223372036854775808,\"2\",[2],{\"a\":2}]", Case.Sensitive);
    }

    [Fact]
    public void Object_get_with_a_constant_key_or_path_agrees_with_the_interpreter()
    {
        // Each key of a constant key or path is looked up through its own site; arrays (by index) and sets (by
        // member) along the path, missing keys, an empty path and a first argument that is not an object as the
        // builtin has them.
        const string module = """
            package p
            import rego.v1
            single contains v if { some o in input.objs; v := object.get(o, "k", "default") }
            path contains v if { some o in input.objs; v := object.get(o, ["a", "b"], "default") }
            through_array contains v if { some o in input.objs; v := object.get(o, ["list", 1], "default") }
            through_set contains v if { some o in input.objs; v := object.get(o, ["a", "b", "x"], "default") }
            empty_path contains v if { some o in input.objs; v := object.get(o, [], "default") }
            numeric_key contains v if { some o in input.objs; v := object.get(o, 1, "default") }
            set_member contains v if { some o in input.objs; v := object.get({"s": {o.k}}, ["s", 1], "default") }
            """;
        string[] inputs =
        [
            """{"objs": [{"k": 1, "a": {"b": 2}}, {"a": {"b": {"c": 3}}, "list": [5, 6]}, {"b": 1, "k": 2, "a": 3}, {"list": {"1": 7}}, {}, [1, 2], "s", {"1": "one"}]}""",
            """{"objs": []}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        var got = Outcome(compiled.Query, RegoJson.Parse(inputs[0]));
        got.ShouldContain("\"single\":[1,2,\"default\"]", Case.Sensitive);
        got.ShouldContain("\"path\":[2,\"default\",{\"c\":3}]", Case.Sensitive);
        got.ShouldContain("\"through_array\":[6,\"default\"]", Case.Sensitive);
        got.ShouldContain("\"numeric_key\":[\"default\"]", Case.Sensitive);
        got.ShouldContain("\"set_member\":[1,\"default\"]", Case.Sensitive);
    }

    [Fact]
    public void Membership_tests_agree_with_the_interpreter()
    {
        // x in coll as a test (and negated): sets (constant and computed), arrays, objects (their values), not a
        // collection, and an undefined element or collection, which makes the test fail (and its negation hold).
        const string module = """
            package p
            import rego.v1
            in_set contains x if { some x in input.xs; x in {"a", 1, [2]} }
            not_in_set contains x if { some x in input.xs; not x in {"a", 1, [2]} }
            in_array contains x if { some x in input.xs; x in input.xs_again }
            in_object contains x if { some x in input.xs; x in input.obj }
            in_number contains x if { some x in input.xs; x in input.n }
            missing_element if input.nothing in {"a"}
            not_missing_element if not input.nothing in {"a"}
            missing_collection contains x if { some x in input.xs; x in input.nothing }
            computed contains x if { some x in input.xs; x in {y | some y in input.xs_again} }
            """;
        string[] inputs =
        [
            """{"xs": ["a", 1, 1.0, [2], "b", null], "xs_again": ["a", [2], null], "obj": {"k": "a", "j": 1.0}, "n": 1}""",
            """{"xs": []}""",
            """{}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        var got = Outcome(compiled.Query, RegoJson.Parse(inputs[0]));
        got.ShouldContain("\"in_set\":[1,\"a\",[2]]", Case.Sensitive);
        got.ShouldContain("\"not_in_set\":[null,\"b\"]", Case.Sensitive);
        got.ShouldContain("\"in_object\":[1,\"a\"]", Case.Sensitive);
        got.ShouldContain("\"in_number\":[]", Case.Sensitive);
        got.ShouldContain("\"not_missing_element\":true", Case.Sensitive);
        got.ShouldNotContain("\"missing_element\"", Case.Sensitive);
    }

    [Fact]
    public void Loops_visit_sets_unsorted_only_where_the_order_cannot_show()
    {
        // OPA visits a set's elements sorted. A rule whose body and head cannot fail or print, and whose solutions are
        // collected, gives the same answer in any order, so its loops skip the sort; anywhere else the order stays.
        const string module = """
            package p
            import rego.v1
            verified contains s if {
                some s in input.signatures
                s.verified == true
            }
            trusted contains s if {
                some s in verified
                s.signer in {"ci", "release"}
            }
            first_trusted := s if {
                some s in verified
                s.signer == "ci"
            }
            # A builtin call can fail: strict mode reports the first failure, which the sorted order decides.
            texts contains s if {
                some s in input.texts
            }
            numbers contains n if {
                some s in texts
                n := to_number(s)
            }
            # An array comprehension's order is the loop's: sorted.
            listed := [s | some s in verified]
            printed contains s if {
                some s in verified
                print(s.signer)
            }
            """;
        string[] inputs =
        [
            """{"signatures": [{"signer": "release", "verified": true, "d": 2}, {"signer": "ci", "verified": true, "d": 1}, {"signer": "x", "verified": false}], "texts": ["b", "10", "a"]}""",
            """{"signatures": [{"signer": "ci", "verified": true, "d": 1}, {"signer": "ci", "verified": true, "d": 2}]}""",
            """{"signatures": []}""",
            """{}""",
        ];
        var compiled = CompiledAgreeingWithInterpreted(module, "data.p", inputs);
        Outcome(compiled.Query, RegoJson.Parse(inputs[0]), Strict).ShouldContain("parsing \"a\"");
        Outcome(compiled.Query, RegoJson.Parse(inputs[0])).ShouldContain(
            "\"listed\":[{\"d\":1,\"signer\":\"ci\",\"verified\":true},{\"d\":2,\"signer\":\"release\",\"verified\":true}]", Case.Sensitive);
        // Two different values for a complete rule: the same conflict whichever is found first.
        Outcome(compiled.Query, RegoJson.Parse(inputs[1])).ShouldContain("eval_conflict_error");
        foreach (var name in new[] { "verified", "trusted", "first_trusted", "texts" })
        {
            RuleOf(compiled.Policy, name).Code.MembersInAnyOrder.ShouldBeTrue(name);
        }
        foreach (var name in new[] { "numbers", "printed" })
        {
            RuleOf(compiled.Policy, name).Code.MembersInAnyOrder.ShouldBeFalse(name);
        }
    }

    [Fact]
    public void Split_part_gives_what_the_split_array_gives()
    {
        const string module = """
            package p
            import rego.v1
            parts contains [i, s, d, x] if {
                some s in input.strings
                some d in input.delimiters
                some i in [-1, 0, 1, 2, 5]
                x := split(s, d)[i]
            }
            firsts contains x if {
                some s in input.strings
                x := split(s, "=")[0]
            }
            """;
        var input = RegoJson.Parse("""
            {"strings": ["a=b=c", "=x=", "", "aaa", "PATH=/usr/bin", "no-delimiter", 7, "ü=ß"],
             "delimiters": ["=", "aa", "", "/", 3, "=/"]}
            """);
        var interpreted = Prepare(module, "data.p", threshold: -1);
        var compiled = Prepare(module, "data.p", threshold: 0);
        var want = Outcome(interpreted.Query, input);
        Outcome(compiled.Query, input).ShouldBe(want);
        want.ShouldContain("\"PATH\"");
        RuleOf(compiled.Policy, "parts").Code.Body.ShouldNotBeNull();
    }

    [Fact]
    public void Hoisted_calls_fail_and_report_where_written_in_compiled_code_too()
    {
        var strict = new EvaluationOptions { StrictBuiltinErrors = true };
        (string Module, string Input, EvaluationOptions? Options)[] cases =
        [
            (HoistingTests.FailingInLoop, """{"xs": ["nope", "2"], "ys": [1, 2, 3]}""", null),
            (HoistingTests.FailingInLoop, """{"xs": ["nope"], "ys": []}""", strict),
            (HoistingTests.FailingInLoop, """{"xs": ["nope"], "ys": [1]}""", strict),
            (HoistingTests.NegatedHoist, """{"xs": [{"other": 1}], "ys": ["a", "b"]}""", null),
            (HoistingTests.NegatedHoist, """{"xs": [{"name": "ab"}], "ys": ["a", "b"]}""", null),
        ];
        foreach (var (module, inputText, options) in cases)
        {
            var input = RegoJson.Parse(inputText);
            var compiled = Prepare(module, "data.p.r", threshold: 0);
            var want = Outcome(Prepare(module, "data.p.r", threshold: -1).Query, input, options);
            Outcome(compiled.Query, input, options).ShouldBe(want, inputText);
        }
        Outcome(Prepare(HoistingTests.FailingInLoop, "data.p.r", 0).Query, RegoJson.Parse("""{"xs": ["nope"], "ys": [1]}"""), strict)
            .ShouldStartWith("error eval_builtin_error: p.rego:6:");
    }

    [Fact]
    public void Very_long_bodies_and_deeply_nested_terms_stay_interpreted()
    {
        var literals = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"    input.n > {i - 1000}"));
        var (policy, query) = Prepare($"package p\nimport rego.v1\nlong if {{\n{literals}\n}}\n", "data.p.long", threshold: 0);
        query.Evaluate(RegoJson.Parse("""{"n": 1}""")).Value.ShouldBe(RegoBool.True);
        RuleOf(policy, "long").Code.Failed.ShouldBeTrue();

        var nested = Enumerable.Range(0, 60).Aggregate("input.n", (acc, _) => $"abs({acc})");
        var (policy2, query2) = Prepare($"package p\nimport rego.v1\ndeep := {nested} if input.n\n", "data.p.deep", threshold: 0);
        query2.Evaluate(RegoJson.Parse("""{"n": -3}""")).Value.ShouldBe(RegoNumber.Of(3));
        RuleOf(policy2, "deep").Code.Failed.ShouldBeTrue();
    }

    private static string Outcome(PreparedQuery query, RegoValue input, EvaluationOptions? options = null)
    {
        try
        {
            return RegoJson.ToJson(query.Evaluate(input, options).Value ?? RegoNull.Instance);
        }
        catch (RegoException e)
        {
            return $"error {e.Code}: {e.Message}";
        }
    }

    private static RegoValue RandomInput(Random rnd)
    {
        string[] names = ["a", "b", "abc", "x-y", "-z", "", "Xy", "de-f-g", "yy", "b-a"];
        var items = new List<string>();
        for (var i = rnd.Next(0, 6); i > 0; i--)
        {
            var size = rnd.Next(0, 4) == 0 ? "\"12\"" : rnd.Next(0, 20).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = rnd.Next(0, 8) == 0 ? "7" : $"\"{names[rnd.Next(names.Length)]}\"";
            items.Add($"{{\"name\": {name}, \"size\": {size}}}");
        }
        return RegoJson.Parse($"{{\"items\": [{string.Join(", ", items)}]}}");
    }

    /// <summary>
    /// The module compiled at the first run of every body, checked to decide each input as the interpreter does, both
    /// plainly and with strict builtin errors (results, or error code, message and location).
    /// </summary>
    private static (CompiledPolicy Policy, PreparedQuery Query) CompiledAgreeingWithInterpreted(string module, string query, string[] inputs)
    {
        var interpreted = Prepare(module, query, threshold: -1);
        var compiled = Prepare(module, query, threshold: 0);
        foreach (var text in inputs)
        {
            var input = RegoJson.Parse(text);
            Outcome(compiled.Query, input).ShouldBe(Outcome(interpreted.Query, input), text);
            Outcome(compiled.Query, input, Strict).ShouldBe(Outcome(interpreted.Query, input, Strict), text);
        }
        return compiled;
    }

    private static readonly EvaluationOptions Strict = new() { StrictBuiltinErrors = true };

    private static (CompiledPolicy Policy, PreparedQuery Query) Prepare(string module, string query, int threshold)
    {
        var policy = Compiler.CompileModules([RegoParser.ParseModule("p.rego", module)], BuiltinRegistry.Default, codegenThreshold: threshold);
        var ir = Compiler.CompileQuery(policy, RegoParser.ParseQuery(query), valueMode: true);
        return (policy, new PreparedQuery(query, policy, ir, RegoObject.Empty));
    }

    private static IrRule RuleOf(CompiledPolicy policy, string name) =>
        Compiler.FindNode(policy.Root, [new RegoString("p"), new RegoString(name)])!.Rules[0];

    private static string SourceFile([CallerFilePath] string path = "") => path;
}

internal static class RegoValueTestExtensions
{
    public static RegoSet ToSet(this RegoValue array) => RegoSet.Of(((RegoArray)array).AsList());
}
