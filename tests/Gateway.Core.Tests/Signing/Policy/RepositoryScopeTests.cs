using Gateway.Core.Signing.Policy;

namespace Gateway.Core.Tests.Signing.Policy;

public sealed class RepositoryScopeTests
{
    private static RepositoryScope Scope(string pattern)
    {
        RepositoryScope.TryParse(pattern, out var scope, out var error).ShouldBeTrue(error);
        return scope;
    }

    [Theory]
    [InlineData("*", "app", true)]
    [InlineData("*", "team/a/b", true)]
    [InlineData("team/*", "team/app", true)]
    [InlineData("team/*", "team/app/sub", false)]
    [InlineData("team/*", "team", false)]
    [InlineData("team/*", "teamx/app", false)]
    [InlineData("team/**", "team/app", true)]
    [InlineData("team/**", "team/app/sub/deeper", true)]
    [InlineData("team/**", "team", false)]
    [InlineData("team/**", "other/team/app", false)]
    [InlineData("team/app", "team/app", true)]
    [InlineData("team/app", "team/app2", false)]
    [InlineData("team/app", "team/app/sub", false)]
    public void Matches(string pattern, string repository, bool expected) => Scope(pattern).Matches(repository).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("team/*/app")]
    [InlineData("team*")]
    [InlineData("team/***")]
    [InlineData("Team/App")]
    [InlineData("registry.example.com:5000/team")]
    [InlineData("/team")]
    public void Rejects_malformed_patterns(string pattern) => RepositoryScope.TryParse(pattern, out _, out _).ShouldBeFalse();

    [Fact]
    public void Exact_beats_longer_prefix_beats_shorter_prefix_beats_wildcard()
    {
        var ordered = new[] { "*", "team/**", "team/*", "team/sub/**", "team/sub/*", "team/sub/app" }.Select(Scope).ToArray();
        for (var i = 1; i < ordered.Length; i++)
            ordered[i].Specificity.CompareTo(ordered[i - 1].Specificity).ShouldBeGreaterThan(0, $"{ordered[i]} should beat {ordered[i - 1]}");
    }
}
