using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class ObjectBuiltinsTests
{
    [Theory]
    [InlineData("{\"a\": \"b\"}", "\"a\"", "\"c\"", "\"b\"")]
    [InlineData("{\"a\": \"b\"}", "\"c\"", "\"c\"", "\"c\"")]
    [InlineData("{\"a\": {\"b\": \"c\"}}", "\"a\"", "true", "{\"b\": \"c\"}")]
    [InlineData("{\"a\": {\"b\": \"c\"}}", "\"b\"", "true", "true")]
    [InlineData("{\"a\": 1}", "[]", "2", "{\"a\": 1}")]
    [InlineData("{\"a\": 1}", "[\"a\"]", "2", "1")]
    [InlineData("{\"a\": {\"b\": 1}}", "[\"a\", \"b\"]", "2", "1")]
    [InlineData("{\"a\": {\"b\": {\"c\": 1}}}", "[\"a\", \"b\", \"c\"]", "2", "1")]
    [InlineData("{\"a\": 1}", "[\"b\"]", "2", "2")]
    [InlineData("{\"a\": {\"b\": 1}}", "[\"b\", \"a\"]", "2", "2")]
    [InlineData("{\"a\": {\"b\": {\"c\": 1}}}", "[\"a\", \"b\", \"a\"]", "2", "2")]
    [InlineData("{\"a\": {\"b\": [1, 2, 3]}}", "[\"a\", \"b\", \"a\"]", "2", "2")]
    [InlineData("{\"a\": {\"b\": [{\"c\": 1}]}}", "[\"a\", \"b\", 0, \"c\"]", "2", "1")]
    [InlineData("{\"a\": {\"b\": [{\"c\": 1}]}}", "[\"a\", \"b\", 1, \"c\"]", "2", "2")]
    public void Object_get(string obj, string key, string fallback, string expected) => ShouldReturn("object.get", expected, obj, key, fallback);

    [Fact]
    public void Object_get_with_non_string_keys()
    {
        var obj = Obj((N(1), N(2)));
        Call("object.get", obj, N(1), N(3)).ShouldBe(N(2));
        Call("object.get", obj, N(2), N(3)).ShouldBe(N(3));
        var nested = Obj((N(1), Obj((S("b"), Obj((J("[1, 2, 3]"), N(1)))))));
        Call("object.get", nested, J("[1, \"b\", [1, 2, 3]]"), N(2)).ShouldBe(N(1));
        TypeError("object.get", S("object"), J("[\"a\"]"), N(2)).Message.ShouldBe("operand 1 must be object but got string");
    }

    [Fact]
    public void Object_remove()
    {
        ShouldReturn("object.remove", "{\"b\": {\"c\": 3}}", "{\"a\": 1, \"b\": {\"c\": 3}}", "[\"a\"]");
        Call("object.remove", J("{\"a\": 1, \"b\": {\"c\": 3}, \"d\": 4}"), Set(S("b"), S("d"))).ShouldBe(J("{\"a\": 1}"));
        ShouldReturn("object.remove", "{\"a\": 1}", "{\"a\": 1, \"b\": {\"c\": 3}, \"d\": 4}", "[\"d\", \"b\"]");
        ShouldReturn("object.remove", "{\"a\": 1}", "{\"a\": 1, \"b\": {\"c\": 3}, \"d\": 4}", "{\"b\": 1, \"d\": \"\"}");
        ShouldReturn("object.remove", "{\"x\": 123}", "{\"a\": {\"b\": {\"c\": 2}}, \"x\": 123}", "{\"a\": {\"b\": {\"foo\": \"bar\"}}}");
        ShouldReturn("object.remove", "{}", "{}", "[\"a\", \"b\"]");
        Call("object.remove", J("{\"a\": 1}"), RegoSet.Empty).ShouldBe(J("{\"a\": 1}"));
        ShouldReturn("object.remove", "{\"a\": 1}", "{\"a\": 1}", "[\"z\"]");
        var nonString = Obj((S("a"), N(1)), (J("[[7]]"), N(2)));
        Call("object.remove", nonString, Set(J("[[7]]"))).ShouldBe(J("{\"a\": 1}"));
    }

    [Theory]
    [InlineData("[\"a\"]", "array")]
    [InlineData("false", "boolean")]
    [InlineData("123", "number")]
    [InlineData("\"foo\"", "string")]
    [InlineData("null", "null")]
    public void Object_remove_operand_1_must_be_object(string value, string type) =>
        TypeError("object.remove", J(value), Set(S("a"))).Message.ShouldBe($"operand 1 must be object but got {type}");

    [Theory]
    [InlineData("\"foo\"", "string")]
    [InlineData("true", "boolean")]
    [InlineData("22", "number")]
    [InlineData("null", "null")]
    public void Object_remove_keys_must_be_collection(string value, string type) =>
        TypeError("object.remove", J("{\"a\": 1}"), J(value)).Message.ShouldBe($"operand 2 must be one of {{object, set, array}} but got {type}");

    [Fact]
    public void Object_remove_and_filter_do_not_change_the_input()
    {
        var input = J("{\"a\": 1, \"b\": 2, \"c\": 3}");
        Call("object.remove", input, Set(S("a"))).ShouldBe(J("{\"b\": 2, \"c\": 3}"));
        Call("object.filter", input, Set(S("b"))).ShouldBe(J("{\"b\": 2}"));
        input.ShouldBe(J("{\"a\": 1, \"b\": 2, \"c\": 3}"));
    }

    [Fact]
    public void Object_filter()
    {
        ShouldReturn("object.filter", "{\"a\": 1}", "{\"a\": 1, \"b\": 2}", "[\"a\", \"z\"]");
        ShouldReturn("object.filter", "{\"b\": 2}", "{\"a\": 1, \"b\": 2}", "{\"b\": null}");
        var nonString = Obj((S("a"), N(1)), (J("[[7]]"), N(2)));
        Call("object.filter", nonString, Set(J("[[7]]"))).ShouldBe(Obj((J("[[7]]"), N(2))));
        TypeError("object.filter", J("{}"), N(1)).Message.ShouldBe("operand 2 must be one of {object, set, array} but got number");
    }

    [Fact]
    public void Object_union_merges_recursively_right_wins()
    {
        ShouldReturn("object.union", "{\"a\": 1, \"b\": 2, \"c\": 3}", "{\"a\": 1, \"b\": 2}", "{\"c\": 3}");
        ShouldReturn("object.union", "{\"a\": {\"b\": 1, \"c\": 2}}", "{\"a\": {\"b\": 1}}", "{\"a\": {\"c\": 2}}");
        ShouldReturn("object.union", "{\"a\": 4}", "{\"a\": {\"b\": 1}}", "{\"a\": 4}");
        TypeError("object.union", J("{}"), J("[]")).Message.ShouldBe("operand 2 must be object but got array");
    }

    [Fact]
    public void Object_union_n()
    {
        ShouldReturn("object.union_n", "{}", "[{}]");
        ShouldReturn("object.union_n", "{\"foo\": \"bar\"}", "[{\"foo\": \"bar\"}]");
        ShouldReturn("object.union_n", "{\"foo\": \"bar\", \"x\": \"y\"}", "[{\"foo\": \"bar\"}, {\"x\": \"y\"}]");
        ShouldReturn("object.union_n", "{\"foo\": \"baz\"}", "[{\"foo\": \"bar\"}, {\"foo\": \"baz\"}]");
        ShouldReturn("object.union_n", "{\"a\": \"final A!\", \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"foo\": \"baz\"}",
            "[{\"a\": 1, \"b\": 2, \"c\": 3}, {\"foo\": \"baz\", \"a\": \"a\", \"b\": 2, \"d\": 4}, {\"a\": \"final A!\", \"e\": 5.0}]");
        ShouldReturn("object.union_n", "{\"a\": {\"c\": 3}}", "[{\"a\": {\"b\": 2}}, {\"a\": 4}, {\"a\": {\"c\": 3}}]");
        TypeError("object.union_n", J("[{\"foo\": 1}, {\"bar\": 2}, \"baz\"]")).Message
            .ShouldBe("operand 1 must be array of objects but got array containing string");
    }

    [Fact]
    public void Object_keys() => CallJson("object.keys", "{\"a\": 1, \"b\": 2}").ShouldBe(Set(S("a"), S("b")));

    [Theory]
    [InlineData("{\"a\": 5, \"b\": 7, \"c\": 15}", "{\"a\": 5}", true)]
    [InlineData("{\"a\": 5}", "{\"a\": 5, \"b\": 7, \"c\": 15}", false)]
    [InlineData("{\"a\": 5, \"b\": 7, \"c\": 15}", "{\"a\": 5, \"b\": 10}", false)]
    [InlineData("{\"a\": 5, \"nested\": {\"x\": 10, \"y\": 15, \"z\": 20}}", "{\"a\": 5, \"nested\": {\"x\": 10, \"y\": 15}}", true)]
    [InlineData("{\"n\": {\"arr1\": [6, 7, 8, 9]}}", "{\"n\": {\"arr1\": [6, 7]}}", true)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[3, 4, 5]", true)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[1, 2, 3]", true)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[4, 5, 6]", true)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[1, 2, 3, 4, 5, 6]", true)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[4, 5, 6, 8]", false)]
    [InlineData("[1, 2, 3, 4, 5, 6]", "[8, 9, 10]", false)]
    [InlineData("[3, 4, 5]", "[1, 2, 3, 4, 5, 6]", false)]
    [InlineData("[1, 2, 1, 2, 3]", "[1, 2, 3]", true)]
    [InlineData("[1, 3, 2]", "[1, 2]", false)]
    public void Object_subset_on_objects_and_arrays(string super, string sub, bool expected) =>
        CallJson("object.subset", super, sub).ShouldBe(RegoBool.Of(expected));

    [Fact]
    public void Object_subset_on_sets()
    {
        Call("object.subset", Set(N(1), N(2), N(3)), Set(N(3), N(2))).ShouldBe(True);
        Call("object.subset", Set(N(3), N(2)), Set(N(1), N(2), N(3))).ShouldBe(False);
        var abc = Set(S("a"), S("b"), S("c"));
        Call("object.subset", Set(N(1), N(2), N(3), abc), Set(N(3), N(2), abc)).ShouldBe(True);
        Call("object.subset", Set(N(1), N(2), N(3), abc), Set(N(3), N(2), Set(S("a"), S("b")))).ShouldBe(False);
        var nestedSuper = Obj((S("set1"), Set(N(1), N(2), N(3), N(4))));
        Call("object.subset", nestedSuper, Obj((S("set1"), Set(N(4), N(1))))).ShouldBe(True);
    }

    [Fact]
    public void Object_subset_array_and_set()
    {
        Call("object.subset", J("[1, 2, 3, 4, 5, 6]"), Set(N(4), N(3), N(2))).ShouldBe(True);
        Call("object.subset", J("[1, 2, 3, 4, 5, 6]"), Set(N(9), N(8), N(7))).ShouldBe(False);
        var e = TypeError("object.subset", Set(N(4)), J("[1, 2, 3]"));
        e.Message.ShouldBe("both arguments object.subset must be of the same type or array and set");
        TypeError("object.subset", N(1), N(1)).Message.ShouldBe("both arguments object.subset must be of the same type or array and set");
    }
}
