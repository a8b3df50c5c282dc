using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class RenderTemplateTests
{
    private static string Render(string template, string varsJson) =>
        ((Gateway.Rego.Values.RegoString)Call("strings.render_template", S(template), J(varsJson))!).Value;

    [Theory]
    [InlineData("{{.test}}", "{\"test\": \"hello world\"}", "hello world")]
    [InlineData("{{.test}}", "{\"test\": 2023}", "2023")]
    [InlineData("{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}", "{\"hellonames\": [\"rohan\", \"john doe\"]}", "hello rohan,hello john doe")]
    [InlineData("{{.testvarnotprovided}}", "{\"test\": \"hello world\"}", "<undefined>")]
    [InlineData("test {{.foo}} {{.bar}} {{.baz}}", "{\"baz\": 1}", "test <undefined> <undefined> 1")]
    [InlineData("{{.a.b}}", "{\"a\": {\"b\": [1, \"x\", null, true]}}", "[1 x <nil> true]")]
    [InlineData("{{.}}", "{\"b\": 1, \"a\": {\"c\": 2}}", "map[a:map[c:2] b:1]")]
    [InlineData("{{.n}}", "{\"n\": null}", "<no value>")]
    [InlineData("{{if .x}}yes{{else}}no{{end}}", "{\"x\": false}", "no")]
    [InlineData("{{if .x}}yes{{else if .y}}y{{else}}no{{end}}", "{\"x\": \"\", \"y\": [1]}", "y")]
    [InlineData("{{if .n}}truthy{{end}}", "{\"n\": 0}", "truthy")]
    [InlineData("{{with .a}}{{.b}}{{else}}none{{end}}", "{\"a\": {\"b\": \"B\"}}", "B")]
    [InlineData("{{with .missing}}x{{else}}none{{end}}", "{}", "none")]
    [InlineData("{{range .xs}}[{{.}}]{{else}}empty{{end}}", "{\"xs\": []}", "empty")]
    [InlineData("{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", "{\"m\": {\"b\": 2, \"a\": 1}}", "a=1;b=2;")]
    [InlineData("{{range .xs}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "{\"xs\": [\"a\", \"b\", \"c\"]}", "a")]
    [InlineData("{{range .xs}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "{\"xs\": [\"a\", \"b\", \"c\"]}", "ac")]
    [InlineData("{{$x := .a}}{{$x}}{{$x = \"z\"}}{{$x}}", "{\"a\": \"y\"}", "yz")]
    [InlineData("a  {{- .x -}}  b", "{\"x\": 1}", "a1b")]
    [InlineData("a{{/* note */}}b", "{}", "ab")]
    [InlineData("{{len .xs}} {{index .xs 1}} {{index .m \"k\"}}", "{\"xs\": [1, 2], \"m\": {\"k\": \"v\"}}", "2 2 v")]
    [InlineData("{{printf \"%s-%v\" .a .n}}", "{\"a\": \"x\", \"n\": 3}", "x-3")]
    [InlineData("{{print \"a\" 1 2 \"b\"}}", "{}", "a1 2b")]
    [InlineData("{{.a | printf \"%q\"}}", "{\"a\": \"x\"}", "\"x\"")]
    [InlineData("{{and .a .b}} {{or .a .b}} {{not .a}}", "{\"a\": \"\", \"b\": \"x\"}", " x true")]
    [InlineData("{{html .s}} {{js .s}} {{urlquery .s}}", "{\"s\": \"<a&b c>\"}", "&lt;a&amp;b c&gt; \\u003Ca\\u0026b c\\u003E %3Ca%26b+c%3E")]
    [InlineData("{{lt 1 2}} {{ge \"b\" \"a\"}} {{ne .s \"x\"}}", "{\"s\": \"y\"}", "true true true")]
    [InlineData("{{(index .xs 0).name}}", "{\"xs\": [{\"name\": \"n\"}]}", "n")]
    [InlineData("{{slice .s 1 3}}", "{\"s\": \"abcd\"}", "bc")]
    public void Renders(string template, string vars, string expected) => Render(template, vars).ShouldBe(expected);

    [Theory]
    [InlineData("{{.a", "unclosed action")]
    [InlineData("{{if .a}}x", "unexpected EOF")]
    [InlineData("{{end}}", "unexpected {{end}}")]
    [InlineData("{{foo}}", "function \"foo\" not defined")]
    [InlineData("{{eq .n 1}}", "incompatible types for comparison")]
    [InlineData("{{$y}}", "undefined variable: $y")]
    [InlineData("{{.s.x}}", "can't evaluate field x in type string")]
    [InlineData("{{template \"x\"}}", "not supported")]
    public void Errors(string template, string message)
    {
        var e = BuiltinError("strings.render_template", S(template), J("{\"n\": 1, \"s\": \"str\"}"));
        e.Message.ShouldStartWith("template: template:");
        e.Message.ShouldContain(message);
    }

    [Fact]
    public void Operand_types()
    {
        TypeError("strings.render_template", N(1), J("{}")).Message.ShouldBe("operand 1 must be string but got number");
        TypeError("strings.render_template", S(""), J("[]")).Message.ShouldBe("operand 2 must be object but got array");
    }
}
