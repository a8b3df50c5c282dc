using Gateway.Rego.Values;
using Shouldly;
using Xunit;

namespace Gateway.Rego.Tests.Values;

/// <summary>Membership of small sets looks for the very object first: equal values that are other objects must still be found.</summary>
public sealed class RegoSetTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(30)]
    public void Members_are_found_as_the_same_object_or_an_equal_one(int size)
    {
        var items = Enumerable.Range(0, size).Select(i => (RegoValue)new RegoString($"member-{i}")).ToArray();
        var set = RegoSet.Of(items);
        foreach (var item in items) set.Contains(item).ShouldBeTrue();
        for (var i = 0; i < size; i++) set.Contains(new RegoString($"member-{i}")).ShouldBeTrue();
        set.Contains(new RegoString("member")).ShouldBeFalse();
        set.Contains(RegoNumber.Of(0)).ShouldBeFalse();
        // Iterating it sorted afterwards still gives OPA's order.
        set.Sorted.Select(v => ((RegoString)v).Value).ShouldBe(items.Select(v => ((RegoString)v).Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Composite_members_compare_by_value()
    {
        var set = RegoSet.Of([RegoJson.Parse("""{"signer": "ci", "d": 1}"""), RegoJson.Parse("[1, 2]")]);
        set.Contains(RegoJson.Parse("""{"d": 1, "signer": "ci"}""")).ShouldBeTrue();
        set.Contains(RegoJson.Parse("[1, 2]")).ShouldBeTrue();
        set.Contains(RegoJson.Parse("[2, 1]")).ShouldBeFalse();
    }
}
