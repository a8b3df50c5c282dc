using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Values;

/// <summary>
/// Objects, arrays and sets compare their cached hashes only when both have one: equality must come out the same
/// whichever of two values has been hashed, and hashing must agree with equality.
/// </summary>
public sealed class CompositeEqualityTests
{
    public static TheoryData<string, string, bool> Pairs() => new()
    {
        { """{"format": "cosign", "signer": "ci", "verified": true}""", """{"verified": true, "signer": "ci", "format": "cosign"}""", true },
        { """{"format": "cosign", "signer": "ci", "verified": true}""", """{"format": "notation", "signer": "ci", "verified": true}""", false },
        { """{"a": [1, {"b": 2}]}""", """{"a": [1.0, {"b": 2}]}""", true },
        { """{"a": [1, {"b": 2}]}""", """{"a": [1, {"b": 3}]}""", false },
        { """[1, "x", {"k": null}]""", """[1, "x", {"k": null}]""", true },
        { """[1, "x", {"k": null}]""", """[1, "x", {"k": false}]""", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Equality_is_the_same_whichever_side_was_hashed(string left, string right, bool equal)
    {
        for (var hashed = 0; hashed < 4; hashed++)
        {
            var a = RegoJson.Parse(left);
            var b = RegoJson.Parse(right);
            if ((hashed & 1) != 0) a.GetHashCode();
            if ((hashed & 2) != 0) b.GetHashCode();
            a.Equals(b).ShouldBe(equal, $"hashed {hashed}");
            b.Equals(a).ShouldBe(equal, $"hashed {hashed}");
            if (equal) a.GetHashCode().ShouldBe(b.GetHashCode());
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Sets_of_such_values_are_equal_as_their_members_are(string left, string right, bool equal)
    {
        // Built sets (arrays of distinct elements) and hashed sets, in every combination.
        var a = RegoSet.OfOwned([RegoJson.Parse(left), RegoNumber.Of(1)]);
        var b = RegoSet.OfOwned([RegoNumber.Of(1), RegoJson.Parse(right)]);
        var hashedB = RegoSet.Of([RegoNumber.Of(1), RegoJson.Parse(right)]);
        a.Equals(b).ShouldBe(equal);
        a.Equals(hashedB).ShouldBe(equal);
        hashedB.Equals(a).ShouldBe(equal);
        RegoSet.OfOwned([RegoJson.Parse(left), RegoJson.Parse(right)]).Count.ShouldBe(equal ? 1 : 2);
    }
}
