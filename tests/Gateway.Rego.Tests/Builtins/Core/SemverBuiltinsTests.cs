using Gateway.Rego.Values;
using static Gateway.Rego.Tests.Builtins.Core.B;

namespace Gateway.Rego.Tests.Builtins.Core;

public sealed class SemverBuiltinsTests
{
    [Theory]
    [InlineData("1.4.2", true)]
    [InlineData("v1.4.2", true)]
    [InlineData("0.0.0", true)]
    [InlineData("1.4.2-rc.1", true)]
    [InlineData("1.4.2+build.5", true)]
    [InlineData("1.4.2-rc.1+build.5", true)]
    [InlineData("1.4.2-", true)]
    [InlineData("+1.2.3", false)]
    [InlineData("1.4", false)]
    [InlineData("1.4.2.1", false)]
    [InlineData("1..3", false)]
    [InlineData("1.2.x", false)]
    [InlineData("vv1.2.3", false)]
    [InlineData("", false)]
    [InlineData("1.2.3-α", false)]
    [InlineData("1.2.3+bad!", false)]
    [InlineData("1.-4.2", false)]
    [InlineData("99999999999999999999.0.0", false)]
    public void Is_valid_reads_major_minor_patch_and_checks_prerelease_and_metadata(string version, bool valid) =>
        Call("semver.is_valid", new RegoString(version)).ShouldBe(RegoBool.Of(valid));

    [Fact]
    public void Is_valid_is_false_for_anything_but_a_string() =>
        Call("semver.is_valid", RegoNumber.Of(1)).ShouldBe(RegoBool.False);

    [Theory]
    [InlineData("1.2.3", "1.2.4", -1)]
    [InlineData("1.2.3-rc.1", "1.2.3", -1)]
    [InlineData("v2.0.0", "1.9.9", 1)]
    [InlineData("1.2.3+a", "1.2.3+b", 0)]
    public void Compare_orders_versions(string a, string b, int expected) =>
        Call("semver.compare", new RegoString(a), new RegoString(b)).ShouldBe(RegoNumber.Of(expected));
}
