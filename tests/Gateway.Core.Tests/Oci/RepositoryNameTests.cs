using Gateway.Core.Oci;

namespace Gateway.Core.Tests.Oci;

public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("library/ubuntu")]
    [InlineData("team-a/app")]
    [InlineData("a.b_c__d---e/f")]
    [InlineData("prod/payments/api")]
    [InlineData("0/1/2")]
    public void Valid_names(string name) => RepositoryName.IsValid(name).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a..b")]
    [InlineData("a___b")]
    [InlineData("a b")]
    [InlineData("a:b")]
    public void Invalid_names(string name) => RepositoryName.IsValid(name).ShouldBeFalse();

    [Fact]
    public void Names_longer_than_255_are_invalid()
    {
        RepositoryName.IsValid(new string('a', 255)).ShouldBeTrue();
        RepositoryName.IsValid(new string('a', 256)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v1.2.3-rc_1", true)]
    [InlineData("_underscore", true)]
    [InlineData(".dot", false)]
    [InlineData("-dash", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    public void Tags(string tag, bool valid) => RepositoryName.IsValidTag(tag).ShouldBe(valid);

    [Fact]
    public void Tag_length_limit_is_128()
    {
        RepositoryName.IsValidTag(new string('a', 128)).ShouldBeTrue();
        RepositoryName.IsValidTag(new string('a', 129)).ShouldBeFalse();
    }
}
