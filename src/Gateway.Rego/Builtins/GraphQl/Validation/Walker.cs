using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>
/// Walks a query document against a schema the way gqlparser's validator walker does: it annotates the
/// nodes (definitions, expected types, variable use) and tells each rule about every node after its
/// children, in document order. Rules report errors through <see cref="QueryValidator"/>.
/// </summary>
internal sealed class Walker(GqlSchema schema, GqlQueryDocument document, IReadOnlyList<ValidationRule> rules)
{
    private HashSet<string> _validatedFragmentSpreads = new(StringComparer.Ordinal);

    public GqlSchema Schema { get; } = schema;
    public GqlQueryDocument Document { get; } = document;
    public GqlOperationDefinition? CurrentOperation { get; private set; }

    public void Walk()
    {
        foreach (var op in Document.Operations)
        {
            _validatedFragmentSpreads = new HashSet<string>(StringComparer.Ordinal);
            WalkOperation(op);
        }
        foreach (var fragment in Document.Fragments)
        {
            _validatedFragmentSpreads = new HashSet<string>(StringComparer.Ordinal);
            WalkFragment(fragment);
        }
    }

    private void WalkOperation(GqlOperationDefinition operation)
    {
        CurrentOperation = operation;
        foreach (var varDef in operation.VariableDefinitions)
        {
            varDef.Definition = Schema.Type(varDef.Type?.Name ?? "");
            foreach (var r in rules) r.OnVariable(this, varDef);
            if (varDef.DefaultValue is { } dv)
            {
                dv.ExpectedType = varDef.Type;
                dv.Definition = varDef.Definition;
            }
        }

        var def = Schema.RootFor(operation.Operation);
        var location = operation.Operation switch
        {
            GqlOperation.Mutation => "MUTATION",
            GqlOperation.Subscription => "SUBSCRIPTION",
            _ => "QUERY",
        };

        foreach (var varDef in operation.VariableDefinitions)
        {
            if (varDef.DefaultValue is { } dv) WalkValue(dv);
            WalkDirectives(varDef.Definition, varDef.Directives, "VARIABLE_DEFINITION");
        }

        WalkDirectives(def, operation.Directives, location);
        WalkSelectionSet(def, operation.SelectionSet);

        foreach (var r in rules) r.OnOperation(this, operation);
        CurrentOperation = null;
    }

    private void WalkFragment(GqlFragmentDefinition fragment)
    {
        var def = Schema.Type(fragment.TypeCondition);
        fragment.Definition = def;
        WalkDirectives(def, fragment.Directives, "FRAGMENT_DEFINITION");
        WalkSelectionSet(def, fragment.SelectionSet);
        foreach (var r in rules) r.OnFragment(this, fragment);
    }

    private void WalkDirectives(GqlDefinition? parentDef, List<GqlDirective> directives, string location)
    {
        foreach (var dir in directives)
        {
            var def = Schema.Directives.GetValueOrDefault(dir.Name);
            dir.Definition = def;
            dir.ParentDefinition = parentDef;
            dir.Location = location;
            foreach (var arg in dir.Arguments) WalkArgument(def?.Argument(arg.Name), arg);
            foreach (var r in rules) r.OnDirective(this, dir);
        }
        foreach (var r in rules) r.OnDirectiveList(this, directives);
    }

    private void WalkArgument(GqlArgumentDefinition? argDef, GqlArgument arg)
    {
        if (arg.Value is null) return;
        if (argDef is not null)
        {
            arg.Value.ExpectedType = argDef.Type;
            arg.Value.ExpectedTypeHasDefault = argDef.DefaultValue is not null && argDef.DefaultValue.Kind != GqlValueKind.NullValue;
            arg.Value.Definition = Schema.Type(argDef.Type?.Name ?? "");
        }
        WalkValue(arg.Value);
    }

    private void WalkValue(GqlValue value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (value.Kind == GqlValueKind.Variable && CurrentOperation is not null)
        {
            value.VariableDefinition = CurrentOperation.VariableDefinitions.Find(v => v.Variable == value.Raw);
            if (value.VariableDefinition is not null) value.VariableDefinition.Used = true;
        }

        if (value.Kind == GqlValueKind.ObjectValue)
        {
            foreach (var child in value.Children)
            {
                if (child.Value is null) continue;
                if (value.Definition?.Field(child.Name) is { } fieldDef)
                {
                    child.Value.ExpectedType = fieldDef.Type;
                    child.Value.Definition = Schema.Type(fieldDef.Type?.Name ?? "");
                }
                WalkValue(child.Value);
            }
        }

        if (value.Kind == GqlValueKind.ListValue)
        {
            foreach (var child in value.Children)
            {
                if (child.Value is null) continue;
                if (value.ExpectedType?.Elem is { } elem)
                {
                    child.Value.ExpectedType = elem;
                    child.Value.Definition = value.Definition;
                }
                WalkValue(child.Value);
            }
        }

        foreach (var r in rules) r.OnValue(this, value);
    }

    private void WalkSelectionSet(GqlDefinition? parentDef, List<GqlSelection> selections)
    {
        foreach (var s in selections) WalkSelection(parentDef, s);
    }

    private void WalkSelection(GqlDefinition? parentDef, GqlSelection selection)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (selection)
        {
            case GqlField field:
            {
                GqlFieldDefinition? def = null;
                if (field.Name == "__typename") def = new GqlFieldDefinition { Name = "__typename", Type = GqlType.Named("String") };
                else if (parentDef is not null) def = parentDef.Field(field.Name);
                field.Definition = def;
                field.ObjectDefinition = parentDef;

                var nextParentDef = def is null ? null : Schema.Type(def.Type?.Name ?? "");
                foreach (var arg in field.Arguments) WalkArgument(def?.Argument(arg.Name), arg);
                WalkDirectives(nextParentDef, field.Directives, "FIELD");
                WalkSelectionSet(nextParentDef, field.SelectionSet);
                foreach (var r in rules) r.OnField(this, field);
                break;
            }
            case GqlInlineFragment inline:
            {
                inline.ObjectDefinition = parentDef;
                var nextParentDef = inline.TypeCondition != "" ? Schema.Type(inline.TypeCondition) : parentDef;
                WalkDirectives(nextParentDef, inline.Directives, "INLINE_FRAGMENT");
                WalkSelectionSet(nextParentDef, inline.SelectionSet);
                foreach (var r in rules) r.OnInlineFragment(this, inline);
                break;
            }
            case GqlFragmentSpread spread:
            {
                var def = Document.Fragment(spread.Name);
                spread.Definition = def;
                spread.ObjectDefinition = parentDef;
                var nextParentDef = def is null ? null : Schema.Type(def.TypeCondition);
                WalkDirectives(nextParentDef, spread.Directives, "FRAGMENT_SPREAD");
                // Each fragment is entered once per operation, which also stops fragment cycles.
                if (def is not null && _validatedFragmentSpreads.Add(def.Name)) WalkSelectionSet(nextParentDef, def.SelectionSet);
                foreach (var r in rules) r.OnFragmentSpread(this, spread);
                break;
            }
        }
    }
}
