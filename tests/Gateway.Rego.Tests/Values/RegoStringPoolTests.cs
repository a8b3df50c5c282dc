using Gateway.Rego.Ast;
using Gateway.Rego.Values;
using Xunit;

namespace Gateway.Rego.Tests.Values;

public sealed class RegoStringPoolTests
{
    [Fact]
    public void Input_keys_and_policy_references_are_one_object()
    {
        Assert.True(WithinThreeTries(SameObjects), "the JSON reader's keys and values are not the pool's objects");

        static bool SameObjects()
        {
            var first = (RegoObject)RegoJson.Parse("""{"pooltest_layers": [1], "kind": "pooltest_push"}""");
            var second = (RegoObject)RegoJson.Parse("""{"pooltest_layers": [2]}""");
            var key = first.Items.Keys.Single(k => ((RegoString)k).Value == "pooltest_layers");
            // String values are pooled too: `input.kind == "pooltest_push"` is then a reference compare.
            return ReferenceEquals(key, second.Items.Keys.Single()) && ReferenceEquals(key, RegoStringPool.Get("pooltest_layers")) &&
                ReferenceEquals(first.Get(RegoStringPool.Get("kind")), RegoStringPool.Get("pooltest_push"));
        }
    }

    [Fact]
    public void The_parser_takes_its_strings_from_the_pool()
    {
        Assert.True(WithinThreeTries(SameObjects), "the parser's reference keys and string literals are not the pool's objects");

        static bool SameObjects()
        {
            var module = Gateway.Rego.Parsing.RegoParser.ParseModule("p.rego", "package p\nx := input.pooltest_ref[\"pooltest_literal\"]");
            var value = (RefTerm)module.Rules[0].Head.Value!;
            return ReferenceEquals(((ScalarTerm)value.Path[0]).Value, RegoStringPool.Get("pooltest_ref")) &&
                ReferenceEquals(((ScalarTerm)value.Path[1]).Value, RegoStringPool.Get("pooltest_literal"));
        }
    }

    /// <summary>
    /// The shared pool is used by every test running in parallel, and any of them may, once in a few thousand runs,
    /// replace a test's slot between two of its reads: a check of the shared pool is tried up to three times.
    /// </summary>
    private static bool WithinThreeTries(Func<bool> check) => check() || check() || check();

    [Fact]
    public void Policies_still_read_pooled_input()
    {
        var engine = new RegoEngine();
        engine.AddModule("p.rego", "package p\nx := input.pooltest_manifest.layers[0]\ny if input.kind == \"pooltest_push\"");
        var input = RegoJson.Parse("""{"pooltest_manifest": {"layers": ["a"]}, "kind": "pooltest_push"}""");
        Assert.Equal(new RegoString("a"), engine.Prepare("data.p.x").Evaluate(input).Value);
        Assert.Equal(RegoBool.True, engine.Prepare("data.p.y").Evaluate(input).Value);
    }

    [Fact]
    public void Long_strings_are_not_pooled_but_stay_equal()
    {
        var pool = new RegoStringPool(16);
        var text = new string('k', 65);
        var a = pool.GetOrAdd(text);
        var b = pool.GetOrAdd(text);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Characters_of_a_longer_string_find_the_pooled_string_and_are_copied_only_when_absent()
    {
        var pool = new RegoStringPool(16);
        var fromString = pool.GetOrAdd("PATH");
        var fromSpan = pool.GetOrAdd("PATH=/usr/bin".AsSpan(0, 4));
        Assert.Same(fromString, fromSpan);
        var fresh = pool.GetOrAdd("TZ=UTC".AsSpan(0, 2));
        Assert.Equal("TZ", fresh.Value);
        Assert.Equal(new RegoString("TZ").GetHashCode(), fresh.GetHashCode());
        Assert.Same(fresh, pool.GetOrAdd("TZ"));
        var longText = new string('v', 70);
        var unpooled = pool.GetOrAdd(longText.AsSpan());
        Assert.Equal(longText, unpooled.Value);
        Assert.NotSame(unpooled, pool.GetOrAdd(longText.AsSpan()));
    }

    [Fact]
    public void A_pooled_string_hashes_and_compares_as_an_unpooled_one()
    {
        var pooled = RegoStringPool.Get("pooltest_digest");
        var plain = new RegoString("pooltest_digest");
        Assert.Equal(plain.GetHashCode(), pooled.GetHashCode());
        Assert.True(pooled.Equals(plain) && plain.Equals(pooled));
        var d = new Dictionary<RegoValue, int> { [plain] = 1 };
        Assert.Equal(1, d[pooled]);
    }

    [Fact]
    public void Two_strings_of_one_set_are_both_kept_and_a_third_drops_the_older()
    {
        // Two slots: one set, which every string maps to.
        var pool = new RegoStringPool(2);
        var a = pool.GetOrAdd("pooltest-a");
        var b = pool.GetOrAdd("pooltest-b");
        Assert.Same(a, pool.GetOrAdd("pooltest-a"));
        Assert.Same(b, pool.GetOrAdd("pooltest-b"));
        var c = pool.GetOrAdd("pooltest-c");
        Assert.Same(c, pool.GetOrAdd("pooltest-c"));
        Assert.Same(b, pool.GetOrAdd("pooltest-b"));
        var a2 = pool.GetOrAdd("pooltest-a");
        Assert.NotSame(a, a2);
        Assert.Equal(a, a2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegoStringPool(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegoStringPool(6));
    }

    [Fact]
    public void Many_distinct_strings_evict_each_other_and_never_come_back_wrong()
    {
        // Far more strings than slots: every slot is replaced many times, and every answer still holds its text.
        var pool = new RegoStringPool(64);
        for (var i = 0; i < 50_000; i++)
        {
            var s = "evict-" + i;
            Assert.Equal(s, pool.GetOrAdd(s).Value);
        }
        var again = pool.GetOrAdd("evict-7");
        Assert.Equal("evict-7", again.Value);
        Assert.Same(again, pool.GetOrAdd("evict-7"));
    }

    [Fact]
    public void Concurrent_readers_and_writers_get_the_string_they_asked_for()
    {
        // More words than slots, so that threads keep replacing the entries other threads are reading.
        var pool = new RegoStringPool(256);
        var words = Enumerable.Range(0, 20_000).Select(i => "c" + (i * 7919 % 20_000)).ToArray();
        var wrong = 0;
        Parallel.For(0, 4, t =>
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var w in words)
                {
                    var r = pool.GetOrAdd(w);
                    if (r.Value != w || r.GetHashCode() != new RegoString(w).GetHashCode()) Interlocked.Increment(ref wrong);
                }
            }
        });
        Assert.Equal(0, wrong);
    }
}
