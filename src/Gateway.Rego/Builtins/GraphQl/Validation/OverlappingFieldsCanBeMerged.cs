using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>
/// Fields with the same response name must be mergeable: same field, same arguments, compatible types
/// and mergeable sub-selections. A port of gqlparser's version of graphql-js's algorithm, which compares
/// fields "within" each selection set once and "between" sets and the fragments they spread.
/// </summary>
internal sealed class OverlappingFieldsCanBeMerged : ValidationRule
{
    private readonly Dictionary<string, Dictionary<string, bool>> _comparedFragmentPairs = new(StringComparer.Ordinal);
    private HashSet<string> _comparedFragments = new(StringComparer.Ordinal);
    private Walker? _walker;

    private sealed class Conflict
    {
        public string Message { get; init; } = "";
        public string ResponseName { get; init; } = "";
        public List<Conflict> SubMessages { get; init; } = [];
        public GqlPosition? Position { get; init; }

        public void Write(StringBuilder sb)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            if (SubMessages.Count == 0)
            {
                sb.Append(Message);
                return;
            }
            for (var i = 0; i < SubMessages.Count; i++)
            {
                sb.Append("subfields \"").Append(SubMessages[i].ResponseName).Append("\" conflict because ");
                SubMessages[i].Write(sb);
                if (i != SubMessages.Count - 1) sb.Append(" and ");
            }
        }
    }

    /// <summary>Fields by response name, in first-seen order.</summary>
    private sealed class FieldsMap
    {
        public List<string> Order { get; } = [];
        public Dictionary<string, List<GqlField>> Data { get; } = new(StringComparer.Ordinal);

        public void Push(string responseName, GqlField field)
        {
            if (!Data.TryGetValue(responseName, out var list))
            {
                Order.Add(responseName);
                Data[responseName] = list = [];
            }
            list.Add(field);
        }

        public bool SameAs(FieldsMap other) =>
            Order.SequenceEqual(other.Order) && Order.TrueForAll(k => Data[k].SequenceEqual(other.Data[k]));
    }

    public override void OnOperation(Walker walker, GqlOperationDefinition operation) => Check(walker, operation.SelectionSet);

    public override void OnField(Walker walker, GqlField field)
    {
        // Fields in fragment definitions are checked when reached from an operation; checking them again would repeat errors.
        if (walker.CurrentOperation is null) return;
        Check(walker, field.SelectionSet);
    }

    public override void OnInlineFragment(Walker walker, GqlInlineFragment inlineFragment) => Check(walker, inlineFragment.SelectionSet);

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment) => Check(walker, fragment.SelectionSet);

    private void Check(Walker walker, List<GqlSelection> selectionSet)
    {
        _walker = walker;
        foreach (var conflict in FindConflictsWithinSelectionSet(selectionSet))
        {
            var sb = new StringBuilder();
            conflict.Write(sb);
            Report($"Fields \"{conflict.ResponseName}\" conflict because {sb}. Use different aliases on the fields to fetch both if this was intentional.",
                conflict.Position);
        }
    }

    private List<Conflict> FindConflictsWithinSelectionSet(List<GqlSelection> selectionSet)
    {
        var conflicts = new List<Conflict>();
        if (selectionSet.Count == 0) return conflicts;
        var (fieldsMap, spreads) = FieldsAndFragmentNames(selectionSet);

        // (A) conflicts within this selection set's own fields: the only place fields are compared to each other.
        foreach (var key in fieldsMap.Order)
        {
            var fields = fieldsMap.Data[key];
            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    if (FindConflict(false, fields[i], fields[j]) is { } c) conflicts.Add(c);
                }
            }
        }

        _comparedFragments = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spreads.Count; i++)
        {
            // (B) these fields against each spread fragment, (C) and the spread fragments against each other.
            CollectConflictsBetweenFieldsAndFragment(conflicts, false, fieldsMap, spreads[i]);
            for (var j = i + 1; j < spreads.Count; j++) CollectConflictsBetweenFragments(conflicts, false, spreads[i], spreads[j]);
        }
        return conflicts;
    }

    private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool mutuallyExclusive, FieldsMap fieldsMap, GqlFragmentSpread spread)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (!_comparedFragments.Add(spread.Name)) return;
        if (spread.Definition is null) return;
        var (fieldsMapB, spreadsB) = FieldsAndFragmentNames(spread.Definition.SelectionSet);
        if (fieldsMap.SameAs(fieldsMapB)) return; // never compare a fragment's fields to themselves

        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldsMap, fieldsMapB);
        foreach (var nested in spreadsB)
        {
            if (nested.Name == spread.Name) continue;
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldsMap, nested);
        }
    }

    private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool mutuallyExclusive, GqlFragmentSpread a, GqlFragmentSpread b)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (a.Name == b.Name) return;
        if (HasComparedPair(a.Name, b.Name, mutuallyExclusive)) return;
        AddComparedPair(a.Name, b.Name, mutuallyExclusive);
        if (a.Definition is null || b.Definition is null) return;

        var (fieldsA, spreadsA) = FieldsAndFragmentNames(a.Definition.SelectionSet);
        var (fieldsB, spreadsB) = FieldsAndFragmentNames(b.Definition.SelectionSet);
        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldsA, fieldsB);
        foreach (var s in spreadsB) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, a, s);
        foreach (var s in spreadsA) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, s, b);
    }

    private bool HasComparedPair(string a, string b, bool mutuallyExclusive)
    {
        if (!_comparedFragmentPairs.TryGetValue(a, out var m) || !m.TryGetValue(b, out var exclusive)) return false;
        // A pair compared as not mutually exclusive covers both cases.
        return mutuallyExclusive || !exclusive;
    }

    private void AddComparedPair(string a, string b, bool mutuallyExclusive)
    {
        Add(a, b);
        Add(b, a);

        void Add(string x, string y)
        {
            if (!_comparedFragmentPairs.TryGetValue(x, out var m)) _comparedFragmentPairs[x] = m = new Dictionary<string, bool>(StringComparer.Ordinal);
            m[y] = mutuallyExclusive;
        }
    }

    private List<Conflict>? FindConflictsBetweenSubSelectionSets(bool mutuallyExclusive, List<GqlSelection> setA, List<GqlSelection> setB)
    {
        var conflicts = new List<Conflict>();
        var (fieldsA, spreadsA) = FieldsAndFragmentNames(setA);
        var (fieldsB, spreadsB) = FieldsAndFragmentNames(setB);

        CollectConflictsBetween(conflicts, mutuallyExclusive, fieldsA, fieldsB);
        foreach (var s in spreadsB)
        {
            _comparedFragments = new HashSet<string>(StringComparer.Ordinal);
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldsA, s);
        }
        foreach (var s in spreadsA)
        {
            _comparedFragments = new HashSet<string>(StringComparer.Ordinal);
            CollectConflictsBetweenFieldsAndFragment(conflicts, mutuallyExclusive, fieldsB, s);
        }
        foreach (var sa in spreadsA)
        {
            foreach (var sb in spreadsB) CollectConflictsBetweenFragments(conflicts, mutuallyExclusive, sa, sb);
        }
        return conflicts.Count == 0 ? null : conflicts;
    }

    private void CollectConflictsBetween(List<Conflict> conflicts, bool parentMutuallyExclusive, FieldsMap a, FieldsMap b)
    {
        foreach (var key in a.Order)
        {
            if (!b.Data.TryGetValue(key, out var fieldsB)) continue;
            foreach (var fieldA in a.Data[key])
            {
                foreach (var fieldB in fieldsB)
                {
                    if (FindConflict(parentMutuallyExclusive, fieldA, fieldB) is { } c) conflicts.Add(c);
                }
            }
        }
    }

    private Conflict? FindConflict(bool parentMutuallyExclusive, GqlField a, GqlField b)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (a.Definition?.Type is not { } typeA || a.ObjectDefinition is null || b.Definition?.Type is not { } typeB || b.ObjectDefinition is null)
        {
            return null;
        }

        // Fields on two different object types can never both apply, so only their shapes must agree.
        var mutuallyExclusive = parentMutuallyExclusive
            || (a.ObjectDefinition.Name != b.ObjectDefinition.Name && a.ObjectDefinition.Kind == GqlKind.Object && b.ObjectDefinition.Kind == GqlKind.Object);
        var responseName = a.Alias != "" ? a.Alias : a.Name;

        if (!mutuallyExclusive)
        {
            if (a.Name != b.Name)
            {
                return new Conflict { ResponseName = responseName, Message = $"{a.Name} and {b.Name} are different fields", Position = b.Position };
            }
            if (!SameArguments(a.Arguments, b.Arguments))
            {
                return new Conflict { ResponseName = responseName, Message = "they have differing arguments", Position = b.Position };
            }
        }

        if (DoTypesConflict(typeA, typeB))
        {
            return new Conflict { ResponseName = responseName, Message = $"they return conflicting types {typeA} and {typeB}", Position = b.Position };
        }

        var sub = FindConflictsBetweenSubSelectionSets(mutuallyExclusive, a.SelectionSet, b.SelectionSet);
        return sub is null ? null : new Conflict { ResponseName = responseName, SubMessages = sub, Position = b.Position };
    }

    // gqlparser's comparison, kept as is: every argument is compared with every other one.
    private static bool SameArguments(List<GqlArgument> args1, List<GqlArgument> args2)
    {
        if (args1.Count != args2.Count) return false;
        foreach (var a1 in args1)
        {
            foreach (var a2 in args2)
            {
                if (a1.Name != a2.Name) return false;
                if (a1.Value?.Kind != a2.Value?.Kind || a1.Value?.Raw != a2.Value?.Raw) return false;
            }
        }
        return true;
    }

    private bool DoTypesConflict(GqlType t1, GqlType t2)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (t1.Elem is not null) return t2.Elem is null || DoTypesConflict(t1.Elem, t2.Elem);
        if (t2.Elem is not null) return true;
        if (t1.NonNull != t2.NonNull) return true;
        var d1 = _walker!.Schema.Type(t1.NamedType);
        var d2 = _walker.Schema.Type(t2.NamedType);
        if (d1 is { IsLeafType: true } && d2 is { IsLeafType: true }) return d1.Name != d2.Name;
        return false;
    }

    private static (FieldsMap Fields, List<GqlFragmentSpread> Spreads) FieldsAndFragmentNames(List<GqlSelection> selectionSet)
    {
        var fields = new FieldsMap();
        var spreads = new List<GqlFragmentSpread>();
        Walk(selectionSet);
        return (fields, spreads);

        void Walk(List<GqlSelection> set)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            foreach (var selection in set)
            {
                switch (selection)
                {
                    case GqlField f: fields.Push(f.Alias != "" ? f.Alias : f.Name, f); break;
                    case GqlInlineFragment i: Walk(i.SelectionSet); break;
                    case GqlFragmentSpread s: spreads.Add(s); break;
                }
            }
        }
    }
}
