using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class SprintfTests
{
    private static string Sprintf(string format, params Gateway.Rego.Values.RegoValue[] args) =>
        ((Gateway.Rego.Values.RegoString)Call("sprintf", S(format), Arr(args))!).Value;

    [Fact]
    public void Big_integers_print_in_full()
    {
        Sprintf("%s", D("123456789123456789123")).ShouldBe("123456789123456789123");
        Sprintf("%s", D("1208925819614629174706175")).ShouldBe("1208925819614629174706175");
        Sprintf("%d", D("123456789123456789123")).ShouldBe("123456789123456789123");
        Sprintf("%x", D("18446744073709551616")).ShouldBe("10000000000000000");
        Sprintf("%010d", D("-18446744073709551616")).ShouldBe("-18446744073709551616");
        Sprintf("%25d|", D("18446744073709551616")).ShouldBe("     18446744073709551616|");
        Sprintf("%t", D("18446744073709551616")).ShouldBe("%!t(big.Int=18446744073709551616)");
    }

    [Fact]
    public void Integers()
    {
        Sprintf("%d", N(42)).ShouldBe("42");
        Sprintf("%v", N(-7)).ShouldBe("-7");
        Sprintf("%5d|%-5d|%05d", N(42), N(42), N(-42)).ShouldBe("   42|42   |-0042");
        Sprintf("%+d % d", N(5), N(5)).ShouldBe("+5  5");
        Sprintf("%x %X %o %O %b", N(255), N(255), N(8), N(8), N(5)).ShouldBe("ff FF 10 0o10 101");
        Sprintf("%#x %#o %#b", N(255), N(8), N(5)).ShouldBe("0xff 010 0b101");
        Sprintf("%#08x", N(255)).ShouldBe("0x000000ff");
        Sprintf("%.3d", N(7)).ShouldBe("007");
        Sprintf("%.0d|", N(0)).ShouldBe("|");
        Sprintf("%c%c", N(72), N(0x1F600)).ShouldBe("H😀");
        Sprintf("%q", N('x')).ShouldBe("'x'");
        Sprintf("%U %#U", N(0x41), N(0x41)).ShouldBe("U+0041 U+0041 'A'");
        Sprintf("%x", N(-255)).ShouldBe("-ff");
    }

    [Fact]
    public void Wrong_verbs_print_go_notes()
    {
        Sprintf("%s", N(5)).ShouldBe("%!s(int=5)");
        Sprintf("%d", S("x")).ShouldBe("%!d(string=x)");
        Sprintf("%d", D("1.5")).ShouldBe("%!d(float64=1.5)");
        Sprintf("%t", True).ShouldBe("%!t(string=true)");
        Sprintf("%5t", N(3)).ShouldBe("%!t(int=    3)");
        Sprintf("%d %d", N(1)).ShouldBe("1 %!d(MISSING)");
        Sprintf("%d", N(1), N(2), S("a")).ShouldBe("1%!(EXTRA int=2, string=a)");
        Sprintf("100%").ShouldBe("100%!(NOVERB)");
        Sprintf("%[3]d", N(1)).ShouldBe("%!d(BADINDEX)");
        Sprintf("%*d", S("x"), N(1)).ShouldBe("%!(BADWIDTH)1");
        Sprintf("%z", N(1)).ShouldBe("%!z(int=1)");
        Sprintf("%!", N(1)).ShouldBe("%!!(int=1)");
    }

    [Fact]
    public void Percent_and_indexes_and_star()
    {
        Sprintf("100%%").ShouldBe("100%");
        Sprintf("%[2]d %[1]d", N(1), N(2)).ShouldBe("2 1");
        Sprintf("%[1]d %[1]x", N(255)).ShouldBe("255 ff");
        Sprintf("%*d|%-*d", N(4), N(7), N(3), N(7)).ShouldBe("   7|7  ");
        Sprintf("%.*f", N(2), D("3.14159")).ShouldBe("3.14");
        Sprintf("%*d", N(-4), N(7)).ShouldBe("7   ");
    }

    [Fact]
    public void Floats()
    {
        Sprintf("%v", D("1.5")).ShouldBe("1.5");
        Sprintf("%f", D("1.5")).ShouldBe("1.500000");
        Sprintf("%.2f", D("3.14159")).ShouldBe("3.14");
        Sprintf("%.2f", D("2.675")).ShouldBe("2.67");
        Sprintf("%.0f", D("0.5")).ShouldBe("0");
        Sprintf("%.0f", D("1.5")).ShouldBe("2");
        Sprintf("%e", D("123456.789")).ShouldBe("1.234568e+05");
        Sprintf("%E", D("0.000123")).ShouldBe("1.230000E-04");
        Sprintf("%g", D("0.000012345")).ShouldBe("1.2345e-05");
        Sprintf("%g", D("123.25")).ShouldBe("123.25");
        Sprintf("%.3g", D("123.25")).ShouldBe("123");
        Sprintf("%.2g", D("123.25")).ShouldBe("1.2e+02");
        Sprintf("%v", D("1234567.5")).ShouldBe("1.2345675e+06");
        Sprintf("%v", D("0.0001")).ShouldBe("0.0001");
        Sprintf("%v", D("0.00001")).ShouldBe("1e-05");
        Sprintf("%8.3f|%-8.3f|%08.3f", D("3.14159"), D("3.14159"), D("-3.14159")).ShouldBe("   3.142|3.142   |-003.142");
        Sprintf("%+.1f", D("2.25")).ShouldBe("+2.2");
        Sprintf("%#g", D("1.5")).ShouldBe("1.50000");
        Sprintf("%x", D("1.5")).ShouldBe("0x1.8p+00");
        Sprintf("%b", D("0.5")).ShouldBe("4503599627370496p-53");
        Sprintf("%s", D("0.5")).ShouldBe("%!s(float64=0.5)");
    }

    [Fact]
    public void Strings()
    {
        Sprintf("hello %s!", S("world")).ShouldBe("hello world!");
        Sprintf("%q", S("a\"b\n")).ShouldBe("\"a\\\"b\\n\"");
        Sprintf("%#q", S("ab")).ShouldBe("`ab`");
        Sprintf("%+q", S("é")).ShouldBe("\"\\u00e9\"");
        Sprintf("%x", S("hi")).ShouldBe("6869");
        Sprintf("% X", S("hi")).ShouldBe("68 69");
        Sprintf("%#x", S("hi")).ShouldBe("0x6869");
        Sprintf("%.2s|%5s|%-5s|%05s", S("héllo"), S("ab"), S("ab"), S("ab")).ShouldBe("hé|   ab|ab   |000ab");
        Sprintf("%T %T %T %T", N(1), S("a"), D("1.5"), D("18446744073709551616")).ShouldBe("int string float64 *big.Int");
    }

    [Fact]
    public void Composite_values_print_as_rego()
    {
        Sprintf("%v", Set(N(2), N(1))).ShouldBe("{1, 2}");
        Sprintf("%v", Gateway.Rego.Values.RegoSet.Empty).ShouldBe("set()");
        Sprintf("%v", J("{\"b\": [1, \"x\"], \"a\": null}")).ShouldBe("{\"a\": null, \"b\": [1, \"x\"]}");
        Sprintf("%s", J("[true, false]")).ShouldBe("[true, false]");
        Sprintf("%v", Null).ShouldBe("null");
        Sprintf("%d", J("[1]")).ShouldBe("%!d(string=[1])");
    }

    [Fact]
    public void Sprintf_type_errors()
    {
        TypeError("sprintf", N(1), Arr()).Message.ShouldBe("operand 1 must be string but got number");
        TypeError("sprintf", S("%v"), S("x")).Message.ShouldBe("operand 2 must be array but got string");
    }
}
