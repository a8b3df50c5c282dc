using System.Runtime.CompilerServices;
using System.Text;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Evaluation.RegoTestHelpers;

namespace Gateway.Rego.Tests.Evaluation;

/// <summary>
/// Calls of small functions are inlined at compile time (Compiler.Inlining). Inlining must never change a
/// result, an error or its location: each test compiles the same modules with and without inlining and
/// compares, and checks which call sites were inlined, so that a pass that inlines nothing cannot pass.
/// </summary>
public sealed class FunctionInliningTests
{
    private static readonly EvaluationOptions Strict = new() { StrictBuiltinErrors = true };

    private sealed record Compiled(CompiledPolicy Inlined, CompiledPolicy Plain)
    {
        /// <summary>The outcome with inlining, after checking it is the outcome without.</summary>
        public string Outcome(string query, string? inputJson = null, EvaluationOptions? options = null)
        {
            var inlined = Run(Inlined, query, inputJson, options);
            var plain = Run(Plain, query, inputJson, options);
            inlined.ShouldBe(plain, $"query {query} with input {inputJson}");
            return inlined;
        }

        public List<string> InlinedSites() => Compiler.InlinedCallSites(Inlined);
    }

    private static Compiled Compile(params string[] modules)
    {
        CompiledPolicy Build(bool inline) => Compiler.CompileModules(
            [.. modules.Select((m, i) => RegoParser.ParseModule($"test-{i}.rego", m))], BuiltinRegistry.Default, inline);
        var c = new Compiled(Build(true), Build(false));
        Compiler.InlinedCallSites(c.Plain).ShouldBeEmpty();
        return c;
    }

    /// <summary>Every solution (bindings and value), or the error with its code, message and location.</summary>
    private static string Run(CompiledPolicy policy, string query, string? inputJson, EvaluationOptions? options)
    {
        var ir = Compiler.CompileQuery(policy, RegoParser.ParseQuery(query), valueMode: true);
        var prepared = new PreparedQuery(query, policy, ir, RegoObject.Empty);
        try
        {
            var r = prepared.Evaluate(inputJson is null ? null : Json(inputJson), options);
            if (!r.IsDefined) return "undefined";
            var sb = new StringBuilder();
            for (var i = 0; i < r.Bindings.Count; i++)
            {
                foreach (var (k, v) in r.Bindings[i].OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(v).Append(' ');
                if (i < r.Values.Count) sb.Append(r.Values[i]);
                sb.Append(';');
            }
            return sb.ToString();
        }
        catch (RegoException e)
        {
            return $"error {e.Code}: {e.RegoMessage} at {e.Location.File}:{e.Location.Row}:{e.Location.Col}";
        }
    }

    [Fact]
    public void Value_function_called_in_a_loop_is_inlined()
    {
        var c = Compile("""
            package x
            import rego.v1

            env_name(e) := split(e, "=")[0]

            names contains name if {
                some e in input.env
                name := env_name(e)
            }

            secrets contains e if {
                some e in input.env
                contains(lower(env_name(e)), "secret")
            }
            """);
        c.InlinedSites().ShouldBe(["data.x.env_name", "data.x.env_name"]);
        c.Outcome("data.x.names", """{"env": ["PATH=/bin", "API_SECRET=x", "EMPTY=", "NOEQ"]}""")
            .ShouldBe("""["API_SECRET", "EMPTY", "NOEQ", "PATH"];""".Replace("[", "{").Replace("];", "};"));
        c.Outcome("data.x.secrets", """{"env": ["PATH=/bin", "API_SECRET=x"]}""").ShouldBe("""{"API_SECRET=x"};""");
        c.Outcome("data.x.names", """{"env": []}""").ShouldBe("set();");
        c.Outcome("data.x.names").ShouldBe("set();");
    }

    [Fact]
    public void Test_function_under_not_is_inlined()
    {
        var c = Compile("""
            package x
            import rego.v1

            role_allows(role) if role in input.principal.roles

            deny contains "may not push" if {
                input.action == "push"
                not role_allows("Push")
                not role_allows("Owner")
            }

            pushers contains "yes" if role_allows("Push")
            """);
        c.InlinedSites().ShouldBe(["data.x.role_allows", "data.x.role_allows", "data.x.role_allows"]);
        c.Outcome("data.x.deny", """{"action": "push", "principal": {"roles": ["Pull"]}}""").ShouldBe("""{"may not push"};""");
        c.Outcome("data.x.deny", """{"action": "push", "principal": {"roles": ["Owner"]}}""").ShouldBe("set();");
        c.Outcome("data.x.deny", """{"action": "push", "principal": {}}""").ShouldBe("""{"may not push"};""");
        c.Outcome("data.x.deny", """{"action": "push", "principal": {"roles": "Push"}}""").ShouldBe("""{"may not push"};""");
        c.Outcome("data.x.pushers", """{"principal": {"roles": ["Push"]}}""").ShouldBe("""{"yes"};""");
        c.Outcome("data.x.pushers").ShouldBe("set();");
    }

    [Fact]
    public void Argument_read_twice_is_substituted_only_when_it_evaluates_nothing()
    {
        var c = Compile("""
            package x
            import rego.v1

            twice(s) := concat("-", [s, s])

            by_call := twice(upper(input.name))
            by_ref := twice(input.name)
            by_var := v if {
                n := input.name
                v := twice(n)
            }
            """);
        // upper(...) would run twice (and report its errors twice): that call keeps calling the function.
        c.InlinedSites().ShouldBe(["data.x.twice", "data.x.twice"]);
        c.Outcome("[data.x.by_call, data.x.by_ref, data.x.by_var]", """{"name": "ab"}""").ShouldBe("""["AB-AB", "ab-ab", "ab-ab"];""");
        c.Outcome("data.x.by_call", """{"name": 7}""").ShouldBe("undefined");
        c.Outcome("data.x.by_call", """{"name": 7}""", Strict).ShouldBe("error eval_type_error: upper: operand 1 must be string but got number at test-0.rego:6:18");
        c.Outcome("data.x.by_ref", """{"name": 7}""", Strict).ShouldBe("error eval_type_error: concat: operand 2 must be array of strings but got array containing number at test-0.rego:4:13");
        c.Outcome("data.x.by_ref").ShouldBe("undefined");
    }

    [Fact]
    public void Argument_that_can_fail_is_substituted_only_where_the_function_evaluates_it_first()
    {
        var c = Compile("""
            package x
            import rego.v1

            late(x) := [to_number("body"), x]
            early(x) := [x, to_number("body")]
            unused(x) := 1

            late_call := late(to_number("arg"))
            early_call := early(to_number("arg"))
            unused_ref := unused(input.missing)
            unused_var := unused(v) if v := 2
            """);
        // late: the function's own to_number runs before the argument would; unused: the undefined argument must still make the call undefined.
        c.InlinedSites().ShouldBe(["data.x.early", "data.x.unused"]);
        c.Outcome("data.x.late_call", options: Strict).ShouldBe("error eval_builtin_error: to_number: strconv.ParseFloat: parsing \"arg\": invalid syntax at test-0.rego:8:19");
        c.Outcome("data.x.early_call", options: Strict).ShouldBe("error eval_builtin_error: to_number: strconv.ParseFloat: parsing \"arg\": invalid syntax at test-0.rego:9:21");
        c.Outcome("data.x.unused_ref").ShouldBe("undefined");
        c.Outcome("data.x.unused_var").ShouldBe("1;");
    }

    [Fact]
    public void Builtin_error_in_an_inlined_function_is_reported_at_the_function_body()
    {
        var c = Compile("""
            package x
            import rego.v1

            env_name(e) := split(e, "=")[0]

            privileged_port(p) if to_number(split(p, "/")[0]) < 1024

            names contains env_name(e) if some e in input.env

            privileged contains p if {
                some p in input.ports
                privileged_port(p)
            }
            """);
        c.InlinedSites().ShouldBe(["data.x.env_name", "data.x.privileged_port"]);
        c.Outcome("data.x.names", """{"env": ["A=1", 5]}""", Strict).ShouldBe("error eval_type_error: split: operand 1 must be string but got number at test-0.rego:4:16");
        c.Outcome("data.x.names", """{"env": ["A=1", 5]}""").ShouldBe("""{"A"};""");
        c.Outcome("data.x.privileged", """{"ports": ["80/tcp", "x/tcp", "8080/tcp"]}""", Strict).ShouldBe("error eval_builtin_error: to_number: strconv.ParseFloat: parsing \"x\": invalid syntax at test-0.rego:6:23");
        c.Outcome("data.x.privileged", """{"ports": ["80/tcp", "x/tcp", "8080/tcp"]}""").ShouldBe("""{"80/tcp"};""");
    }

    private const string MockedModule = """
        package x
        import rego.v1

        f(s) := upper(s)
        g(s) := concat("", [s, "!"])
        ok(s) if startswith(s, "a")
        yes(_) := true
        always(_, _) := true

        value := f("abc")
        tested if ok("bcd")
        mocked_in_rule := v if v := value with f as g
        mocked_by_value := v if v := value with data.x.f as "const"
        mocked_test if tested with ok as yes
        mocked_builtin := v if v := value with upper as lower
        """;

    [Fact]
    public void With_mocks_replace_an_inlined_function()
    {
        var c = Compile(MockedModule);
        c.InlinedSites().ShouldBe(["data.x.ok", "data.x.f"]);
        c.Outcome("data.x.value").ShouldBe("\"ABC\";");
        c.Outcome("data.x.mocked_in_rule").ShouldBe("\"abc!\";");
        c.Outcome("data.x.mocked_by_value").ShouldBe("\"const\";");
        c.Outcome("data.x.mocked_builtin").ShouldBe("\"abc\";");
        c.Outcome("data.x.tested").ShouldBe("undefined");
        c.Outcome("data.x.tested with startswith as data.x.always").ShouldBe("true;");
        c.Outcome("data.x.mocked_test").ShouldBe("true;");
        c.Outcome("x := data.x.f(\"q\") with data.x.f as data.x.g").ShouldBe("x=\"q!\" ;");
        c.Outcome("data.x.value with data.x.f as data.x.g").ShouldBe("\"abc!\";");
        c.Outcome("data.x.tested with data.x.ok as data.x.yes").ShouldBe("true;");
        c.Outcome("data.x.ok(\"b\") with data.x.ok as data.x.yes").ShouldBe(";");
        c.Outcome("data.x.ok(\"b\")").ShouldBe("undefined");
    }

    [Fact]
    public void Mock_in_a_query_prepared_after_the_policy_wins()
    {
        var engine = Engine(MockedModule);
        engine.Compile();
        engine.Prepare("data.x.value").Evaluate().Value!.ToString().ShouldBe("\"ABC\"");
        engine.Prepare("data.x.value with data.x.f as data.x.g").Evaluate().Value!.ToString().ShouldBe("\"abc!\"");
        engine.Prepare("data.x.value with data.x.f as 1").Evaluate().Value!.ToString().ShouldBe("1");
        engine.Prepare("data.x.value with upper as lower").Evaluate().Value!.ToString().ShouldBe("\"abc\"");
        engine.Prepare("data.x.tested with data.x.ok as data.x.yes").Evaluate().Value!.ToString().ShouldBe("true");
        engine.Prepare("data.x.tested with startswith as data.x.always").Evaluate().Value!.ToString().ShouldBe("true");
        engine.Prepare("data.x.ok(\"b\") with startswith as data.x.always").Evaluate().IsDefined.ShouldBeTrue();
        engine.Prepare("data.x.ok(\"b\")").Evaluate().IsDefined.ShouldBeFalse();
    }

    [Fact]
    public void Calls_in_a_query_are_inlined()
    {
        var c = Compile(MockedModule);
        var ir = Compiler.CompileQuery(c.Inlined, RegoParser.ParseQuery("y := data.x.f(input.s); data.x.ok(y)"), valueMode: true);
        Compiler.InlinedCallSites(ir).ShouldBe(["data.x.f", "data.x.ok"]);
        c.Outcome("y := data.x.f(input.s); not data.x.ok(y)", """{"s": "abc"}""").ShouldBe("y=\"ABC\" ;");
        c.Outcome("y := data.x.f(input.s)").ShouldBe("undefined");
    }

    [Fact]
    public void Nested_functions_are_inlined_into_each_other()
    {
        var c = Compile("""
            package x
            import rego.v1

            inc(n) := n + 1
            inc2(n) := inc(inc(n))
            positive(n) if inc2(n) > 2
            r := [m | some n in input.ns; positive(n); m := inc2(n)]
            """);
        // inc inside inc2's own value, and in the copies of inc2 made at each call.
        c.InlinedSites().Count(s => s == "data.x.inc2").ShouldBe(2);
        c.InlinedSites().Count(s => s == "data.x.positive").ShouldBe(1);
        c.Outcome("data.x.r", """{"ns": [0, 1, 2, "a"]}""").ShouldBe("[3, 4];");
        c.Outcome("data.x.r", """{"ns": [0, 1, 2, "a"]}""", Strict).ShouldBe("error eval_type_error: plus: operand 1 must be number but got string at test-0.rego:4:11");
    }

    [Fact]
    public void Functions_with_default_else_several_definitions_or_locals_are_called()
    {
        var c = Compile("""
            package x
            import rego.v1

            default with_default(_) := "d"
            with_default(x) := upper(x)

            with_else(x) := "neg" if x < 0
            else := "pos"

            two(x) := "small" if x < 10
            two(x) := "large" if x >= 10

            local(x) := y if {
                y := x * 2
            }

            two_literals(x) if {
                x > 1
                x < 5
            }

            closure(x) := [y | some y in x]

            walker(x) := walk(x)

            printing(x) if print(x)

            now_plus(x) := time.now_ns() + x

            r := [with_default("a"), with_default(1), with_else(-1), with_else(1), two(1), two(20), local(3), two_literals(3), closure([1]), now_plus(0) > 0]
            p if printing(1)
            """);
        c.InlinedSites().ShouldBeEmpty();
        c.Outcome("data.x.r").ShouldBe("""["A", "d", "neg", "pos", "small", "large", 6, true, [1], true];""");
        c.Outcome("data.x.p").ShouldBe("true;");
        c.Outcome("x := data.x.two(5)").ShouldBe("x=\"small\" ;");
    }

    [Fact]
    public void Calls_whose_arguments_enumerate_keep_calling_the_function()
    {
        var c = Compile("""
            package x
            import rego.v1

            double(x) := x * 2
            even(x) if x % 2 == 0

            doubled contains double(input.ns[_])
            evens contains n if {
                n := input.ns[_]
                even(n)
            }
            pairs contains [i, d] if d := double(input.ns[i])
            """);
        c.Outcome("data.x.doubled", """{"ns": [1, 2, 3]}""").ShouldBe("{2, 4, 6};");
        c.Outcome("data.x.evens", """{"ns": [1, 2, 3, 4]}""").ShouldBe("{2, 4};");
        c.Outcome("data.x.pairs", """{"ns": [5, 6]}""").ShouldBe("{[0, 10], [1, 12]};");
        c.Outcome("[x | x := data.x.double(data.x.pairs[_][1])]", """{"ns": [5]}""").ShouldBe("[20];");
    }

    [Fact]
    public void Admission_benchmark_policy_inlines_its_helpers_and_decides_the_same()
    {
        var dir = Path.Combine(Path.GetDirectoryName(SourceFile())!, "..", "..", "Gateway.Benchmarks", "Policies");
        var c = Compile(File.ReadAllText(Path.Combine(dir, "admission.rego")));
        var sites = c.InlinedSites();
        sites.Count(s => s == "data.gateway.admission.env_name").ShouldBe(1);
        sites.Count(s => s == "data.gateway.admission.privileged_port").ShouldBe(1);
        sites.Count(s => s == "data.gateway.admission.role_allows").ShouldBe(6);
        // An else chain and multi-literal bodies are not inlined.
        sites.ShouldNotContain("data.gateway.admission.version_text");
        sites.ShouldNotContain("data.gateway.admission.valid_tag");

        var input = File.ReadAllText(Path.Combine(dir, "admission-input.json"));
        c.Outcome("data.gateway.admission.deny", input).ShouldBe("set();");
        var variants = new[]
        {
            input.Replace("\"Push\"", "\"Reader\"").Replace("\"Owner\"", "\"Other\""),
            input.Replace("\"push\"", "\"pull\"").Replace("\"Push\"", "\"Reader\"").Replace("\"Owner\"", "\"Other\""),
            input.Replace("\"8080/tcp\"", "\"22/tcp\""),
            input.Replace("\"PATH=", "\"DB_PASSWORD=x\", \"PATH="),
            input.Replace("\"roles\"", "\"no_roles\""),
        };
        foreach (var v in variants)
        {
            c.Outcome("data.gateway.admission.deny", v).ShouldNotBe("set();");
            c.Outcome("data.gateway.admission.deny", v, Strict);
        }
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
