using Gateway.Rego.Parsing;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Parsing;

public sealed class AnnotationTests
{
    private static RegoValue Json(string json) => RegoJson.Parse(json);

    [Fact]
    public void Package_and_rule_blocks_attach_with_default_scopes()
    {
        var m = RegoParser.ParseModule("t.rego", """
            # METADATA
            # description: The Rego test suite
            package testing

            # A plain comment is not metadata.
            q := 1

            # METADATA
            # title: Testing annotations
            # authors:
            # - The OPA contributors
            p := x if {
            	x := rego.metadata.rule()
            }
            """);
        var pkg = m.Package.Annotations.Single();
        pkg.Scope.ShouldBe("package");
        pkg.Value.ShouldBe(Json("""{"description": "The Rego test suite", "scope": "package"}"""));
        (pkg.Loc.Row, pkg.Loc.Col).ShouldBe((1, 1));

        m.Rules[0].Annotations.ShouldBeEmpty();
        var rule = m.Rules[1].Annotations.Single();
        rule.Scope.ShouldBe("rule");
        rule.Value.ShouldBe(Json("""{"authors": [{"name": "The OPA contributors"}], "scope": "rule", "title": "Testing annotations"}"""));
    }

    [Fact]
    public void All_fields_are_converted()
    {
        var m = RegoParser.ParseModule("t.rego", """
            package p

            # METADATA
            # scope: document
            # title: T
            # description: D
            # entrypoint: true
            # organizations:
            # - Acme
            # related_resources:
            # - https://example.com
            # - ref: https://example.org/x
            #   description: more
            # authors:
            # - Jane Doe <jane@example.com>
            # - name: John
            #   email: john@example.com
            # schemas:
            # - input: schema.input
            # - data.foo: {type: string}
            # custom:
            #   level: 3
            #   tags: [a, "b"]
            #   flag: yes
            allow := true
            """);
        var a = m.Rules.Single().Annotations.Single();
        a.Scope.ShouldBe("document");
        a.Value.ShouldBe(Json("""
            {
              "scope": "document", "title": "T", "description": "D", "entrypoint": true,
              "organizations": ["Acme"],
              "related_resources": [{"ref": "https://example.com"}, {"ref": "https://example.org/x", "description": "more"}],
              "authors": [{"name": "Jane Doe", "email": "jane@example.com"}, {"name": "John", "email": "john@example.com"}],
              "schemas": [{"path": ["input"], "schema": ["schema", "input"]}, {"path": ["data", "foo"], "definition": {"type": "string"}}],
              "custom": {"level": 3, "tags": ["a", "b"], "flag": "yes"}
            }
            """));
    }

    [Fact]
    public void Entrypoint_on_a_rule_defaults_to_document_scope()
    {
        var m = RegoParser.ParseModule("t.rego", "package p\n# METADATA\n# entrypoint: true\nallow := true\n");
        m.Rules.Single().Annotations.Single().Scope.ShouldBe("document");
    }

    [Fact]
    public void Block_ends_at_a_gap_or_an_indented_comment()
    {
        var m = RegoParser.ParseModule("t.rego", "package p\n# METADATA\n# title: A\n  # description: not part of it\np := 1\n");
        m.Rules.Single().Annotations.Single().Value.ShouldBe(Json("""{"scope": "rule", "title": "A"}"""));
    }

    [Theory]
    [InlineData("# METADATA\n# scope: rule\npackage p\n", "annotation scope 'rule' must be applied to rule (have package)")]
    [InlineData("package p\n# METADATA\n# scope: package\np := 1\n", "annotation scope 'package' must be applied to package (have rule)")]
    [InlineData("package p\n# METADATA\n# scope: everything\np := 1\n", "invalid annotation scope 'everything'. Use one of 'rule', 'document', 'package', or 'subpackages'")]
    [InlineData("package p\n# METADATA\n# title: x\nimport data.x\n", "invalid annotation scope 'import'. Use one of 'rule', 'document', 'package', or 'subpackages'")]
    [InlineData("package p\n# METADATA\n# scope: rule\n# entrypoint: true\np := 1\n", "annotation entrypoint applied to non-document or package scope 'rule'")]
    [InlineData("package p\n# METADATA\np := 1\n", "expected METADATA block, found whitespace")]
    [InlineData("package p\n# METADATA\n# title: [unclosed\np := 1\n", "yaml: line")]
    [InlineData("package p\n# METADATA\n# authors:\n# - {}\np := 1\n", "'name' and/or 'email' values required in object")]
    [InlineData("package p\n# METADATA\n# schemas:\n# - input: notschema.x\np := 1\n", "invalid schema reference")]
    [InlineData("package p\n# METADATA\n# custom:\n#   a: &a [1]\n#   b: *a\np := 1\n", "aliases are not supported")]
    public void Invalid_blocks_are_parse_errors(string text, string message)
    {
        var ex = Should.Throw<RegoParseException>(() => RegoParser.ParseModule("t.rego", text));
        ex.Reason.ShouldContain(message);
        ex.Location.Col.ShouldBe(1);
    }

    [Theory]
    [InlineData("[", 100_000)]
    [InlineData("{a: ", 100_000)]
    [InlineData("- ", 100_000)]
    [InlineData("[", 65)]
    public void Deeply_nested_metadata_is_a_parse_error(string unit, int count)
    {
        var text = "package p\n# METADATA\n# custom:\n#   x: " + string.Concat(Enumerable.Repeat(unit, count)) + "\np := 1\n";
        Should.Throw<RegoParseException>(() => RegoParser.ParseModule("t.rego", text)).Location.Row.ShouldBe(2);
    }

    [Fact]
    public void Random_metadata_text_only_raises_parse_errors()
    {
        var rng = new Random(7);
        const string alphabet = "ab: -[]{},&*!|>'\"#\t ?%@`~1";
        for (var i = 0; i < 2000; i++)
        {
            var lines = Enumerable.Range(0, 1 + rng.Next(6))
                .Select(_ => "# " + new string(Enumerable.Range(0, rng.Next(30)).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray()));
            var text = "package p\n# METADATA\n" + string.Join("\n", lines) + "\np := 1\n";
            try
            {
                RegoParser.ParseModule("t.rego", text);
            }
            catch (RegoParseException ex)
            {
                ex.Reason.ShouldNotStartWith("internal parser error", customMessage: text);
            }
        }
    }
}
