using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class ComparisonAndArithmeticTests
{
    [Theory]
    [InlineData("equal", "1", "1.0", true)]
    [InlineData("equal", "[1]", "[1.0]", true)]
    [InlineData("equal", "{\"x\": [1, 2, {\"b\": 3.0}]}", "{\"x\": [1, 2, {\"b\": 3}]}", true)]
    [InlineData("equal", "0", "1", false)]
    [InlineData("neq", "0", "1", true)]
    [InlineData("neq", "0", "0", false)]
    [InlineData("lt", "-1", "0", true)]
    [InlineData("lt", "1", "-1", false)]
    [InlineData("lte", "1", "1", true)]
    [InlineData("gt", "1", "2", false)]
    [InlineData("gte", "4", "4", true)]
    [InlineData("lt", "1", "\"a\"", true)]
    [InlineData("gt", "{}", "[]", true)]
    [InlineData("lt", "null", "false", true)]
    public void Comparisons_follow_OPA_total_order(string op, string a, string b, bool expected) =>
        CallJson(op, a, b).ShouldBe(RegoBool.Of(expected));

    [Fact]
    public void Comparing_big_integers_is_exact() =>
        Call("neq", D("28857836529306024611913"), D("28857836529306024611912")).ShouldBe(True);

    [Fact]
    public void Sets_compare_after_objects() => Call("gt", Set(N(1)), J("{\"a\": 1}")).ShouldBe(True);

    [Theory]
    [InlineData("plus", "1", "2", "3")]
    [InlineData("plus", "49649733057", "1", "49649733058")]
    [InlineData("plus", "0.1", "0.2", "0.3")]
    [InlineData("minus", "0", "1", "-1")]
    [InlineData("mul", "3", "4", "12")]
    [InlineData("mul", "1.5", "2", "3")]
    [InlineData("div", "1", "2", "0.5")]
    [InlineData("div", "6", "3", "2")]
    [InlineData("rem", "7", "4", "3")]
    [InlineData("rem", "-7", "4", "-3")]
    [InlineData("rem", "7", "-4", "3")]
    [InlineData("rem", "10", "18446744073709551616", "10")]
    public void Arithmetic_on_numbers(string op, string a, string b, string expected) => ShouldReturn(op, expected, a, b);

    [Fact]
    public void Arithmetic_on_big_integers_is_exact() =>
        Call("mul", D("123456789123456789"), D("1000000000000")).ShouldBe(D("123456789123456789000000000000"));

    // Integers are held in 64 bits until a result leaves that range: the overflow checks decide when to widen.
    [Theory]
    [InlineData("plus", "9223372036854775807", "1", "9223372036854775808")]
    [InlineData("plus", "-9223372036854775808", "-1", "-9223372036854775809")]
    [InlineData("plus", "9223372036854775807", "-9223372036854775808", "-1")]
    [InlineData("minus", "-9223372036854775808", "1", "-9223372036854775809")]
    [InlineData("minus", "9223372036854775807", "-1", "9223372036854775808")]
    [InlineData("minus", "0", "-9223372036854775808", "9223372036854775808")]
    [InlineData("minus", "9223372036854775808", "1", "9223372036854775807")]
    [InlineData("mul", "4294967296", "4294967296", "18446744073709551616")]
    [InlineData("mul", "-9223372036854775808", "-1", "9223372036854775808")]
    [InlineData("mul", "3037000499", "3037000499", "9223372030926249001")]
    [InlineData("mul", "-4611686018427387904", "2", "-9223372036854775808")]
    [InlineData("div", "-9223372036854775808", "-1", "9223372036854775808")]
    [InlineData("div", "18446744073709551616", "4294967296", "4294967296")]
    public void Arithmetic_at_the_64_bit_boundary_is_exact(string op, string a, string b, string expected) =>
        RegoJson.ToJson(CallJson(op, a, b)!).ShouldBe(expected);

    [Fact]
    public void A_result_back_in_64_bit_range_equals_and_hashes_as_the_literal()
    {
        var computed = (RegoNumber)CallJson("minus", "9223372036854775808", "1")!;
        var literal = RegoNumber.Parse("9223372036854775807")!;
        computed.ShouldBe(literal);
        computed.GetHashCode().ShouldBe(literal.GetHashCode());
        computed.TryGetInt64(out var l).ShouldBeTrue();
        l.ShouldBe(long.MaxValue);
        RegoNumber.Of(1e19).ShouldBe(RegoNumber.Parse("10000000000000000000")!);
        RegoNumber.Of(4.0m).GetHashCode().ShouldBe(N(4).GetHashCode());
        Call("lt", RegoNumber.Parse("9223372036854775807")!, RegoNumber.Parse("9223372036854775808")!).ShouldBe(True);
        Call("gt", RegoNumber.Parse("-9223372036854775808")!, RegoNumber.Parse("-9223372036854775809")!).ShouldBe(True);
        Call("lt", RegoNumber.Parse("9223372036854775807")!, D("9223372036854775807.5")).ShouldBe(True);
    }

    /// <summary>
    /// Dividing 64-bit integers that do not divide gives the decimal quotient, whole only when the decimal rounds to
    /// a whole number, which a quotient under 10^9 never does (the shortcut RegoNumber.Divide takes): checked against
    /// the decimal itself, at random and at the edges (a remainder of 1 over the largest divisors).
    /// </summary>
    [Fact]
    public void Dividing_64_bit_integers_gives_the_decimal_quotient()
    {
        var random = new Random(20261208);
        var pairs = new List<(long, long)>
        {
            (999_999_999L * (long.MaxValue / 1_000_000_000) + 1, long.MaxValue / 1_000_000_000),
            (1_000_000_000L * (long.MaxValue / 1_000_000_001) + 1, long.MaxValue / 1_000_000_001),
            (long.MaxValue, long.MaxValue - 1),
            (long.MinValue + 1, long.MaxValue),
            (1, long.MaxValue),
            (-1, long.MaxValue),
            (1_000_000_000L * 3 + 1, 3),
            (67_000_000_000_000_001L, 86_400_000_000_000L),
        };
        for (var i = 0; i < 20_000; i++) pairs.Add((random.NextInt64(long.MinValue + 1, long.MaxValue), random.NextInt64(1, 1L << random.Next(1, 63))));
        foreach (var (a, b) in pairs)
        {
            var got = RegoNumber.Divide(RegoNumber.Of(a), RegoNumber.Of(b));
            var expected = a % b == 0 ? RegoNumber.Of(a / b) : RegoNumber.Of((decimal)a / b);
            got.ShouldBe(expected, $"{a} / {b}");
            got.IsInteger.ShouldBe(expected.IsInteger, $"{a} / {b}");
            got.ToString().ShouldBe(expected.ToString(), $"{a} / {b}");
        }
    }

    [Fact]
    public void Divide_by_zero_is_a_builtin_error()
    {
        BuiltinError("div", N(1), N(0)).Message.ShouldBe("divide by zero");
        BuiltinError("div", N(1), D("0.0")).Message.ShouldBe("divide by zero");
    }

    [Fact]
    public void Modulo_errors()
    {
        BuiltinError("rem", N(7), N(0)).Message.ShouldBe("modulo by zero");
        BuiltinError("rem", D("1.1"), N(1)).Message.ShouldBe("modulo on floating-point number");
    }

    [Fact]
    public void Operands_must_be_numbers()
    {
        TypeError("plus", S("a"), N(1)).Message.ShouldBe("operand 1 must be number but got string");
        TypeError("mul", N(1), Null).Message.ShouldBe("operand 2 must be number but got null");
    }

    [Fact]
    public void Minus_takes_set_difference()
    {
        Call("minus", Set(N(1), N(2), N(3), N(4)), Set(N(1), N(3))).ShouldBe(Set(N(2), N(4)));
        Call("minus", Set(N(1)), Set(N(1))).ShouldBe(RegoSet.Empty);
    }

    [Fact]
    public void Minus_type_errors_follow_OPA_order()
    {
        TypeError("minus", Set(N(1)), N(1)).Message.ShouldBe("operand 2 must be set but got number");
        TypeError("minus", N(1), Set(N(1))).Message.ShouldBe("operand 2 must be number but got set");
        TypeError("minus", S("a"), N(1)).Message.ShouldBe("operand 1 must be one of {number, set} but got string");
    }

    [Theory]
    [InlineData("abs", "-10", "10")]
    [InlineData("abs", "-1.5", "1.5")]
    [InlineData("round", "0.5", "1")]
    [InlineData("round", "-2.5", "-3")]
    [InlineData("round", "1.49", "1")]
    [InlineData("ceil", "1.01", "2")]
    [InlineData("ceil", "1.5", "2")]
    [InlineData("ceil", "2222.2222222222", "2223")]
    [InlineData("ceil", "1", "1")]
    [InlineData("ceil", "-1.99999", "-1")]
    [InlineData("floor", "1.01", "1")]
    [InlineData("floor", "99.99999", "99")]
    [InlineData("floor", "-1.001", "-2")]
    [InlineData("floor", "1", "1")]
    public void Unary_rounding(string op, string a, string expected) => ShouldReturn(op, expected, a);

    [Fact]
    public void Round_of_division_rounds_half_away_from_zero() =>
        Call("round", Call("div", N(1), N(2))!).ShouldBe(N(1));

    [Theory]
    [InlineData("0", "0", "[0]")]
    [InlineData("-2", "3", "[-2, -1, 0, 1, 2, 3]")]
    [InlineData("2", "-3", "[2, 1, 0, -1, -2, -3]")]
    [InlineData("5", "2", "[5, 4, 3, 2]")]
    [InlineData("49649733057", "49649733060", "[49649733057, 49649733058, 49649733059, 49649733060]")]
    public void Numbers_range_is_inclusive_both_ways(string from, string to, string expected) =>
        ShouldReturn("numbers.range", expected, from, to);

    [Fact]
    public void Numbers_range_rejects_fractions_and_non_numbers()
    {
        TypeError("numbers.range", D("3.14"), N(4)).Message.ShouldBe("operand 1 must be integer number but got floating-point number");
        TypeError("numbers.range", N(3), D("3.14")).Message.ShouldBe("operand 2 must be integer number but got floating-point number");
        TypeError("numbers.range", S("a"), N(4)).Message.ShouldBe("operand 1 must be integer but got string");
    }

    [Theory]
    [InlineData("0", "10", "2", "[0, 2, 4, 6, 8, 10]")]
    [InlineData("0", "-10", "2", "[0, -2, -4, -6, -8, -10]")]
    [InlineData("10", "3", "2", "[10, 8, 6, 4]")]
    [InlineData("1024", "4096", "1024", "[1024, 2048, 3072, 4096]")]
    [InlineData("2", "2", "2", "[2]")]
    [InlineData("2", "5", "2", "[2, 4]")]
    [InlineData("0", "10", "99999999999999999999", "[0]")]
    public void Numbers_range_step(string from, string to, string step, string expected) =>
        ShouldReturn("numbers.range_step", expected, from, to, step);

    [Fact]
    public void Numbers_range_step_must_be_positive()
    {
        BuiltinError("numbers.range_step", N(0), N(10), N(-2)).Message.ShouldContain("numbers.range_step: step must be a positive integer");
        BuiltinError("numbers.range_step", N(0), N(10), N(0)).Message.ShouldContain("step must be a positive integer");
    }
}
