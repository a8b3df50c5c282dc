namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>Variables used inside an operation (including its fragments) must be defined by it.</summary>
internal sealed class NoUndefinedVariables : ValidationRule
{
    public override void OnValue(Walker walker, GqlValue value)
    {
        if (walker.CurrentOperation is not { } op || value.Kind != GqlValueKind.Variable || value.VariableDefinition is not null) return;
        Report(op.Name != ""
            ? $"Variable \"{value}\" is not defined by operation \"{op.Name}\"."
            : $"Variable \"{value}\" is not defined.", value.Position);
    }
}

/// <summary>Every variable an operation defines must be used.</summary>
internal sealed class NoUnusedVariables : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        foreach (var varDef in operation.VariableDefinitions)
        {
            if (varDef.Used) continue;
            Report(operation.Name != ""
                ? $"Variable \"${varDef.Variable}\" is never used in operation \"{operation.Name}\"."
                : $"Variable \"${varDef.Variable}\" is never used.", varDef.Position);
        }
    }
}

/// <summary>Variable names must be unique within an operation.</summary>
internal sealed class UniqueVariableNames : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var def in operation.VariableDefinitions)
        {
            var n = seen.GetValueOrDefault(def.Variable);
            if (n == 1) Report($"There can be only one variable named \"${def.Variable}\".", def.Position);
            seen[def.Variable] = n + 1;
        }
    }
}

/// <summary>Variables must have input types (scalars, enums, input objects).</summary>
internal sealed class VariablesAreInputTypes : ValidationRule
{
    public override void OnOperation(Walker walker, GqlOperationDefinition operation)
    {
        foreach (var def in operation.VariableDefinitions)
        {
            if (def.Definition is null || def.Definition.IsInputType) continue;
            Report($"Variable \"${def.Variable}\" cannot be non-input type \"{def.Type}\".", def.Position);
        }
    }
}

/// <summary>A variable's type must fit the position it is used in.</summary>
internal sealed class VariablesInAllowedPosition : ValidationRule
{
    public override void OnValue(Walker walker, GqlValue value)
    {
        if (value.Kind != GqlValueKind.Variable || value.ExpectedType is not { } expected || value.VariableDefinition is not { } varDef
            || walker.CurrentOperation is null || varDef.Type is null)
        {
            return;
        }

        // A nullable variable may fill a non-null position when either side supplies a default.
        var nonNull = expected.NonNull;
        if (varDef.DefaultValue is { Kind: not GqlValueKind.NullValue } || value.ExpectedTypeHasDefault) nonNull = false;
        var effective = new GqlType { NamedType = expected.NamedType, Elem = expected.Elem, NonNull = nonNull };

        if (!varDef.Type.IsCompatible(effective))
        {
            Report($"Variable \"{value}\" of type \"{varDef.Type}\" used in position expecting type \"{expected}\".", value.Position);
        }
    }
}
