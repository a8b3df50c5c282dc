using Gateway.Rego.Builtins;

namespace Gateway.Rego.Tests.Builtins.Ext;

/// <summary>The RFC 3339 fast path agrees with the general Go layout parser wherever it answers, and declines the rest.</summary>
public class Rfc3339FastPathTests
{
    [Theory]
    [InlineData("2026-10-01T12:00:00Z")]
    [InlineData("2017-06-02T19:00:00-07:00")]
    [InlineData("2017-06-02T19:00:00+05:30")]
    [InlineData("2020-02-29T23:59:59.999999999Z")]
    [InlineData("2020-02-29T23:59:59.5+01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1677-09-21T00:12:43.145224192-00:00")]
    [InlineData("2262-04-11T23:47:16.854775807+00:00")]
    [InlineData("1999-12-31T00:00:00.000Z")]
    public void AgreesWithTheGeneralParser(string value)
    {
        ExtGoRfc3339.TryParse(value, out var fast).ShouldBeTrue();
        var general = ExtGoLayoutParse.Parse(ExtGoLayout.Named["RFC3339"], value);
        fast.UnixNanos.ShouldBe(general.UnixNanos);
        fast.Offset.ShouldBe(general.Offset);
    }

    [Theory]
    [InlineData("2017-13-02T19:00:00Z")]      // month out of range: the general parser words the error
    [InlineData("2017-02-29T19:00:00Z")]      // not a leap year
    [InlineData("2017-06-02T24:00:00Z")]
    [InlineData("2017-06-02T19:60:00Z")]
    [InlineData("2017-06-02T19:00:60Z")]
    [InlineData("2017-06-02T19:00:00")]       // no zone
    [InlineData("2017-06-02T19:00:00z")]
    [InlineData("2017-06-02t19:00:00Z")]
    [InlineData("2017-06-02T19:00:00.Z")]
    [InlineData("2017-06-02T19:00:00.1234567890Z")]
    [InlineData("2017-06-02T19:00:00+24:00")]
    [InlineData("2017-06-02T19:00:00+0700")]
    [InlineData("2017-06-02 19:00:00Z")]
    [InlineData("+2017-06-02T19:00:00Z")]
    [InlineData("2017-06-02T19:00:00Z extra")]
    public void DeclinesWhatItDoesNotHandle(string value) => ExtGoRfc3339.TryParse(value, out _).ShouldBeFalse();
}
