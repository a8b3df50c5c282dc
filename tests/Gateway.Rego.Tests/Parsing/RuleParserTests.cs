using Gateway.Rego.Ast;
using Gateway.Rego.Parsing;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Parsing.AstPrinter;

namespace Gateway.Rego.Tests.Parsing;

public sealed class RuleParserTests
{
    private static Module M(string rules) => RegoParser.ParseModule("test.rego", "package test\n\n" + rules);

    private static string R(string rules) => string.Join("\n", M(rules).Rules.Select(Print));

    [Theory]
    [InlineData("p := 1", "Complete ref(p) := 1 {  }")]
    [InlineData("p = 1", "Complete ref(p) = 1 {  }")]
    [InlineData("p if { true }", "Complete ref(p) { true }")]
    [InlineData("p if {\n  x := 1\n  x > 0\n}", "Complete ref(p) { assign(x, 1); gt(x, 0) }")]
    [InlineData("p if input.x == 1", "Complete ref(p) { equal(input.x, 1) }")]
    [InlineData("p if not q", "Complete ref(p) { not q }")]
    [InlineData("p if some x in input.xs", "Complete ref(p) { some x in input.xs }")]
    [InlineData("p if {}", "Complete ref(p) { {} }")]
    [InlineData("p := v if { v := 2 }", "Complete ref(p) := v { assign(v, 2) }")]
    [InlineData("p := v if v := 2", "Complete ref(p) := v { assign(v, 2) }")]
    [InlineData("p contains x if { some x in [1, 2] }", "PartialSet ref(p) contains x { some x in [1, 2] }")]
    [InlineData("p contains 1", "PartialSet ref(p) contains 1 {  }")]
    [InlineData("p contains x if x := 1", "PartialSet ref(p) contains x { assign(x, 1) }")]
    [InlineData("p[k] := v if { k := \"a\"; v := 1 }", "PartialObject p[k] := v { assign(k, \"a\"); assign(v, 1) }")]
    [InlineData("p[x] if { x := 1 }", "PartialObject p[x] { assign(x, 1) }")]
    [InlineData("p[\"a\"] := 1", "Complete p.a := 1 {  }")]
    [InlineData("p[[1, \"b\"]] := 1", "Complete p[[1, \"b\"]] := 1 {  }")]
    [InlineData("a.b[c].d := 1 if { c := \"x\" }", "PartialObject a.b[c].d := 1 { assign(c, \"x\") }")]
    [InlineData("a.b.c := 1", "Complete a.b.c := 1 {  }")]
    [InlineData("a.b.c if true", "Complete a.b.c { true }")]
    [InlineData("a.b.c", "Complete a.b.c {  }")]
    [InlineData("a.b contains x if x := 1", "PartialSet a.b contains x { assign(x, 1) }")]
    [InlineData("p[x] contains y if { x := 1; y := 2 }", "PartialSet p[x] contains y { assign(x, 1); assign(y, 2) }")]
    [InlineData("f(x, y) := z if { z := x + y }", "Function ref(f)(x, y) := z { assign(z, plus(x, y)) }")]
    [InlineData("f(x) if x > 1", "Function ref(f)(x) { gt(x, 1) }")]
    [InlineData("f(x) := 1", "Function ref(f)(x) := 1 {  }")]
    [InlineData("f(_) = 1", "Function ref(f)(_) = 1 {  }")]
    [InlineData("a.b.f(x) := x", "Function a.b.f(x) := x {  }")]
    [InlineData("f([a, b]) := a", "Function ref(f)([a, b]) := a {  }")]
    [InlineData("default p := false", "default Complete ref(p) := false {  }")]
    [InlineData("default p = {\"a\": [1]}", "default Complete ref(p) = {\"a\": [1]} {  }")]
    [InlineData("default f(_) := 1", "default Function ref(f)(_) := 1 {  }")]
    [InlineData("default p := [x | x := 1]", "default Complete ref(p) := [x | assign(x, 1)] {  }")]
    [InlineData("p if { a } { b }", "Complete ref(p) { a }\nComplete ref(p) { b }")]
    [InlineData("p if {\n true\n}\nq := 2", "Complete ref(p) { true }\nComplete ref(q) := 2 {  }")]
    [InlineData("p := 1 q := 2", "Complete ref(p) := 1 {  }\nComplete ref(q) := 2 {  }")]
    [InlineData("if.x := 1", "Complete if.x := 1 {  }")]
    public void Rule_forms(string rules, string expected) => R(rules).ShouldBe(expected);

    [Theory]
    [InlineData("p := 1 if { false } else := 2", "Complete ref(p) := 1 { false } else := 2 {  }")]
    [InlineData("p := 1 if { false } else := 2 if { true } else := 3",
        "Complete ref(p) := 1 { false } else := 2 { true } else := 3 {  }")]
    [InlineData("p if { false } else = false", "Complete ref(p) { false } else = false {  }")]
    [InlineData("p := 1 if { false } else if { true }", "Complete ref(p) := 1 { false } else { true }")]
    [InlineData("p := 1 if false else := 2 if true", "Complete ref(p) := 1 { false } else := 2 { true }")]
    [InlineData("f(x) := 1 if { x > 0 } else := 2", "Function ref(f)(x) := 1 { gt(x, 0) } else := 2 {  }")]
    [InlineData("p[\"a\"] := 1 if { false } else := 2", "Complete p.a := 1 { false } else := 2 {  }")]
    public void Else_chains(string rules, string expected) => R(rules).ShouldBe(expected);

    [Fact]
    public void Else_rules_share_ref_and_args_and_carry_their_own_value()
    {
        var rule = M("f(x) := 1 if { x } else := 2 if { true }").Rules.Single();
        var e = rule.Else.ShouldNotBeNull();
        e.Head.Ref.ShouldBe(rule.Head.Ref);
        e.Head.Args.ShouldBe(rule.Head.Args);
        e.Head.Kind.ShouldBe(RuleKind.Function);
        e.Head.Value.ShouldBeOfType<ScalarTerm>().Value.ShouldBe(RegoNumber.Of(2));
        e.Head.Assign.ShouldBeTrue();
        e.IsDefault.ShouldBeFalse();
        e.Else.ShouldBeNull();
    }

    [Fact]
    public void Head_value_absent_means_true()
    {
        var head = M("p if { true }").Rules.Single().Head;
        head.Value.ShouldBeNull();
        head.Assign.ShouldBeFalse();
        head.Key.ShouldBeNull();
        head.Args.ShouldBeNull();
    }

    [Fact]
    public void Package_and_imports()
    {
        var m = RegoParser.ParseModule("x.rego", """
            package a.b["c"]

            import rego.v1
            import future.keywords
            import future.keywords.in
            import data.x.y as z
            import input.foo

            p := 1
            """);
        Print(m.Package.Path).ShouldBe("data.a.b.c");
        m.Imports.Select(i => Print(i.Path) + (i.Alias is null ? "" : " as " + i.Alias))
            .ShouldBe(["rego.v1", "future.keywords", "future.keywords.in", "data.x.y as z", "input.foo"]);
        m.FileName.ShouldBe("x.rego");
        m.Rules.Count.ShouldBe(1);
    }

    [Fact]
    public void Package_with_keyword_names()
    {
        Print(RegoParser.ParseModule("x.rego", "package if.in").Package.Path).ShouldBe("data.if.in");
    }

    [Theory]
    [InlineData("p { true }", "`if` keyword is required before rule body")]
    [InlineData("p[x] { x := 1 }", "`if` keyword is required before rule body")]
    [InlineData("p contains x { x := 1 }", "`if` keyword is required before rule body")]
    [InlineData("p := 1 if { false } else := 2 { true }", "`if` keyword is required before rule body")]
    [InlineData("f(x) { true }", "`if` keyword is required before function body")]
    [InlineData("f(x) := 1 if { false } else := 2 { true }", "`if` keyword is required before function body")]
    [InlineData("p", "var cannot be used for rule name")]
    [InlineData("p[x]", "`contains` keyword is required for partial set rules")]
    [InlineData("p.q", "`contains` keyword is required for partial set rules")]
    [InlineData("default p", "illegal default rule (must have a value)")]
    [InlineData("default p := x", "illegal default rule (value cannot contain var)")]
    [InlineData("default p := input.x", "illegal default rule (value cannot contain ref)")]
    [InlineData("default p := [f(1)]", "illegal default rule (value cannot contain call)")]
    [InlineData("default f(1) := 1", "illegal default rule (arguments cannot contain number)")]
    [InlineData("default f(x, x) := 1", "illegal default rule (arguments cannot be repeated x)")]
    [InlineData("p[x] := 1 if { x := 1 } else := 2", "else keyword cannot be used on rules with variables in head")]
    [InlineData("p contains 1 if { true } else := 2", "else keyword cannot be used on multi-value rules")]
    [InlineData("p if { true } else := 1 { false }", "`if` keyword is required before rule body")]
    [InlineData("p := 1 if { a } else := 2 if { b } { c }", "expected else keyword")]
    [InlineData("f(x) contains 1", "the contains keyword can only be used with multi-value rule definitions")]
    [InlineData("p + 1", "unexpected plus token")]
    [InlineData("1 = p", "unexpected number token")]
    [InlineData("p if", "unexpected eof token")]
    [InlineData("p := 1 else := 2", "unexpected else keyword")]
    [InlineData("package q", "unexpected package")]
    public void Rule_errors(string rules, string message) =>
        Should.Throw<RegoParseException>(() => M(rules)).Reason.ShouldContain(message);

    [Theory]
    [InlineData("", "empty module")]
    [InlineData("# only a comment\n", "empty module")]
    [InlineData("p := 1", "package expected")]
    [InlineData("package 1", "unexpected number token")]
    [InlineData("package a[1]", "unexpected number token: expecting string")]
    [InlineData("package p\nimport foo.bar", "unexpected import path, must begin with one of: {data, future, input, rego}, got: foo")]
    [InlineData("package p\nimport future.keywords.foo", "unexpected keyword, must be one of [contains every if in]")]
    [InlineData("package p\nimport future.foo", "invalid import, must be `future.keywords`")]
    [InlineData("package p\nimport future.keywords as k", "`future` imports cannot be aliased")]
    [InlineData("package p\nimport rego.v2", "invalid import, `rego.v2` is not supported by current capabilities")]
    [InlineData("package p\nimport data.foo.if", "unexpected import path, must not end with a keyword, got: if")]
    [InlineData("package p\nimport data.foo[1]", "unexpected number token: expecting string")]
    [InlineData("package p\nimport data.foo as 1", "expected var")]
    public void Module_errors(string text, string message) =>
        Should.Throw<RegoParseException>(() => RegoParser.ParseModule("m.rego", text)).Reason.ShouldContain(message);
}
