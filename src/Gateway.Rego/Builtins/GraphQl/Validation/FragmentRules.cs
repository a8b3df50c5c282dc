using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>Fragments may only condition on object, interface or union types.</summary>
internal sealed class FragmentsOnCompositeTypes : ValidationRule
{
    public override void OnInlineFragment(Walker walker, GqlInlineFragment inlineFragment)
    {
        var fragmentType = walker.Schema.Type(inlineFragment.TypeCondition);
        if (fragmentType is null || fragmentType.IsCompositeType) return;
        Report($"Fragment cannot condition on non composite type \"{inlineFragment.TypeCondition}\".", inlineFragment.Position);
    }

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment)
    {
        if (fragment.Definition is null || fragment.TypeCondition == "" || fragment.Definition.IsCompositeType) return;
        Report($"Fragment \"{fragment.Name}\" cannot condition on non composite type \"{fragment.TypeCondition}\".", fragment.Position);
    }
}

/// <summary>Spread fragments must be defined in the document.</summary>
internal sealed class KnownFragmentNames : ValidationRule
{
    public override void OnFragmentSpread(Walker walker, GqlFragmentSpread fragmentSpread)
    {
        if (fragmentSpread.Definition is null) Report($"Unknown fragment \"{fragmentSpread.Name}\".", fragmentSpread.Position);
    }
}

/// <summary>A fragment must not spread itself, directly or through other fragments.</summary>
internal sealed class NoFragmentCycles : ValidationRule
{
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment)
    {
        var spreadPath = new List<GqlFragmentSpread>();
        var spreadPathIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        Visit(fragment);

        void Visit(GqlFragmentDefinition f)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (!_visited.Add(f.Name)) return;
            var spreads = FragmentSpreads(f.SelectionSet);
            if (spreads.Count == 0) return;
            spreadPathIndexByName[f.Name] = spreadPath.Count;
            foreach (var spread in spreads)
            {
                var hasCycle = spreadPathIndexByName.TryGetValue(spread.Name, out var cycleIndex);
                spreadPath.Add(spread);
                if (!hasCycle)
                {
                    if (walker.Document.Fragment(spread.Name) is { } next) Visit(next);
                }
                else
                {
                    var names = spreadPath.GetRange(cycleIndex, spreadPath.Count - 1 - cycleIndex).Select(s => s.Name).ToList();
                    var via = names.Count != 0 ? " via " + string.Join(", ", names) : "";
                    Report($"Cannot spread fragment \"{spread.Name}\" within itself{via}.", spread.Position);
                }
                spreadPath.RemoveAt(spreadPath.Count - 1);
            }
            spreadPathIndexByName.Remove(f.Name);
        }
    }

    // Depth-first with an explicit stack, in gqlparser's (last set first) order.
    private static List<GqlFragmentSpread> FragmentSpreads(List<GqlSelection> node)
    {
        var spreads = new List<GqlFragmentSpread>();
        var toVisit = new Stack<List<GqlSelection>>();
        toVisit.Push(node);
        while (toVisit.Count != 0)
        {
            foreach (var selection in toVisit.Pop())
            {
                switch (selection)
                {
                    case GqlFragmentSpread s: spreads.Add(s); break;
                    case GqlField f: toVisit.Push(f.SelectionSet); break;
                    case GqlInlineFragment i: toVisit.Push(i.SelectionSet); break;
                }
            }
        }
        return spreads;
    }
}

/// <summary>Every defined fragment must be spread by some operation.</summary>
internal sealed class NoUnusedFragments : ValidationRule
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private bool _inFragmentDefinition;

    public override void OnFragmentSpread(Walker walker, GqlFragmentSpread fragmentSpread)
    {
        if (!_inFragmentDefinition) _used.Add(fragmentSpread.Name);
    }

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment)
    {
        _inFragmentDefinition = true;
        if (!_used.Contains(fragment.Name)) Report($"Fragment \"{fragment.Name}\" is never used.", fragment.Position);
    }
}

/// <summary>A fragment may only be spread where its type can apply.</summary>
internal sealed class PossibleFragmentSpreads : ValidationRule
{
    public override void OnInlineFragment(Walker walker, GqlInlineFragment inlineFragment)
    {
        if (CanNeverApply(walker, inlineFragment.ObjectDefinition, inlineFragment.TypeCondition))
        {
            Report($"Fragment cannot be spread here as objects of type \"{inlineFragment.ObjectDefinition!.Name}\" can never be of type \"{inlineFragment.TypeCondition}\".",
                inlineFragment.Position);
        }
    }

    public override void OnFragmentSpread(Walker walker, GqlFragmentSpread fragmentSpread)
    {
        if (fragmentSpread.Definition is not { } def) return;
        if (CanNeverApply(walker, fragmentSpread.ObjectDefinition, def.TypeCondition))
        {
            Report($"Fragment \"{fragmentSpread.Name}\" cannot be spread here as objects of type \"{fragmentSpread.ObjectDefinition!.Name}\" can never be of type \"{def.TypeCondition}\".",
                fragmentSpread.Position);
        }
    }

    private static bool CanNeverApply(Walker walker, GqlDefinition? parentDef, string fragmentName)
    {
        if (parentDef is null) return false;
        List<GqlDefinition> parentDefs;
        switch (parentDef.Kind)
        {
            case GqlKind.Object: parentDefs = [parentDef]; break;
            case GqlKind.Interface or GqlKind.Union: parentDefs = walker.Schema.GetPossibleTypes(parentDef).ToList(); break;
            default: return false;
        }
        var fragmentType = walker.Schema.Type(fragmentName);
        if (fragmentType is null || !fragmentType.IsCompositeType) return false; // unknown or non-composite: other rules report it
        foreach (var fragmentDef in walker.Schema.GetPossibleTypes(fragmentType))
        {
            if (parentDefs.Exists(p => p.Name == fragmentDef.Name)) return false;
        }
        return true;
    }
}

/// <summary>Fragment names must be unique.</summary>
internal sealed class UniqueFragmentNames : ValidationRule
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment)
    {
        if (!_seen.Add(fragment.Name)) Report($"There can be only one fragment named \"{fragment.Name}\".", fragment.Position);
    }
}
