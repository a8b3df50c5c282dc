using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class StringBuiltinsTests
{
    [Fact]
    public void Concat_joins_arrays_and_sorted_sets()
    {
        ShouldReturn("concat", "\"a,b,c\"", "\",\"", "[\"a\", \"b\", \"c\"]");
        ShouldReturn("concat", "\"\"", "\",\"", "[]");
        ShouldReturn("concat", "\"x\"", "\", \"", "[\"x\"]");
        Call("concat", S("-"), Set(S("b"), S("a"))).ShouldBe(S("a-b"));
        TypeError("concat", S(","), J("[\"a\", 1]")).Message.ShouldBe("operand 2 must be array of strings but got array containing number");
        TypeError("concat", S(","), Set(N(1))).Message.ShouldBe("operand 2 must be set of strings but got set containing number");
        TypeError("concat", S(","), S("ab")).Message.ShouldBe("operand 2 must be one of {set, array} but got string");
        TypeError("concat", N(1), J("[]")).Message.ShouldBe("operand 1 must be string but got number");
    }

    [Theory]
    [InlineData("contains", "\"abcdef\"", "\"cde\"", true)]
    [InlineData("contains", "\"abc\"", "\"\"", true)]
    [InlineData("contains", "\"abc\"", "\"x\"", false)]
    [InlineData("startswith", "\"abc\"", "\"ab\"", true)]
    [InlineData("startswith", "\"abc\"", "\"bc\"", false)]
    [InlineData("endswith", "\"abc\"", "\"bc\"", true)]
    [InlineData("endswith", "\"abc\"", "\"B\"", false)]
    public void Substring_predicates(string op, string s, string t, bool expected) => CallJson(op, s, t).ShouldBe(RegoBool.Of(expected));

    [Theory]
    [InlineData("10", "2", "1010")]
    [InlineData("-10", "2", "-1010")]
    [InlineData("8", "8", "10")]
    [InlineData("255", "16", "ff")]
    [InlineData("12.9", "10", "12")]
    [InlineData("-12.9", "16", "-c")]
    [InlineData("18446744073709551616", "16", "10000000000000000")]
    public void Format_int(string value, string radix, string expected) => CallJson("format_int", value, radix).ShouldBe(S(expected));

    [Fact]
    public void Format_int_base_must_be_known() =>
        TypeError("format_int", N(10), N(3)).Message.ShouldBe("operand 2 must be one of {2, 8, 10, 16}");

    [Fact]
    public void Indexof_counts_runes()
    {
        CallJson("indexof", "\"abcabc\"", "\"ca\"").ShouldBe(N(2));
        CallJson("indexof", "\"abc\"", "\"x\"").ShouldBe(N(-1));
        CallJson("indexof", "\"åäöx\"", "\"x\"").ShouldBe(N(3));
        CallJson("indexof", "\"😀😀x\"", "\"x\"").ShouldBe(N(2));
        BuiltinError("indexof", S("abc"), S("")).Message.ShouldBe("empty search character");
        CallJson("indexof_n", "\"dog cat dog\"", "\"dog\"").ShouldBe(J("[0, 8]"));
        CallJson("indexof_n", "\"aaa\"", "\"aa\"").ShouldBe(J("[0, 1]"));
        CallJson("indexof_n", "\"åäåä\"", "\"ä\"").ShouldBe(J("[1, 3]"));
        CallJson("indexof_n", "\"abc\"", "\"x\"").ShouldBe(J("[]"));
        BuiltinError("indexof_n", S("abc"), S("")).Message.ShouldBe("empty search character");
    }

    [Theory]
    [InlineData("\"abcdef\"", "1", "3", "bcd")]
    [InlineData("\"abcdef\"", "2", "-1", "cdef")]
    [InlineData("\"abcdef\"", "10", "1", "")]
    [InlineData("\"abcdef\"", "0", "100", "abcdef")]
    [InlineData("\"åäöü\"", "1", "2", "äö")]
    [InlineData("\"😀a😀b\"", "2", "2", "😀b")]
    [InlineData("\"\"", "0", "1", "")]
    public void Substring(string s, string start, string length, string expected) => CallJson("substring", s, start, length).ShouldBe(S(expected));

    [Fact]
    public void Substring_errors()
    {
        BuiltinError("substring", S("abc"), N(-1), N(1)).Message.ShouldBe("negative offset");
        TypeError("substring", S("abc"), D("1.5"), N(1)).Message.ShouldBe("operand 2 must be integer number but got floating-point number");
    }

    [Fact]
    public void Case_and_reverse()
    {
        CallJson("lower", "\"AbÇ\"").ShouldBe(S("abç"));
        CallJson("upper", "\"abç\"").ShouldBe(S("ABÇ"));
        CallJson("strings.reverse", "\"abc😀\"").ShouldBe(S("😀cba"));
    }

    [Fact]
    public void Split_like_go()
    {
        ShouldReturn("split", "[\"a\", \"b\", \"c\"]", "\"a.b.c\"", "\".\"");
        ShouldReturn("split", "[\"abc\"]", "\"abc\"", "\",\"");
        ShouldReturn("split", "[\"\", \"\"]", "\",\"", "\",\"");
        ShouldReturn("split", "[\"a\", \"ä\", \"😀\"]", "\"aä😀\"", "\"\"");
        ShouldReturn("split", "[]", "\"\"", "\"\"");
    }

    [Fact]
    public void Replace_and_replace_n()
    {
        CallJson("replace", "\"foo bar foo\"", "\"foo\"", "\"x\"").ShouldBe(S("x bar x"));
        CallJson("replace", "\"abc\"", "\"\"", "\"-\"").ShouldBe(S("-a-b-c-"));
        CallJson("replace", "\"aaa\"", "\"aa\"", "\"b\"").ShouldBe(S("ba"));
        ShouldReturn("strings.replace_n", "\"This is &lt;b&gt;HTML&lt;/b&gt;!\"", "{\"<\": \"&lt;\", \">\": \"&gt;\"}", "\"This is <b>HTML</b>!\"");
        ShouldReturn("strings.replace_n", "\"xoobar\"", "{\"f\": \"x\", \"foo\": \"xxx\"}", "\"foobar\"");
        ShouldReturn("strings.replace_n", "\"Everything is new1, new2\"", "{\"old1\": \"new1\", \"old2\": \"new2\"}", "\"Everything is new1, new2\"");
        ShouldReturn("strings.replace_n", "\"-a-b-\"", "{\"\": \"-\"}", "\"ab\"");
    }

    [Fact]
    public void Replace_n_errors()
    {
        TypeError("strings.replace_n", Obj((N(2), S("x"))), S("foo")).Message.ShouldBe("operand 1 non-string key found in pattern object");
        TypeError("strings.replace_n", J("{\"f\": 100}"), S("foo")).Message.ShouldBe("operand 1 non-string value found in pattern object");
        TypeError("strings.replace_n", J("{\"foo\": \"baz\"}"), N(100)).Message.ShouldBe("operand 2 must be string but got number");
    }

    [Theory]
    [InlineData("trim", "\"¡¡¡foo, bar!!!\"", "\"!¡\"", "foo, bar")]
    [InlineData("trim_left", "\"¡¡¡foo, bar!!!\"", "\"!¡\"", "foo, bar!!!")]
    [InlineData("trim_left", "\"!!!foo, bar¡¡¡\"", "\"¡\"", "!!!foo, bar¡¡¡")]
    [InlineData("trim_right", "\"¡¡¡foo, bar!!!\"", "\"!¡\"", "¡¡¡foo, bar")]
    [InlineData("trim_right", "\"!!!foo, bar¡¡¡\"", "\"!\"", "!!!foo, bar¡¡¡")]
    [InlineData("trim_prefix", "\"¡¡¡foo, bar!!!\"", "\"¡¡¡foo\"", ", bar!!!")]
    [InlineData("trim_prefix", "\"¡¡¡foo, bar!!!\"", "\"¡¡¡bar\"", "¡¡¡foo, bar!!!")]
    [InlineData("trim_suffix", "\"¡¡¡foo, bar!!!\"", "\", bar!!!\"", "¡¡¡foo")]
    [InlineData("trim_suffix", "\"¡¡¡foo, bar!!!\"", "\", foo!!!\"", "¡¡¡foo, bar!!!")]
    [InlineData("trim", "\"😀a😀\"", "\"😀\"", "a")]
    [InlineData("trim", "\"aaa\"", "\"a\"", "")]
    public void Trims(string op, string s, string cutset, string expected) => CallJson(op, s, cutset).ShouldBe(S(expected));

    [Fact]
    public void Trim_space_uses_unicode_white_space() =>
        Call("trim_space", S("\u00a0\t hello \n\u3000")).ShouldBe(S("hello"));

    [Fact]
    public void Strings_count()
    {
        CallJson("strings.count", "\"cheese\"", "\"e\"").ShouldBe(N(3));
        CallJson("strings.count", "\"five\"", "\"\"").ShouldBe(N(5));
        CallJson("strings.count", "\"aaaa\"", "\"aa\"").ShouldBe(N(2));
    }

    [Fact]
    public void Any_prefix_and_suffix_match()
    {
        CallJson("strings.any_prefix_match", "\"foo bar\"", "\"foo\"").ShouldBe(True);
        CallJson("strings.any_prefix_match", "[\"x\", \"foo bar\"]", "[\"bar\", \"foo\"]").ShouldBe(True);
        CallJson("strings.any_prefix_match", "[]", "[\"foo\"]").ShouldBe(False);
        Call("strings.any_prefix_match", Set(S("a"), S("b")), Set(S("c"))).ShouldBe(False);
        CallJson("strings.any_suffix_match", "\"foo bar\"", "\"bar\"").ShouldBe(True);
        CallJson("strings.any_suffix_match", "[\"foo bar\"]", "[\"foo\"]").ShouldBe(False);
        TypeError("strings.any_prefix_match", N(1), S("a")).Message.ShouldBe("operand 1 must be one of {string, set, array} but got number");
        TypeError("strings.any_suffix_match", S("a"), J("[1]")).Message.ShouldBe("operand 2 must be array of strings but got array containing number");
    }

    [Fact]
    public void To_number()
    {
        CallJson("to_number", "\"-42.0\"").ShouldBe(N(-42));
        CallJson("to_number", "false").ShouldBe(N(0));
        CallJson("to_number", "true").ShouldBe(N(1));
        CallJson("to_number", "null").ShouldBe(N(0));
        CallJson("to_number", "100.1").ShouldBe(D("100.1"));
        CallJson("to_number", "\"3\"").ShouldBe(N(3));
        CallJson("to_number", "\"+5\"").ShouldBe(N(5));
        CallJson("to_number", "\".5\"").ShouldBe(D("0.5"));
        CallJson("to_number", "\"1e3\"").ShouldBe(N(1000));
        CallJson("to_number", "\"0x1p4\"").ShouldBe(N(16));
        CallJson("to_number", "\"123456789012345678901234567890\"").ShouldBe(D("123456789012345678901234567890"));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("8080", 8080L)]
    [InlineData("007", 7L)]
    [InlineData("-12", -12L)]
    [InlineData("-0", 0L)]
    [InlineData("123456789012345678", 123456789012345678L)]
    [InlineData("1234567890123456789", 1234567890123456789L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void To_number_of_integer_text_whether_or_not_it_takes_the_digits_only_path(string text, long expected) =>
        Call("to_number", S(text)).ShouldBe(N(expected));

    [Fact]
    public void To_number_errors()
    {
        BuiltinError("to_number", S("broken")).Message.ShouldBe("strconv.ParseFloat: parsing \"broken\": invalid syntax");
        BuiltinError("to_number", S(" 1")).Message.ShouldContain("invalid syntax");
        BuiltinError("to_number", S("1e400")).Message.ShouldBe("strconv.ParseFloat: parsing \"1e400\": value out of range");
        foreach (var s in new[] { "nan", "inf", "-inf", "Infinity", "-Infinity", "-nan", "-NaN", "iNf" })
        {
            TypeError("to_number", S(s)).Message.ShouldBe("operand 1 must be valid number string but got string");
        }
        TypeError("to_number", J("[]")).Message.ShouldBe("operand 1 must be one of {null, boolean, number, string} but got array");
    }
}
