using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Ext.B;

namespace Gateway.Rego.Tests.Builtins.Ext;

public class JsonBuiltinsTests
{
    [Theory]
    [InlineData("""{"a": {"b": {"c": 7, "d": 8}}, "e": 9}""", """["a/b/c"]""", """{"a": {"b": {"c": 7}}}""")]
    [InlineData("""{"a": {"b": {"c": 7, "d": 8}}, "e": 9}""", """["a/b/c", "e"]""", """{"a": {"b": {"c": 7}}, "e": 9}""")]
    [InlineData("""{"a": {"b": 7}}""", """["a", "a/b"]""", """{"a": {"b": 7}}""")]
    [InlineData("""{"a": [{"b": 7, "c": 8}, {"d": 9}]}""", """["a/0/b", "a/1"]""", """{"a": [{"b": 7}, {"d": 9}]}""")]
    [InlineData("""{"a": [{"1": ["b", "c", "d"]}, {"x": "y"}]}""", """["a/0/1/2"]""", """{"a": [{"1": ["d"]}]}""")]
    [InlineData("""{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}""", """["a/b/d", ["a", "b", "c"]]""", """{"a": {"b": {"c": 7, "d": 8}}}""")]
    [InlineData("""{}""", """["a/b"]""", """{}""")]
    [InlineData("""{"a": 7}""", """[]""", """{}""")]
    public void Filter(string obj, string paths, string expected) => Call("json.filter", J(obj), J(paths)).ShouldBeJson(expected);

    [Fact]
    public void FilterAcceptsSetsOfPaths() =>
        Call("json.filter", J("""{"a": {"b": {"c": 7, "d": 8}}, "e": 9}"""), Set(Arr(S("a"), S("b"), S("c")), Arr(S("e")))).ShouldBeJson("""{"a": {"b": {"c": 7}}, "e": 9}""");

    [Theory]
    [InlineData("""{"a": {"b": {"c": 7, "d": 8}}, "e": 9}""", """["a/b/c"]""", """{"a": {"b": {"d": 8}}, "e": 9}""")]
    [InlineData("""{"a": {"b": 7}, "c": 1}""", """["a", "a/b"]""", """{"c": 1}""")]
    [InlineData("""{"a": {"b": 7}, "c": 1}""", """["a/b", "c"]""", """{"a": {}}""")]
    [InlineData("""{"a": [{"b": 7, "c": 8}, {"d": 9}]}""", """["a/0/b", "a/1"]""", """{"a": [{"c": 8}]}""")]
    [InlineData("""{"a": [{"1": ["b", "c", "d"]}, {"x": "y"}]}""", """["a/0/1/2"]""", """{"a": [{"1": ["b", "c"]}, {"x": "y"}]}""")]
    [InlineData("""{"a": {"b": {"c": 7, "d": 8, "x": 0}}, "e": 9}""", """["a/b/d", ["a", "b", "c"]]""", """{"a": {"b": {"x": 0}}, "e": 9}""")]
    [InlineData("""{"a": 7}""", """[]""", """{"a": 7}""")]
    public void Remove(string obj, string paths, string expected) => Call("json.remove", J(obj), J(paths)).ShouldBeJson(expected);

    [Fact]
    public void RemoveErrors()
    {
        TypeError("json.remove", S("foo"), Set(S("a/b/c"))).ShouldBe("operand 1 must be object but got string");
        TypeError("json.remove", J("{}"), N(22)).ShouldBe("operand 2 must be one of {set, array} but got number");
        TypeError("json.remove", J("{}"), Set(N(1), S("a"))).ShouldBe("operand 2 must be one of {set, array} containing string paths or array of path segments but got number");
        TypeError("json.filter", J("{}"), J("""["a", {"x": 1}]""")).ShouldBe("operand 2 must be one of {set, array} containing string paths or array of path segments but got object");
    }

    [Theory]
    [InlineData("""{"foo": "bar"}""", """[{"op": "add", "path": "/baz", "value": "qux"}]""", """{"baz": "qux", "foo": "bar"}""")]
    [InlineData("""{"foo": ["bar", "baz"]}""", """[{"op": "add", "path": "/foo/1", "value": "qux"}]""", """{"foo": ["bar", "qux", "baz"]}""")]
    [InlineData("""{"foo": ["bar", "qux", "baz"]}""", """[{"op": "remove", "path": "/foo/1"}]""", """{"foo": ["bar", "baz"]}""")]
    [InlineData("""{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}""", """[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]""", """{"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}""")]
    [InlineData("""{"foo": ["all", "grass", "cows", "eat"]}""", """[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]""", """{"foo": ["all", "cows", "eat", "grass"]}""")]
    [InlineData("""{"/": 9, "~1": 10}""", """[{"op": "test", "path": "/~01", "value": 10}]""", """{"/": 9, "~1": 10}""")]
    [InlineData("""{}""", """[{"op": "add", "path": "/", "value": 1}]""", """{"": 1}""")]
    [InlineData("""{"foo": {}}""", """[{"op": "add", "path": "/foo/", "value": 1}]""", """{"foo": {"": 1}}""")]
    [InlineData("""{}""", """[{"op": "add", "path": "", "value": []}]""", """[]""")]
    [InlineData("""[]""", """[{"op": "add", "path": "/-", "value": "hi"}]""", """["hi"]""")]
    [InlineData("""[1, 2, [3, [4, 5]]]""", """[{"op": "add", "path": "/2/1/-", "value": {"foo": ["bar", "baz"]}}]""", """[1, 2, [3, [4, 5, {"foo": ["bar", "baz"]}]]]""")]
    [InlineData("""[1, 2, 3, 4]""", """[{"op": "remove", "path": "/1"}, {"op": "remove", "path": "/2"}]""", """[1, 3]""")]
    [InlineData("""{"foo": null}""", """[{"op": "copy", "from": "/foo", "path": "/bar"}]""", """{"foo": null, "bar": null}""")]
    [InlineData("""{"foo": 1}""", """[{"op": "move", "from": "/foo", "path": "/foo"}]""", """{"foo": 1}""")]
    [InlineData("""{"foo": "bar"}""", """[{"op": "replace", "path": "", "value": {"baz": "qux"}}]""", """{"baz": "qux"}""")]
    [InlineData("""{"1e0": "foo"}""", """[{"op": "test", "path": "/1e0", "value": "foo"}]""", """{"1e0": "foo"}""")]
    public void PatchApplies(string doc, string patch, string expected) => Call("json.patch", J(doc), J(patch)).ShouldBeJson(expected);

    [Theory]
    [InlineData("""{"q": {"bar": 2}}""", """[{"op": "add", "path": "/a/b", "value": 1}]""")]
    [InlineData("""{"baz": "qux"}""", """[{"op": "test", "path": "/baz", "value": "bar"}]""")]
    [InlineData("""{"bar": [1, 2]}""", """[{"op": "add", "path": "/bar/8", "value": "5"}]""")]
    [InlineData("""{"bar": [1, 2]}""", """[{"op": "add", "path": "/bar/-1", "value": "5"}]""")]
    [InlineData("""["foo", "bar"]""", """[{"op": "test", "path": "/1e0", "value": "bar"}]""")]
    [InlineData("""["foo", "sil"]""", """[{"op": "add", "path": "/bar", "value": 42}]""")]
    [InlineData("""["foo", "bar"]""", """[{"op": "test", "path": "/01", "value": "bar"}]""")]
    [InlineData("""{}""", """[{"op": "add", "value": "bar"}]""")]
    [InlineData("""{}""", """[{"op": "add", "path": null, "value": "bar"}]""")]
    [InlineData("""[1]""", """[{"op": "replace", "path": "/0"}]""")]
    [InlineData("""{"foo": 1}""", """[{"op": "copy", "from": "/bar", "path": "/foo"}]""")]
    [InlineData("""{"foo": 1}""", """[{"op": "spam", "path": "/foo", "value": 1}]""")]
    [InlineData("""{"foo": "bar"}""", """[{"op": "remove", "path": "/missing1/missing2"}]""")]
    [InlineData("""["foo", "bar"]""", """[{"op": "remove", "path": "/2"}]""")]
    [InlineData("""[1, 2, 3]""", """[{"op": "add", "path": "1.2", "value": "foo"}]""")]
    public void PatchFailuresAreUndefined(string doc, string patch) => Call("json.patch", J(doc), J(patch)).ShouldBeNull();

    [Fact]
    public void PatchWorksOnSets()
    {
        var doc = new RegoObject(new() { [S("foo")] = Set(S("a"), S("b"), S("c")) });
        Call("json.patch", doc, J("""[{"op": "remove", "path": "foo/b"}]""")).ShouldBe(new RegoObject(new() { [S("foo")] = Set(S("a"), S("c")) }));
        Call("json.patch", doc, J("""[{"op": "add", "path": "foo/d", "value": "d"}]""")).ShouldBe(new RegoObject(new() { [S("foo")] = Set(S("a"), S("b"), S("c"), S("d")) }));
        Call("json.patch", doc, J("""[{"op": "add", "path": "foo/d", "value": "e"}]""")).ShouldBeNull();
        Call("json.patch", Set(Arr(N(1))), J("""[{"op": "add", "path": [[1], 1], "value": 2}]""")).ShouldBe(Set(Arr(N(1), N(2))));
    }

    [Fact]
    public void MatchSchema()
    {
        var schema = J("""{"type": "object", "properties": {"name": {"type": "string", "minLength": 2}, "age": {"type": "integer", "minimum": 0}}, "required": ["name"], "additionalProperties": false}""");
        Call("json.match_schema", J("""{"name": "bob", "age": 3}"""), schema).ShouldBeJson("[true, []]");
        Call("json.match_schema", J("""{"age": "x", "extra": 1}"""), schema).ShouldBeJson("""
            [false, [
              {"error": "(root): name is required", "type": "required", "field": "(root)", "desc": "name is required"},
              {"error": "(root): Additional property extra is not allowed", "type": "additional_property_not_allowed", "field": "(root)", "desc": "Additional property extra is not allowed"},
              {"error": "age: Invalid type. Expected: integer, given: string", "type": "invalid_type", "field": "age", "desc": "Invalid type. Expected: integer, given: string"}
            ]]
            """);
        Call("json.match_schema", S("""{"name": "b"}"""), S(RegoJson.ToJson(schema))).ShouldBeJson("""
            [false, [{"error": "name: String length must be greater than or equal to 2", "type": "string_gte", "field": "name", "desc": "String length must be greater than or equal to 2"}]]
            """);
        var refs = J("""{"definitions": {"pos": {"type": "number", "exclusiveMinimum": 0}}, "type": "array", "items": {"$ref": "#/definitions/pos"}}""");
        Call("json.match_schema", J("[1, 0]"), refs).ShouldBeJson("""[false, [{"error": "1: Must be greater than 0", "type": "number_gt", "field": "1", "desc": "Must be greater than 0"}]]""");
        Call("json.match_schema", S("\"x\""), J("""{"enum": ["a", "b"]}""")).ShouldBeJson("""[false, [{"error": "(root): (root) must be one of the following: \"a\", \"b\"", "type": "enum", "field": "(root)", "desc": "(root) must be one of the following: \"a\", \"b\""}]]""");
    }

    [Fact]
    public void VerifySchema()
    {
        Call("json.verify_schema", J("""{"type": "string"}""")).ShouldBeJson("[true, null]");
        Call("json.verify_schema", S("{")).ShouldBeJson("""[false, "jsonschema: invalid JSON string"]""");
        Call("json.verify_schema", N(1)).ShouldBeJson("""[false, "jsonschema: wrong type, expected string or object"]""");
        var bad = (RegoArray)Call("json.verify_schema", J("""{"type": "strin"}"""))!;
        bad[0].ShouldBe(RegoBool.False);
        ((RegoString)bad[1]).Value.ShouldStartWith("jsonschema: has a primitive type that is NOT VALID -- given: /strin/");
    }

    // go-yaml prints libyaml's 0-based line for parser errors; the stream end after an unterminated last line sits
    // on the next line (libyaml forces a line break there).
    [Theory]
    [InlineData("[1,2,3", "yaml: line 1: did not find expected ',' or ']'")]
    [InlineData("a:\n  - [1,2\n", "yaml: line 2: did not find expected ',' or ']'")]
    public void Yaml_parser_errors_name_the_line_as_go_yaml_does(string text, string expected) =>
        Error("yaml.unmarshal", S(text)).ShouldBe(expected);
}
