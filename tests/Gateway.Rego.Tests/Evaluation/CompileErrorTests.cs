namespace Gateway.Rego.Tests.Evaluation;

public sealed class CompileErrorTests
{
    private static RegoException Compile(params string[] modules) =>
        Should.Throw<RegoException>(() => RegoTestHelpers.Engine(modules).Compile());

    [Fact]
    public void Unbound_variable_is_unsafe()
    {
        var ex = Compile("package p\n\np if {\n\tx > 1\n}");
        ex.Code.ShouldBe(RegoErrorCodes.UnsafeVar);
        ex.Message.ShouldBe("test-0.rego:4: rego_unsafe_var_error: var x is unsafe");
    }

    [Fact]
    public void Head_variable_not_bound_by_the_body_is_unsafe()
    {
        Compile("package p\np[x] := 1 if true").RegoMessage.ShouldBe("var x is unsafe");
    }

    [Fact]
    public void Variable_only_in_a_negation_is_unsafe_but_a_wildcard_is_not()
    {
        Compile("package p\nq contains 1\np if { not q[x] }").RegoMessage.ShouldBe("var x is unsafe");
        Should.NotThrow(() => RegoTestHelpers.Engine("package p\nq contains 1\np if { not q[_] }").Compile());
    }

    [Fact]
    public void Body_is_reordered_so_variables_are_bound_first()
    {
        RegoTestHelpers.Text("package p\np := y if {\n\ty > 1\n\ty = x + 1\n\tx = input.n\n}", "data.p.p", """{"n": 5}""").ShouldBe("6");
    }

    [Fact]
    public void Comprehension_is_placed_after_the_variables_it_captures()
    {
        RegoTestHelpers.Text("package p\np := ys if {\n\tys := [y | some y in xs; y > n]\n\tn = 1\n\txs = [1, 2, 3]\n}", "data.p.p").ShouldBe("[2, 3]");
    }

    [Fact]
    public void Recursion_is_rejected()
    {
        var ex = Compile("package p\np if q\nq if p");
        ex.Code.ShouldBe(RegoErrorCodes.Recursion);
        ex.RegoMessage.ShouldContain("is recursive");
    }

    [Fact]
    public void Recursion_through_a_ref_with_a_variable_is_rejected()
    {
        Compile("package p\np contains x if data.p[x]").Code.ShouldBe(RegoErrorCodes.Recursion);
    }

    /// <summary>
    /// An object built both by a rule of its own (o[k] := …) and by a rule below it (o["a"] := …): its document
    /// includes the child's, so a cycle through the child is recursion. (Found by the random-policy tests: it used to
    /// compile and then fail at run time with "maximum evaluation depth exceeded".)
    /// </summary>
    [Fact]
    public void Recursion_through_a_rule_below_an_object_rule_is_rejected()
    {
        var ex = Compile("""
            package p
            import rego.v1

            o[k] := 1 if some k in input.keys
            o["a"] := 2 if s[0]
            s contains 1 if o[input.k] > 0
            """);
        ex.Code.ShouldBe(RegoErrorCodes.Recursion);
        ex.RegoMessage.ShouldBe("rule data.p.o is recursive: data.p.o -> data.p.o.a -> data.p.s -> data.p.o");
    }

    [Fact]
    public void Ref_with_a_variable_that_cannot_reach_the_rule_is_not_recursion()
    {
        RegoTestHelpers.Text("package p\np := data[k].allow if k := \"q\"", "data.p.p", dataJson: """{"q": {"allow": 1}}""").ShouldBe("1");
    }

    [Fact]
    public void Assignment_twice_is_an_error()
    {
        Compile("package p\np if { x := 1; x := 2 }").RegoMessage.ShouldBe("var x assigned above");
    }

    [Fact]
    public void Use_before_assignment_is_an_error()
    {
        Compile("package p\np if { x == 1; x := 1 }").RegoMessage.ShouldBe("var x referenced above");
    }

    [Fact]
    public void Unknown_function_is_a_type_error()
    {
        var ex = Compile("package p\np := nope(1)");
        ex.Code.ShouldBe(RegoErrorCodes.TypeError);
        ex.RegoMessage.ShouldBe("undefined function nope");
    }

    [Fact]
    public void Wrong_arity_is_a_type_error()
    {
        Compile("package p\np := count(1, 2, 3)").RegoMessage.ShouldStartWith("count: arity mismatch");
    }

    [Fact]
    public void Mixed_rule_kinds_at_one_path_conflict()
    {
        Compile("package p\np := 1\np contains 2").RegoMessage.ShouldBe("conflicting rules data.p.p found");
    }

    [Fact]
    public void Complete_rule_with_rules_below_it_conflicts()
    {
        Compile("package p\nq := {\"r\": 1}\nq.r := 2").RegoMessage.ShouldBe("rule data.p.q conflicts with [data.p.q.r]");
        Should.NotThrow(() => RegoTestHelpers.Engine("package p\nq[k] := 1 if k := \"a\"\nq.r := 2").Compile());
    }

    [Fact]
    public void Several_errors_are_reported_together()
    {
        var ex = Compile("package p\na if x\nb if y");
        ex.Errors.Count.ShouldBe(2);
        ex.Message.ShouldStartWith("2 errors occurred:");
    }
}
