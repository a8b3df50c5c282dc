using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>object.subset, following OPA's subset.go: objects recurse, sets test membership, arrays look for a contiguous run.</summary>
internal static partial class ObjectBuiltins
{
    private static bool Subset(RegoValue super, RegoValue sub) => (super, sub) switch
    {
        (RegoObject a, RegoObject b) => ObjectSubset(a, b),
        (RegoSet a, RegoSet b) => SetSubset(a, b),
        (RegoArray a, RegoArray b) => ArraySubset(a, b),
        (RegoArray a, RegoSet b) => ArraySetSubset(a, b),
        _ => throw new BuiltinTypeException("both arguments object.subset must be of the same type or array and set"),
    };

    private static bool ObjectSubset(RegoObject super, RegoObject sub)
    {
        foreach (var (key, subValue) in sub.Items)
        {
            if (!super.TryGetValue(key, out var superValue)) return false;
            if (subValue.Equals(superValue)) continue;
            var ok = (superValue, subValue) switch
            {
                (RegoObject a, RegoObject b) => ObjectSubset(a, b),
                (RegoSet a, RegoSet b) => SetSubset(a, b),
                (RegoArray a, RegoArray b) => ArraySubset(a, b),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool SetSubset(RegoSet super, RegoSet sub)
    {
        foreach (var item in sub.Items)
        {
            if (!super.Contains(item)) return false;
        }
        return true;
    }

    /// <summary>The whole of sub must appear as a contiguous run in super.</summary>
    private static bool ArraySubset(RegoArray super, RegoArray sub)
    {
        if (sub.Count > super.Count) return false;
        if (sub.Equals(super)) return true;
        for (var start = 0; start + sub.Count <= super.Count; start++)
        {
            var i = 0;
            while (i < sub.Count && super[start + i].CompareTo(sub[i]) == 0) i++;
            if (i == sub.Count) return true;
        }
        return false;
    }

    /// <summary>
    /// Every set member appears somewhere in the array. Mirrors OPA's loop exactly, including its edge:
    /// an empty set is a subset of a non-empty array but not of an empty one.
    /// </summary>
    private static bool ArraySetSubset(RegoArray super, RegoSet sub)
    {
        var unmatched = sub.Count;
        foreach (var item in super.Items)
        {
            if (sub.Contains(item)) unmatched--;
            if (unmatched == 0) return true;
        }
        return false;
    }
}
