using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class CollectionBuiltinsTests
{
    [Theory]
    [InlineData("[1, 2, 3, 4]", 4)]
    [InlineData("{\"v1\": \"hello\", \"v2\": \"goodbye\"}", 2)]
    [InlineData("\"abcde\"", 5)]
    [InlineData("\"åäö\"", 3)]
    [InlineData("\"😀x\"", 2)]
    public void Count_counts_elements_and_runes(string value, long expected) => CallJson("count", value).ShouldBe(N(expected));

    [Fact]
    public void Count_of_strings_with_and_without_surrogates()
    {
        Call("count", S(new string('a', 40))).ShouldBe(N(40));
        Call("count", S("a\uD83D\uDE00b\uD83D\uDE00")).ShouldBe(N(4));
        // A lone surrogate counts as one, as Go counts an invalid byte as one rune.
        Call("count", S("\uD83Dx")).ShouldBe(N(2));
        Call("count", S("x\uDE00")).ShouldBe(N(2));
    }

    [Fact]
    public void Count_of_set_and_type_errors()
    {
        Call("count", Set(N(1), N(2), N(3), N(4))).ShouldBe(N(4));
        TypeError("count", Null).Message.ShouldBe("operand 1 must be one of {array, object, set, string} but got null");
        TypeError("count", N(5)).Message.ShouldBe("operand 1 must be one of {array, object, set, string} but got number");
    }

    [Fact]
    public void Sum_and_product()
    {
        ShouldReturn("sum", "10", "[1, 2, 3, 4]");
        Call("sum", Set(N(1), N(2), N(3), N(4))).ShouldBe(N(10));
        ShouldReturn("sum", "49649733058", "[49649733057, 1]");
        ShouldReturn("sum", "0", "[]");
        ShouldReturn("sum", "3.5", "[1, 2.5]");
        ShouldReturn("product", "24", "[1, 2, 3, 4]");
        Call("product", Set(N(1), N(2), N(3), N(4))).ShouldBe(N(24));
        ShouldReturn("product", "1", "[]");
        ShouldReturn("sum", "18446744073709551616", "[9223372036854775808, 9223372036854775808]");
    }

    [Fact]
    public void Sum_type_errors()
    {
        TypeError("sum", S("abc")).Message.ShouldBe("operand 1 must be one of {set, array} but got string");
        TypeError("sum", J("[1, \"a\"]")).Message.ShouldBe("operand 1 must be array of numbers but got array containing string");
        TypeError("product", Set(N(1), Null)).Message.ShouldBe("operand 1 must be set of numbers but got set containing null");
    }

    [Fact]
    public void Max_min_sort()
    {
        ShouldReturn("max", "4", "[1, 2, 3, 4]");
        ShouldReturn("min", "1", "[1, 2, 1, 3, 4]");
        ShouldReturn("min", "-7", "[3, 2, 1, 4, 6, -7, 10]");
        Call("max", Set(N(1), N(2), N(3), N(4))).ShouldBe(N(4));
        Call("min", Set(N(1), N(2), N(3), N(4))).ShouldBe(N(1));
        CallJson("max", "[]").ShouldBeNull();
        Call("min", RegoSet.Empty).ShouldBeNull();
        ShouldReturn("max", "\"a\"", "[1, \"a\", null]");
        ShouldReturn("sort", "[1, 2, 3, 4]", "[4, 3, 2, 1]");
        Call("sort", Set(N(3), N(1), N(2))).ShouldBe(J("[1, 2, 3]"));
        ShouldReturn("sort", "[null, false, 1, \"a\", [], {}]", "[{}, [], \"a\", 1, false, null]");
        TypeError("sort", S("x")).Message.ShouldBe("operand 1 must be one of {set, array} but got string");
    }

    [Fact]
    public void All_and_any_are_gone_in_v1()
    {
        Gateway.Rego.Builtins.BuiltinRegistry.Default.TryGet("all", out _).ShouldBeFalse();
        Gateway.Rego.Builtins.BuiltinRegistry.Default.TryGet("any", out _).ShouldBeFalse();
    }

    [Fact]
    public void Array_concat_slice_reverse_flatten()
    {
        ShouldReturn("array.concat", "[1, 2, 3, 4]", "[1, 2]", "[3, 4]");
        TypeError("array.concat", J("{}"), J("[]")).Message.ShouldBe("operand 1 must be array but got object");
        TypeError("array.concat", J("[]"), J("{}")).Message.ShouldBe("operand 2 must be array but got object");
        ShouldReturn("array.slice", "[2, 3]", "[1, 2, 3, 4, 5]", "1", "3");
        ShouldReturn("array.slice", "[]", "[1, 2, 3]", "0", "0");
        ShouldReturn("array.slice", "[]", "[1, 2, 3, 4, 5]", "-4", "-1");
        ShouldReturn("array.slice", "[]", "[1, 2, 3, 4, 5]", "4", "1");
        ShouldReturn("array.slice", "[1, 2]", "[1, 2, 3, 4, 5]", "-1", "2");
        ShouldReturn("array.slice", "[4, 5]", "[1, 2, 3, 4, 5]", "3", "6");
        ShouldReturn("array.slice", "[]", "[1, 2, 3]", "1000", "2000");
        TypeError("array.slice", J("[1]"), D("1.5"), N(2)).Message.ShouldBe("operand 2 must be integer number but got floating-point number");
        ShouldReturn("array.reverse", "[3, 2, 1]", "[1, 2, 3]");
        ShouldReturn("array.reverse", "[]", "[]");
        TypeError("array.reverse", J("{\"bar\": \"baz\"}")).Message.ShouldBe("operand 1 must be array but got object");
        ShouldReturn("array.flatten", "[1, 2, 3, 4, 5]", "[[1, 2], [3, 4], [5]]");
        ShouldReturn("array.flatten", "[[1], [2, 3, []], [4, 5]]", "[[[1], [2, 3, []]], [[4, 5]]]");
        ShouldReturn("array.flatten", "[1, 2, \"string\", 3, {\"a\": \"b\"}, 4.5, 6, [7, 8]]", "[[1, 2], \"string\", [3, {\"a\": \"b\"}], 4.5, [6, [7, 8]]]");
        TypeError("array.flatten", N(42)).Message.ShouldBe("operand 1 must be array but got number");
    }

    [Fact]
    public void Set_operators()
    {
        Call("and", Set(N(1), N(2), N(3)), Set(N(3), N(4))).ShouldBe(Set(N(3)));
        Call("or", Set(N(1), N(2)), Set(N(2), N(3))).ShouldBe(Set(N(1), N(2), N(3)));
        TypeError("and", J("[1]"), Set()).Message.ShouldBe("operand 1 must be set but got array");
        TypeError("or", Set(), N(1)).Message.ShouldBe("operand 2 must be set but got number");
    }

    [Fact]
    public void Union_and_intersection_of_sets_of_sets()
    {
        Call("union", RegoSet.Empty).ShouldBe(RegoSet.Empty);
        Call("union", Set(RegoSet.Empty, Set(N(1), N(2)))).ShouldBe(Set(N(1), N(2)));
        Call("union", Set(Set(N(1), N(2), N(3)), Set(N(2), N(3), N(4)), Set(N(4), N(5), N(6))))
            .ShouldBe(Set(N(1), N(2), N(3), N(4), N(5), N(6)));
        Call("intersection", Set(Set(N(1), N(2), N(3)), Set(N(2), N(3), N(4)))).ShouldBe(Set(N(2), N(3)));
        Call("intersection", RegoSet.Empty).ShouldBe(RegoSet.Empty);
        TypeError("union", Set(N(1))).Message.ShouldBe("operand 1 must be set but got number");
        TypeError("intersection", J("[]")).Message.ShouldBe("operand 1 must be set but got array");
    }

    [Theory]
    [InlineData("bits.or", "7", "9", "15")]
    [InlineData("bits.or", "50", "0", "50")]
    [InlineData("bits.and", "12", "10", "8")]
    [InlineData("bits.xor", "42", "3", "41")]
    [InlineData("bits.xor", "42", "42", "0")]
    [InlineData("bits.lsh", "1", "3", "8")]
    [InlineData("bits.lsh", "2147483647", "1", "4294967294")]
    [InlineData("bits.lsh", "9223372036854775807", "1", "18446744073709551614")]
    [InlineData("bits.rsh", "8", "3", "1")]
    [InlineData("bits.rsh", "-8", "2", "-2")]
    [InlineData("bits.rsh", "-8", "100", "-1")]
    [InlineData("bits.rsh", "8", "100", "0")]
    [InlineData("bits.and", "-1", "255", "255")]
    public void Bit_operations(string op, string a, string b, string expected) => ShouldReturn(op, expected, a, b);

    [Fact]
    public void Bits_negate_and_errors()
    {
        ShouldReturn("bits.negate", "-43", "42");
        TypeError("bits.negate", D("7.2")).Message.ShouldBe("operand 1 must be integer number but got floating-point number");
        TypeError("bits.or", D("7.2"), N(42)).Message.ShouldBe("operand 1 must be integer number but got floating-point number");
        TypeError("bits.xor", N(7), S("hi")).Message.ShouldBe("operand 2 must be integer but got string");
        TypeError("bits.lsh", N(7), N(-1)).Message.ShouldBe("operand 2 must be an unsigned integer number but got a negative integer");
    }

    [Fact]
    public void Type_predicates()
    {
        Call("is_number", D("-42.0")).ShouldBe(True);
        Call("is_number", Null).ShouldBe(False);
        Call("is_string", S("Hey")).ShouldBe(True);
        Call("is_string", False).ShouldBe(False);
        Call("is_boolean", False).ShouldBe(True);
        Call("is_boolean", S("Hello")).ShouldBe(False);
        Call("is_array", J("[1]")).ShouldBe(True);
        Call("is_array", Set(N(1))).ShouldBe(False);
        Call("is_set", Set(N(1))).ShouldBe(True);
        Call("is_set", J("[1]")).ShouldBe(False);
        Call("is_object", J("{\"foo\": 1}")).ShouldBe(True);
        Call("is_object", S("foo")).ShouldBe(False);
        Call("is_null", Null).ShouldBe(True);
        Call("is_null", True).ShouldBe(False);
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "boolean")]
    [InlineData("1.5", "number")]
    [InlineData("\"a\"", "string")]
    [InlineData("[]", "array")]
    [InlineData("{}", "object")]
    public void Type_name(string value, string expected) => CallJson("type_name", value).ShouldBe(S(expected));

    [Fact]
    public void Type_name_of_set() => Call("type_name", RegoSet.Empty).ShouldBe(S("set"));
}
