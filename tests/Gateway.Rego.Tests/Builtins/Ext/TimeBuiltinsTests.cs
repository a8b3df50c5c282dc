using Gateway.Rego.Builtins;
using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Ext.B;

namespace Gateway.Rego.Tests.Builtins.Ext;

public class TimeBuiltinsTests
{
    [Theory]
    [InlineData("2006-01-02T15:04:05Z07:00", "2017-06-02T19:00:00-07:00", "1496455200000000000")]
    [InlineData("2006-01-02T15:04:05Z07:00", "1677-09-21T00:12:43.145224192-00:00", "-9223372036854775808")]
    [InlineData("2006-01-02T15:04:05Z07:00", "2262-04-11T23:47:16.854775807-00:00", "9223372036854775807")]
    [InlineData("01/02 03:04:05PM '06 -0700", "06/02 07:00:00PM '17 -0700", "1496455200000000000")]
    [InlineData("02 Jan 06 15:04 -0700", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("RFC822Z", "02 Jun 17 19:00 -0700", "1496455200000000000")]
    [InlineData("2006-01-02", "2020-02-02", "1580601600000000000")]
    [InlineData("Mon Jan _2 15:04:05 2006", "Fri Jun  2 19:00:00 2017", "1496430000000000000")]
    [InlineData("2006-01-02 15:04:05.000", "2017-06-02 19:00:00.123", "1496430000123000000")]
    public void ParseNs(string layout, string value, string expected) =>
        Call("time.parse_ns", S(layout), S(value)).ShouldBe(N(expected));

    [Theory]
    [InlineData("2262-04-11T23:47:16.854775807Z", long.MaxValue)]
    [InlineData("1677-09-21T00:12:43.145224192Z", long.MinValue)]
    [InlineData("2262-04-12T00:47:16.854775807+01:00", long.MaxValue)]
    public void ParseAtTheEndsOfTheRange(string value, long expected) =>
        Call("time.parse_rfc3339_ns", S(value)).ShouldBe(N(expected));

    [Theory]
    [InlineData("1677-09-21T00:12:43.145224191-00:00")]
    [InlineData("2262-04-11T23:47:16.854775808-00:00")]
    public void ParseOutOfRange(string value)
    {
        Error("time.parse_ns", S("2006-01-02T15:04:05Z07:00"), S(value)).ShouldBe("time outside of valid range");
        Error("time.parse_rfc3339_ns", S(value)).ShouldBe("time outside of valid range");
    }

    [Fact]
    public void ParseErrorsUseGoWording()
    {
        Error("time.parse_rfc3339_ns", S("2017-13-02T19:00:00Z")).ShouldBe("parsing time \"2017-13-02T19:00:00Z\": month out of range");
        Error("time.parse_ns", S("2006-01-02"), S("2017-06-0x")).ShouldBe("parsing time \"2017-06-0x\" as \"2006-01-02\": cannot parse \"0x\" as \"02\"");
        Error("time.parse_ns", S("2006-01-02"), S("2017-06-02 extra")).ShouldBe("parsing time \"2017-06-02 extra\": extra text: \" extra\"");
        Error("time.parse_ns", S("2006-01-02"), S("2017-02-30")).ShouldBe("parsing time \"2017-02-30\": day out of range");
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00-00:00", "0")]
    [InlineData("2017-06-02T19:00:00-07:00", "1496455200000000000")]
    [InlineData("2017-06-03T02:00:00Z", "1496455200000000000")]
    [InlineData("2017-06-03T02:00:00.5Z", "1496455200500000000")]
    public void ParseRfc3339(string value, string expected) => Call("time.parse_rfc3339_ns", S(value)).ShouldBe(N(expected));

    [Theory]
    [InlineData("100ms", 100_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("-1.5us", -1500L)]
    [InlineData("1µs", 1000L)]
    [InlineData("0", 0L)]
    public void ParseDuration(string text, long expected) => Call("time.parse_duration_ns", S(text)).ShouldBe(N(expected));

    [Fact]
    public void ParseDurationErrors()
    {
        Error("time.parse_duration_ns", S("10")).ShouldBe("time: missing unit in duration \"10\"");
        Error("time.parse_duration_ns", S("10y")).ShouldBe("time: unknown unit \"y\" in duration \"10y\"");
        Error("time.parse_duration_ns", S("")).ShouldBe("time: invalid duration \"\"");
    }

    [Fact]
    public void DateClockWeekday()
    {
        Call("time.date", N(1517814000L * 1_000_000_000)).ShouldBeJson("[2018, 2, 5]");
        Call("time.date", Arr(N(1517814000L * 1_000_000_000), S("America/Los_Angeles"))).ShouldBeJson("[2018, 2, 4]");
        Call("time.date", Arr(N(1517832000L * 1_000_000_000), S(""))).ShouldBeJson("[2018, 2, 5]");
        Call("time.date", N(1582977600L * 1_000_000_000)).ShouldBeJson("[2020, 2, 29]");
        Call("time.clock", N(1517832000L * 1_000_000_000)).ShouldBeJson("[12, 0, 0]");
        Call("time.clock", Arr(N(1517832000L * 1_000_000_000), S("America/New_York"))).ShouldBeJson("[7, 0, 0]");
        string[] days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        for (var i = 0; i < 7; i++) Call("time.weekday", N((1517832000L + i * 86400L) * 1_000_000_000)).ShouldBe(S(days[i]));
        Call("time.date", N("-1")).ShouldBeJson("[1969, 12, 31]");
    }

    [Fact]
    public void TooBigAndBadShapes()
    {
        var big = N(1582977600L) * N(1_000_000_000_000L);
        Error("time.date", big).ShouldBe("timestamp too big");
        Error("time.clock", big).ShouldBe("timestamp too big");
        Error("time.weekday", big).ShouldBe("timestamp too big");
        Error("time.format", big).ShouldBe("timestamp too big");
        TypeError("time.date", Arr()).ShouldBe("operand 1 must be either number (ns) or [number (ns), string (tz)] but got array");
        TypeError("time.date", S("x")).ShouldBe("operand 1 must be either number (ns) or [number (ns), string (tz)] but got string");
        Error("time.date", Arr(N(0), S("Nowhere/Nope"))).ShouldBe("unknown time zone Nowhere/Nope");
    }

    [Fact]
    public void AddDate()
    {
        Call("time.add_date", N(1585852421593912000L), N(3), N(9), N(12)).ShouldBe(N(1705257221593912000L));
        Call("time.add_date", N(1585852421593912000L), N(-1), N(-1), N(-1)).ShouldBe(N(1551465221593912000L));
        // Go normalises overflowing days: Jan 31 + 1 month = Mar 3 (2021 is not a leap year).
        var jan31 = Call("time.parse_rfc3339_ns", S("2021-01-31T00:00:00Z"))!;
        var mar3 = Call("time.parse_rfc3339_ns", S("2021-03-03T00:00:00Z"))!;
        Call("time.add_date", jan31, N(0), N(1), N(0)).ShouldBe(mar3);
        Error("time.add_date", N(0), N(2262), N(1), N(1)).ShouldBe("time outside of valid range");
        Error("time.add_date", N(long.MinValue), N(0), N(0), N(-1)).ShouldBe("time outside of valid range");
    }

    [Fact]
    public void Diff()
    {
        var ctx = new BuiltinContext();
        var now = CallWith(ctx, "time.now_ns")!;
        var ns = (RegoNumber)now;
        CallWith(ctx, "time.diff", ns + N(61_000_000_000L), ns).ShouldBeJson("[0,0,0,0,1,1]");
        CallWith(ctx, "time.diff", Arr(ns + N(60_000_000_000L), S("UTC")), Arr(ns, S("Asia/Shanghai"))).ShouldBeJson("[0,0,0,0,1,0]");
        RegoValue P(string d) => Call("time.parse_ns", S("2006-01-02"), S(d))!;
        Call("time.diff", P("2020-02-02"), P("2020-03-01")).ShouldBeJson("[0,0,28,0,0,0]");
        Call("time.diff", P("2021-02-02"), P("2021-03-01")).ShouldBeJson("[0,0,27,0,0,0]");
        Call("time.diff", P("2004-02-29"), P("2005-03-01")).ShouldBeJson("[1,0,1,0,0,0]");
    }

    [Fact]
    public void Format()
    {
        var t = N(1670006453141828752L);
        Call("time.format", t).ShouldBe(S("2022-12-02T18:40:53.141828752Z"));
        Call("time.format", Arr(t, S("Asia/Kolkata"))).ShouldBe(S("2022-12-03T00:10:53.141828752+05:30"));
        Call("time.format", Arr(t, S("Asia/Kolkata"), S("Mon Jan 02 15:04:05 -0700 2006"))).ShouldBe(S("Sat Dec 03 00:10:53 +0530 2022"));
        Call("time.format", Arr(t, S("Asia/Kolkata"), S("RFC1123Z"))).ShouldBe(S("Sat, 03 Dec 2022 00:10:53 +0530"));
        Call("time.format", Arr(t, S("UTC"), S("3:04PM Monday January _2 002 .000 MST"))).ShouldBe(S("6:40PM Friday December  2 336 .141 UTC"));
    }

    [Fact]
    public void NowIsStableWithinAQuery()
    {
        var ctx = new BuiltinContext();
        var a = CallWith(ctx, "time.now_ns");
        Thread.Sleep(5);
        CallWith(ctx, "time.now_ns").ShouldBe(a);
        BuiltinRegistry.Default.TryGet("time.now_ns", out var def).ShouldBeTrue();
        def.NonDeterministic.ShouldBeTrue();
    }
}
