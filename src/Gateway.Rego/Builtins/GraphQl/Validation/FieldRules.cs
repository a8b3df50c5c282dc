namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>Fields must exist on the type they are selected from.</summary>
internal sealed class FieldsOnCorrectType : ValidationRule
{
    public override void OnField(Walker walker, GqlField field)
    {
        if (field.ObjectDefinition is null || field.Definition is not null) return;
        var message = $"Cannot query field \"{field.Name}\" on type \"{field.ObjectDefinition.Name}\".";
        var typeNames = SuggestedTypeNames(walker, field.ObjectDefinition, field.Name);
        if (typeNames.Count > 0)
        {
            message += " Did you mean to use an inline fragment on " + Suggestions.QuotedOrList(typeNames) + "?";
        }
        else if (field.ObjectDefinition.Kind is GqlKind.Object or GqlKind.Interface)
        {
            var fieldNames = Suggestions.List(field.Name, field.ObjectDefinition.Fields.Select(f => f.Name));
            if (fieldNames.Count > 0) message += " Did you mean " + Suggestions.QuotedOrList(fieldNames) + "?";
        }
        Report(message, field.Position);
    }

    // The implementations of an abstract type (and the interfaces they implement) that have the field,
    // most referenced interfaces first, then by name.
    private static List<string> SuggestedTypeNames(Walker walker, GqlDefinition parent, string name)
    {
        if (!parent.IsAbstractType) return [];
        var objectTypes = new List<string>();
        var interfaceTypes = new List<string>();
        var usage = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var possible in walker.Schema.GetPossibleTypes(parent))
        {
            if (possible.Field(name) is null) continue;
            objectTypes.Add(possible.Name);
            foreach (var intf in possible.Interfaces)
            {
                if (walker.Schema.Type(intf)?.Field(name) is null) continue;
                var count = usage.GetValueOrDefault(intf);
                if (count == 0) interfaceTypes.Add(intf);
                usage[intf] = count + 1;
            }
        }
        return interfaceTypes.Concat(objectTypes)
            .OrderByDescending(t => usage.GetValueOrDefault(t))
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>Arguments must be defined by the field or directive they are given to.</summary>
internal sealed class KnownArgumentNames : ValidationRule
{
    public override void OnField(Walker walker, GqlField field)
    {
        if (field.Definition is null || field.ObjectDefinition is null) return;
        foreach (var arg in field.Arguments)
        {
            if (field.Definition.Argument(arg.Name) is not null) continue;
            var names = field.Definition.Arguments.Select(a => a.Name);
            Report($"Unknown argument \"{arg.Name}\" on field \"{field.Name}\" of type \"{field.ObjectDefinition.Name}\"."
                + Suggestions.Quoted("Did you mean", arg.Name, names), field.Position);
        }
    }

    public override void OnDirective(Walker walker, GqlDirective directive)
    {
        if (directive.Definition is null) return;
        foreach (var arg in directive.Arguments)
        {
            if (directive.Definition.Argument(arg.Name) is not null) continue;
            var names = directive.Definition.Arguments.Select(a => a.Name);
            Report($"Unknown argument \"{arg.Name}\" on directive \"@{directive.Name}\"."
                + Suggestions.Quoted("Did you mean", arg.Name, names), directive.Position);
        }
    }
}

/// <summary>Non-null arguments without a default must be given.</summary>
internal sealed class ProvidedRequiredArguments : ValidationRule
{
    public override void OnField(Walker walker, GqlField field)
    {
        if (field.Definition is null) return;
        foreach (var argDef in field.Definition.Arguments)
        {
            if (argDef.Type is not { NonNull: true } || argDef.DefaultValue is not null) continue;
            if (field.Arguments.Exists(a => a.Name == argDef.Name)) continue;
            Report($"Field \"{field.Name}\" argument \"{argDef.Name}\" of type \"{argDef.Type}\" is required, but it was not provided.", field.Position);
        }
    }

    public override void OnDirective(Walker walker, GqlDirective directive)
    {
        if (directive.Definition is null) return;
        foreach (var argDef in directive.Definition.Arguments)
        {
            if (argDef.Type is not { NonNull: true } || argDef.DefaultValue is not null) continue;
            if (directive.Arguments.Exists(a => a.Name == argDef.Name)) continue;
            Report($"Directive \"@{directive.Definition.Name}\" argument \"{argDef.Name}\" of type \"{argDef.Type}\" is required, but it was not provided.",
                directive.Position);
        }
    }
}

/// <summary>Leaf types take no selection; composite types need one.</summary>
internal sealed class ScalarLeafs : ValidationRule
{
    public override void OnField(Walker walker, GqlField field)
    {
        if (field.Definition?.Type is not { } type) return;
        if (walker.Schema.Type(type.Name) is not { } fieldType) return;
        if (fieldType.IsLeafType && field.SelectionSet.Count > 0)
        {
            Report($"Field \"{field.Name}\" must not have a selection since type \"{fieldType.Name}\" has no subfields.", field.Position);
        }
        if (!fieldType.IsLeafType && field.SelectionSet.Count == 0)
        {
            Report($"Field \"{field.Name}\" of type \"{type}\" must have a selection of subfields. Did you mean \"{field.Name} {{ ... }}\"?", field.Position);
        }
    }
}

/// <summary>An argument may be given only once per field or directive.</summary>
internal sealed class UniqueArgumentNames : ValidationRule
{
    public override void OnField(Walker walker, GqlField field) => Check(field.Arguments);

    public override void OnDirective(Walker walker, GqlDirective directive) => Check(directive.Arguments);

    private void Check(List<GqlArgument> args)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            var n = seen.GetValueOrDefault(arg.Name);
            if (n == 1) Report($"There can be only one argument named \"{arg.Name}\".", arg.Position);
            seen[arg.Name] = n + 1;
        }
    }
}
