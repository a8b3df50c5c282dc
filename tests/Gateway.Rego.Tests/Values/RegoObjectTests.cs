using Gateway.Rego.Values;
using Shouldly;
using Xunit;

namespace Gateway.Rego.Tests.Values;

/// <summary>Objects of up to sixteen keys keep an entry array, larger ones a dictionary: both must behave alike.</summary>
public sealed class RegoObjectTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(RegoObject.SmallMax)]
    [InlineData(RegoObject.SmallMax + 1)]
    [InlineData(40)]
    public void Lookups_find_every_key_and_nothing_else_at_any_size(int size)
    {
        var fromJson = (RegoObject)RegoJson.Parse("{" + string.Join(", ", Enumerable.Range(0, size).Select(i => $"\"k{i}\": {i}")) + "}");
        var fromDictionary = new RegoObject(Enumerable.Range(0, size).ToDictionary(i => (RegoValue)new RegoString($"k{i}"), i => (RegoValue)RegoNumber.Of(i)));
        foreach (var o in new[] { fromJson, fromDictionary })
        {
            o.Count.ShouldBe(size);
            for (var i = 0; i < size; i++)
            {
                // A key equal to the stored one but not the same object (not pooled) is found too.
                o.Get(new RegoString($"k{i}")).ShouldBe(RegoNumber.Of(i));
                o.TryGetValue(new RegoString($"k{i}"), out var v).ShouldBeTrue();
                v.ShouldBe(RegoNumber.Of(i));
            }
            o.Get(new RegoString("missing")).ShouldBeNull();
            o.Get(RegoNumber.Of(0)).ShouldBeNull();
            o.Items.Keys.Select(k => ((RegoString)k).Value).ShouldBe(Enumerable.Range(0, size).Select(i => $"k{i}"));
            o.Items.Values.ShouldBe(Enumerable.Range(0, size).Select(i => (RegoValue)RegoNumber.Of(i)));
        }
        fromJson.ShouldBe(fromDictionary);
        fromJson.GetHashCode().ShouldBe(fromDictionary.GetHashCode());
        fromJson.CompareTo(fromDictionary).ShouldBe(0);
    }

    [Fact]
    public void A_lookup_site_finds_its_key_in_objects_of_any_size_and_key_order()
    {
        // One site meets objects of every size and order in turn, as compiled code meets the layers of a manifest:
        // its remembered position must never give another key's value.
        var rnd = new Random(11);
        var sites = Enumerable.Range(0, 20).Select(i => new KeySite(new RegoString($"k{i}"))).ToArray();
        var missing = new KeySite(new RegoString("missing"));
        for (var round = 0; round < 400; round++)
        {
            var size = rnd.Next(0, 21);
            var order = Enumerable.Range(0, size).OrderBy(_ => rnd.Next()).ToArray();
            var o = (RegoObject)RegoJson.Parse("{" + string.Join(", ", order.Select(i => $"\"k{i}\": {i}")) + "}");
            foreach (var site in sites)
            {
                var i = int.Parse(((RegoString)site.Key).Value[1..]);
                o.Get(site).ShouldBe(i < size ? RegoNumber.Of(i) : null);
            }
            o.Get(missing).ShouldBeNull();
        }
    }

    [Fact]
    public void A_repeated_json_key_keeps_its_first_place_and_its_last_value()
    {
        var o = (RegoObject)RegoJson.Parse("""{"a": 1, "b": 2, "a": 3}""");
        o.Count.ShouldBe(2);
        o.Get(new RegoString("a")).ShouldBe(RegoNumber.Of(3));
        o.Items.Keys.ShouldBe([new RegoString("a"), new RegoString("b")]);
        RegoJson.ToJson(o).ShouldBe("""{"a":3,"b":2}""");
    }

    [Fact]
    public void Numbers_and_composite_values_are_keys_by_equality()
    {
        var key = RegoJson.Parse("""{"x": [1, 2]}""");
        var o = new RegoObject(new Dictionary<RegoValue, RegoValue>
        {
            [RegoNumber.Of(1)] = new RegoString("one"),
            [key] = new RegoString("composite"),
        });
        o.Get(RegoNumber.Parse("1.0")!).ShouldBe(new RegoString("one"));
        o.Get(RegoJson.Parse("""{"x": [1, 2]}""")).ShouldBe(new RegoString("composite"));
        o.Get(RegoJson.Parse("""{"x": [2, 1]}""")).ShouldBeNull();
    }

    [Fact]
    public void The_dictionary_view_of_a_small_object_answers_as_a_dictionary()
    {
        var o = (RegoObject)RegoJson.Parse("""{"b": 1, "a": 2}""");
        var items = o.Items;
        items.Count.ShouldBe(2);
        items[new RegoString("a")].ShouldBe(RegoNumber.Of(2));
        Should.Throw<KeyNotFoundException>(() => items[new RegoString("c")]);
        items.ContainsKey(new RegoString("b")).ShouldBeTrue();
        items.ContainsKey(new RegoString("c")).ShouldBeFalse();
        items.TryGetValue(new RegoString("c"), out _).ShouldBeFalse();
        items.Select(kv => ((RegoString)kv.Key).Value).ShouldBe(["b", "a"]);
        o.SortedKeys.ShouldBe([new RegoString("a"), new RegoString("b")]);
    }

    [Fact]
    public void Objects_differing_in_one_value_or_one_key_are_unequal_and_ordered_as_opa_orders_them()
    {
        var a = RegoJson.Parse("""{"a": 1, "b": 2}""");
        var b = RegoJson.Parse("""{"a": 1, "b": 3}""");
        var c = RegoJson.Parse("""{"a": 1, "c": 2}""");
        a.ShouldNotBe(b);
        a.ShouldNotBe(c);
        a.CompareTo(b).ShouldBeLessThan(0);
        a.CompareTo(c).ShouldBeLessThan(0);
        RegoJson.Parse("""{"a": 1}""").CompareTo(a).ShouldBeLessThan(0);
    }
}
