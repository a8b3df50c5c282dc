using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>The schema must have a root type for the operation's kind.</summary>
internal sealed class KnownRootType : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        if (walker.Schema.RootFor(operation.Operation) is null)
        {
            Report($"Schema does not support operation type \"{operation.Operation}\"", operation.Position);
        }
    }
}

/// <summary>An anonymous operation must be the only operation in the document.</summary>
internal sealed class LoneAnonymousOperation : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        if (operation.Name == "" && walker.Document.Operations.Count > 1)
        {
            Report("This anonymous operation must be the only defined operation.", operation.Position);
        }
    }
}

/// <summary>A subscription selects exactly one top-level field, and not an introspection field.</summary>
internal sealed class SingleFieldSubscriptions : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        if (walker.Schema.Subscription is null || operation.Operation != GqlOperation.Subscription) return;
        var fields = new List<GqlField>();
        CollectTopFields(walker, operation.SelectionSet, fields, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        var name = operation.Name != "" ? "Subscription " + GoQuote.Quote(operation.Name) : "Anonymous Subscription";
        if (fields.Count > 1) Report($"{name} must select only one top level field.", fields[1].Position);
        foreach (var f in fields)
        {
            if (f.Name.StartsWith("__", StringComparison.Ordinal))
            {
                Report($"{name} must not select an introspection top level field.", f.Position);
            }
        }
    }

    // The fields the operation selects at the top, through inline fragments and fragment spreads (each
    // fragment once, which also stops cycles), one per name.
    private static void CollectTopFields(Walker walker, List<GqlSelection> selections, List<GqlField> fields, HashSet<string> seen, HashSet<string> fragments)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        foreach (var selection in selections)
        {
            switch (selection)
            {
                case GqlField f:
                    if (seen.Add(f.Name)) fields.Add(f);
                    break;
                case GqlInlineFragment i:
                    CollectTopFields(walker, i.SelectionSet, fields, seen, fragments);
                    break;
                case GqlFragmentSpread s:
                    if (walker.Document.Fragment(s.Name) is { } def && fragments.Add(def.Name)) CollectTopFields(walker, def.SelectionSet, fields, seen, fragments);
                    break;
            }
        }
    }
}

/// <summary>Operation names must be unique.</summary>
internal sealed class UniqueOperationNames : ValidationRule
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        if (!_seen.Add(operation.Name)) Report($"There can be only one operation named \"{operation.Name}\".", operation.Position);
    }
}

/// <summary>Directives must be defined and allowed where they are used.</summary>
internal sealed class KnownDirectives : ValidationRule
{
    // A misplaced directive in a fragment is walked once per spread; report it once.
    private readonly HashSet<(string Name, int Line, int Column)> _seen = [];

    public override void OnDirective(Walker walker, GqlDirective directive)
    {
        if (directive.Definition is null)
        {
            Report($"Unknown directive \"@{directive.Name}\".", directive.Position);
            return;
        }
        if (directive.Definition.Locations.Contains(directive.Location)) return;
        var key = (directive.Name, directive.Position?.Line ?? 0, directive.Position?.Column ?? 0);
        if (_seen.Add(key)) Report($"Directive \"@{directive.Name}\" may not be used on {directive.Location}.", directive.Position);
    }
}

/// <summary>A non-repeatable directive may appear only once per location.</summary>
internal sealed class UniqueDirectivesPerLocation : ValidationRule
{
    public override void OnDirectiveList(Walker walker, List<GqlDirective> directives)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in directives)
        {
            if (dir.Definition is { IsRepeatable: true }) continue;
            if (!seen.Add(dir.Name)) Report($"The directive \"@{dir.Name}\" can only be used once at this location.", dir.Position);
        }
    }
}

/// <summary>Types named by variables and fragments must exist.</summary>
internal sealed class KnownTypeNames : ValidationRule
{
    public override void OnVariable(Walker walker, GqlVariableDefinition variable)
    {
        var typeName = variable.Type?.Name ?? "";
        if (walker.Schema.Type(typeName) is null) Report($"Unknown type \"{typeName}\".", variable.Position);
    }

    public override void OnInlineFragment(Walker walker, GqlInlineFragment inlineFragment)
    {
        var typeName = inlineFragment.TypeCondition;
        if (typeName == "" || walker.Schema.Type(typeName) is not null) return;
        Report($"Unknown type \"{typeName}\".", inlineFragment.Position);
    }

    public override void OnFragment(Walker walker, GqlFragmentDefinition fragment)
    {
        var typeName = fragment.TypeCondition;
        if (walker.Schema.Type(typeName) is not null) return;
        var names = walker.Schema.Types.Keys.Order(StringComparer.Ordinal);
        Report($"Unknown type \"{typeName}\"." + Suggestions.Quoted("Did you mean", typeName, names), fragment.Position);
    }
}
