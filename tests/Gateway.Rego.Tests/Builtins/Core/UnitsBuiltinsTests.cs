using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

/// <summary>units.parse / units.parse_bytes; the cases are the conformance suite's (units/*.yaml), one call each.</summary>
public sealed class UnitsBuiltinsTests
{
    /// <summary>The argument is written as a Rego string literal, as in the conformance modules.</summary>
    private static RegoValue Parse(string name, string literal) => Call(name, J(literal))!;

    [Theory]
    [InlineData("units.parse", "\"500m\"", "0.5")]
    [InlineData("units.parse", "\"0.0005K\"", "0.5")]
    [InlineData("units.parse", "\"0.0000005M\"", "0.5")]
    [InlineData("units.parse_bytes", "\"\\\"100TIB\\\"\"", "109951162777600")]
    [InlineData("units.parse_bytes", "\"0\"", "0")]
    [InlineData("units.parse_bytes", "\"0.0\"", "0")]
    [InlineData("units.parse_bytes", "\".0\"", "0")]
    [InlineData("units.parse_bytes", "\"12345\"", "12345")]
    [InlineData("units.parse_bytes", "\"10KB\"", "10000")]
    [InlineData("units.parse_bytes", "\"10KIB\"", "10240")]
    [InlineData("units.parse_bytes", "\"10kb\"", "10000")]
    [InlineData("units.parse_bytes", "\"10Kib\"", "10240")]
    [InlineData("units.parse_bytes", "\"200mb\"", "200000000")]
    [InlineData("units.parse_bytes", "\"300GiB\"", "322122547200")]
    [InlineData("units.parse_bytes", "\"1.1KB\"", "1100")]
    [InlineData("units.parse_bytes", "\"1.1KiB\"", "1126")]
    [InlineData("units.parse_bytes", "\".5KB\"", "500")]
    [InlineData("units.parse_bytes", "\"100k\"", "100000")]
    [InlineData("units.parse_bytes", "\"100kb\"", "100000")]
    [InlineData("units.parse_bytes", "\"100ki\"", "102400")]
    [InlineData("units.parse_bytes", "\"100kib\"", "102400")]
    [InlineData("units.parse_bytes", "\"100m\"", "100000000")]
    [InlineData("units.parse_bytes", "\"100mb\"", "100000000")]
    [InlineData("units.parse_bytes", "\"100mi\"", "104857600")]
    [InlineData("units.parse_bytes", "\"100mib\"", "104857600")]
    [InlineData("units.parse_bytes", "\"100g\"", "100000000000")]
    [InlineData("units.parse_bytes", "\"100gb\"", "100000000000")]
    [InlineData("units.parse_bytes", "\"100gi\"", "107374182400")]
    [InlineData("units.parse_bytes", "\"100gib\"", "107374182400")]
    [InlineData("units.parse_bytes", "\"100t\"", "100000000000000")]
    [InlineData("units.parse_bytes", "\"100tb\"", "100000000000000")]
    [InlineData("units.parse_bytes", "\"100ti\"", "109951162777600")]
    [InlineData("units.parse_bytes", "\"100tib\"", "109951162777600")]
    [InlineData("units.parse_bytes", "\"100p\"", "100000000000000000")]
    [InlineData("units.parse_bytes", "\"100pb\"", "100000000000000000")]
    [InlineData("units.parse_bytes", "\"100pi\"", "112589990684262400")]
    [InlineData("units.parse_bytes", "\"100pib\"", "112589990684262400")]
    [InlineData("units.parse_bytes", "\"10e\"", "10000000000000000000")]
    [InlineData("units.parse_bytes", "\"10eb\"", "10000000000000000000")]
    [InlineData("units.parse_bytes", "\"10ei\"", "11529215046068469760")]
    [InlineData("units.parse_bytes", "\"10eib\"", "11529215046068469760")]
    [InlineData("units.parse_bytes", "\"1e3KB\"", "1000000")]
    [InlineData("units.parse_bytes", "\"3.2E2MiB\"", "335544320")]
    [InlineData("units.parse_bytes", "\"4.5e1GiB\"", "48318382080")]
    [InlineData("units.parse_bytes", "\"5e6\"", "5000000")]
    [InlineData("units.parse_bytes", "\"1e-2KB\"", "10")]
    [InlineData("units.parse_bytes", "\"6.4E1GB\"", "64000000000")]
    [InlineData("units.parse_bytes", "\"7.5e1TiB\"", "82463372083200")]
    [InlineData("units.parse_bytes", "\"5e2MiB\"", "524288000")]
    [InlineData("units.parse_bytes", "\"2e2GiB\"", "214748364800")]
    [InlineData("units.parse", "\"\\\"100TI\\\"\"", "109951162777600")]
    [InlineData("units.parse", "\"0\"", "0")]
    [InlineData("units.parse", "\"0.0\"", "0")]
    [InlineData("units.parse", "\".0\"", "0")]
    [InlineData("units.parse", "\"12345\"", "12345")]
    [InlineData("units.parse", "\"10K\"", "10000")]
    [InlineData("units.parse", "\"10KI\"", "10240")]
    [InlineData("units.parse", "\"10k\"", "10000")]
    [InlineData("units.parse", "\"10Ki\"", "10240")]
    [InlineData("units.parse", "\"200M\"", "200000000")]
    [InlineData("units.parse", "\"300Gi\"", "322122547200")]
    [InlineData("units.parse", "\"1.1K\"", "1100")]
    [InlineData("units.parse", "\"1.1Ki\"", "1126.4")]
    [InlineData("units.parse", "\".5K\"", "500")]
    [InlineData("units.parse", "\"100k\"", "100000")]
    [InlineData("units.parse", "\"100K\"", "100000")]
    [InlineData("units.parse", "\"100ki\"", "102400")]
    [InlineData("units.parse", "\"100Ki\"", "102400")]
    [InlineData("units.parse", "\"100M\"", "100000000")]
    [InlineData("units.parse", "\"100mi\"", "104857600")]
    [InlineData("units.parse", "\"100Mi\"", "104857600")]
    [InlineData("units.parse", "\"100g\"", "100000000000")]
    [InlineData("units.parse", "\"100gi\"", "107374182400")]
    [InlineData("units.parse", "\"100t\"", "100000000000000")]
    [InlineData("units.parse", "\"100T\"", "100000000000000")]
    [InlineData("units.parse", "\"100ti\"", "109951162777600")]
    [InlineData("units.parse", "\"100Ti\"", "109951162777600")]
    [InlineData("units.parse", "\"100p\"", "100000000000000000")]
    [InlineData("units.parse", "\"100P\"", "100000000000000000")]
    [InlineData("units.parse", "\"100pi\"", "112589990684262400")]
    [InlineData("units.parse", "\"100Pi\"", "112589990684262400")]
    [InlineData("units.parse", "\"10e\"", "10000000000000000000")]
    [InlineData("units.parse", "\"10E\"", "10000000000000000000")]
    [InlineData("units.parse", "\"10ei\"", "11529215046068469760")]
    [InlineData("units.parse", "\"10Ei\"", "11529215046068469760")]
    [InlineData("units.parse", "\"1e10\"", "10000000000")]
    [InlineData("units.parse", "\"3.2E4\"", "32000")]
    [InlineData("units.parse", "\"2.5e3K\"", "2500000")]
    [InlineData("units.parse", "\"1e3M\"", "1000000000")]
    [InlineData("units.parse", "\"4E2G\"", "400000000000")]
    [InlineData("units.parse", "\"5e1Gi\"", "53687091200")]
    [InlineData("units.parse", "\"1e-2\"", "0.01")]
    [InlineData("units.parse", "\"7.8E-1\"", "0.78")]
    [InlineData("units.parse", "\"6e3Mi\"", "6291456000")]
    [InlineData("units.parse", "\"42\"", "42")]
    [InlineData("units.parse", "\"-3.5E2m\"", "-0.35")]
    public void Parses_to_value(string name, string literal, string expected) => Parse(name, literal).ShouldBe(D(expected));

    [Theory]
    [InlineData("units.parse_bytes", "\"5E\"", "5")]
    [InlineData("units.parse", "\"5E\"", "5")]
    public void Does_not_parse_to(string name, string literal, string notExpected) => Parse(name, literal).ShouldNotBe(D(notExpected));

    [Theory]
    [InlineData("units.parse_bytes", "\"8kb\"", ">", "\"7kb\"")]
    [InlineData("units.parse_bytes", "\"8gb\"", ">", "\"8mb\"")]
    [InlineData("units.parse_bytes", "\"1234kb\"", "<", "\"1gb\"")]
    [InlineData("units.parse_bytes", "\"1024\"", "==", "\"1KiB\"")]
    [InlineData("units.parse_bytes", "\"2MiB\"", "==", "\"2097152\"")]
    [InlineData("units.parse_bytes", "\"3MiB\"", ">", "\"3MB\"")]
    [InlineData("units.parse_bytes", "\"2MiB\"", "==", "\"2Mi\"")]
    [InlineData("units.parse_bytes", "\"4Mi\"", ">", "\"4M\"")]
    [InlineData("units.parse_bytes", "\"4.1Mi\"", ">", "\"4Mi\"")]
    [InlineData("units.parse_bytes", "\"128Gi\"", "==", "\"137438953472\"")]
    [InlineData("units.parse", "\"8k\"", ">", "\"7k\"")]
    [InlineData("units.parse", "\"8g\"", ">", "\"8m\"")]
    [InlineData("units.parse", "\"1234k\"", "<", "\"1g\"")]
    [InlineData("units.parse", "\"1024\"", "==", "\"1Ki\"")]
    [InlineData("units.parse", "\"2Mi\"", "==", "\"2097152\"")]
    [InlineData("units.parse", "\"3Mi\"", ">", "\"3M\"")]
    [InlineData("units.parse", "\"2Mi\"", "==", "\"2Mi\"")]
    [InlineData("units.parse", "\"4Mi\"", ">", "\"4M\"")]
    [InlineData("units.parse", "\"4.1Mi\"", ">", "\"4Mi\"")]
    [InlineData("units.parse", "\"128Gi\"", "==", "\"137438953472\"")]
    public void Compares(string name, string left, string op, string right)
    {
        var c = Parse(name, left).CompareTo(Parse(name, right));
        (op switch { "==" => c == 0, "<" => c < 0, _ => c > 0 }).ShouldBeTrue($"{left} {op} {right}");
    }

    [Theory]
    [InlineData("units.parse_bytes", "\"\"", "units.parse_bytes: no byte amount provided")]
    [InlineData("units.parse_bytes", "\"GB\"", "units.parse_bytes: no byte amount provided")]
    [InlineData("units.parse_bytes", "\"foo\"", "units.parse_bytes: no byte amount provided")]
    [InlineData("units.parse_bytes", "\"0.0.0\"", "units.parse_bytes: could not parse byte amount to a number")]
    [InlineData("units.parse_bytes", "\".5.2\"", "units.parse_bytes: could not parse byte amount to a number")]
    [InlineData("units.parse_bytes", "\"100 kb\"", "units.parse_bytes: spaces not allowed in resource strings")]
    [InlineData("units.parse_bytes", "\" 327MiB \"", "units.parse_bytes: spaces not allowed in resource strings")]
    [InlineData("units.parse", "\"\"", "units.parse: no amount provided")]
    [InlineData("units.parse", "\"G\"", "units.parse: no amount provided")]
    [InlineData("units.parse", "\"foo\"", "units.parse: no amount provided")]
    [InlineData("units.parse", "\"0.0.0\"", "units.parse: could not parse amount to a number")]
    [InlineData("units.parse", "\".5.2\"", "units.parse: could not parse amount to a number")]
    [InlineData("units.parse", "\"100 k\"", "units.parse: spaces not allowed in resource strings")]
    [InlineData("units.parse", "\" 327Mi \"", "units.parse: spaces not allowed in resource strings")]
    public void Fails_with_message(string name, string literal, string message)
    {
        var e = Should.Throw<Gateway.Rego.Builtins.BuiltinException>(() => Parse(name, literal));
        e.ShouldNotBeOfType<Gateway.Rego.Builtins.BuiltinTypeException>();
        e.Message.ShouldContain(message.Replace(name + ": ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Milli_rounds_through_the_double_like_OPA()
    {
        JsonOf("units.parse", S("500m")).ShouldBe("0.5000000000");
        JsonOf("units.parse", S("1G")).ShouldBe("1000000000");
        Call("round", Call("mul", Parse("units.parse", "\"100m\""), N(1000))!).ShouldBe(N(100));
        JsonOf("units.parse", S("-3.5E2m")).ShouldBe("-0.3500000000");
    }

    [Fact]
    public void Other_errors()
    {
        BuiltinError("units.parse", S("10x")).Message.ShouldBe("units.parse: unit x not recognized");
        BuiltinError("units.parse_bytes", S("10XB")).Message.ShouldBe("units.parse_bytes: byte unit xb not recognized");
        BuiltinError("units.parse", S("1e1234567")).Message.ShouldBe("units.parse: exponent too large");
        BuiltinError("units.parse_bytes", S("1e1234567kb")).Message.ShouldBe("units.parse_bytes: exponent too large");
        TypeError("units.parse", N(1)).Message.ShouldBe("operand 1 must be string but got number");
    }

    [Fact]
    public void Parse_bytes_truncates_after_binary_rounding()
    {
        Call("units.parse_bytes", S("1.1KiB")).ShouldBe(N(1126));
        Call("units.parse_bytes", S("-1.5k")).ShouldBe(N(-1500));
        Call("units.parse_bytes", S("0.3kb")).ShouldBe(N(300));
    }
}
