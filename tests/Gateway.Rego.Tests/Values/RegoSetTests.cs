using Gateway.Rego.Values;
using Shouldly;
using Xunit;

namespace Gateway.Rego.Tests.Values;

/// <summary>
/// Membership of small sets looks for the very object first: equal values that are other objects must still be found.
/// Small sets built by RegoSetBuilder are arrays, not HashSets: they must be the same values by every measure.
/// </summary>
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

    /// <summary>Sets the builder makes: a few elements in an array (compared as they come), more in a HashSet.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(20)]
    public void A_built_set_keeps_one_of_equal_elements_and_equals_the_hashed_set(int size)
    {
        var builder = new RegoSetBuilder();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < size; i++)
            {
                // Each value twice, as different objects (1 and 1.0 are one number); the second is refused.
                builder.Add(new RegoString($"e{i}")).ShouldBeTrue();
                builder.Add(new RegoString($"e{i}")).ShouldBeFalse();
                builder.Add(RegoNumber.Of(i)).ShouldBeTrue();
                builder.Add(RegoNumber.Parse($"{i}.0")!).ShouldBeFalse();
            }
            var set = builder.Build();
            var hashed = RegoSet.Of(Enumerable.Range(0, size).SelectMany(i => new RegoValue[] { RegoNumber.Of(i), new RegoString($"e{i}") }));
            set.Count.ShouldBe(2 * size);
            set.Equals(hashed).ShouldBeTrue();
            hashed.Equals(set).ShouldBeTrue();
            set.GetHashCode().ShouldBe(hashed.GetHashCode());
            set.CompareTo(hashed).ShouldBe(0);
            set.Sorted.ShouldBe(hashed.Sorted);
            set.Items.SetEquals(hashed.Items).ShouldBeTrue();
            for (var i = 0; i < size; i++)
            {
                set.Contains(new RegoString($"e{i}")).ShouldBeTrue();
                set.Contains(RegoNumber.Parse($"{i}.0")!).ShouldBeTrue();
            }
            set.Contains(new RegoString("e")).ShouldBeFalse();
            set.Equals(RegoSet.Of([new RegoString("other")])).ShouldBeFalse();
            // Build emptied the builder: the second round starts afresh.
        }
    }

    [Fact]
    public void Sets_of_the_same_size_and_different_elements_differ_in_either_form()
    {
        var small = RegoSet.OfOwned([new RegoString("a"), new RegoString("b")]);
        var other = RegoSet.OfOwned([new RegoString("a"), new RegoString("c")]);
        small.Equals(other).ShouldBeFalse();
        small.Equals(RegoSet.Of([new RegoString("a"), new RegoString("c")])).ShouldBeFalse();
        small.Equals(RegoSet.Of([new RegoString("b"), new RegoString("a")])).ShouldBeTrue();
        small.CompareTo(other).ShouldBeLessThan(0);
    }

    [Fact]
    public void A_set_from_values_with_duplicates_has_each_once()
    {
        var set = RegoSet.OfOwned([RegoNumber.Of(2), RegoNumber.Parse("2.0")!, new RegoString("x"), RegoNumber.Of(2), new RegoString("x")]);
        set.Count.ShouldBe(2);
        set.Sorted.ShouldBe([RegoNumber.Of(2), new RegoString("x")]);
        RegoSet.OfOwned([]).ShouldBeSameAs(RegoSet.Empty);
        var large = RegoSet.OfOwned([.. Enumerable.Range(0, 12).Select(i => (RegoValue)RegoNumber.Of(i % 10))]);
        large.Count.ShouldBe(10);
    }
}
