using System.Runtime.CompilerServices;
using System.Globalization;

namespace Gateway.Rego.Builtins.GraphQl.Validation;

/// <summary>Input object literals may not repeat a field.</summary>
internal sealed class UniqueInputFieldNames : ValidationRule
{
    public override void OnValue(Walker walker, GqlValue value)
    {
        if (value.Kind != GqlValueKind.ObjectValue) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in value.Children)
        {
            if (!seen.Add(field.Name)) Report($"There can be only one input field named \"{field.Name}\".", field.Position);
        }
    }
}

/// <summary>Literal values must fit their expected input type.</summary>
internal sealed class ValuesOfCorrectType : ValidationRule
{
    private static readonly string[] BuiltInScalars = ["Int", "Float", "String", "Boolean", "ID"];

    public override void OnValue(Walker walker, GqlValue value)
    {
        if (value.Definition is not { } def || value.ExpectedType is not { } expected) return;

        if (value.Kind == GqlValueKind.NullValue && expected.NonNull)
        {
            Report($"Expected value of type \"{expected}\", found {value}.", value.Position);
        }

        // Custom scalars validate their own literals.
        if (def.Kind == GqlKind.Scalar && !BuiltInScalars.Contains(def.Name)) return;

        var possibleEnums = def.Kind == GqlKind.Enum ? def.EnumValues.Select(e => e.Name).ToList() : [];

        // gqlparser first converts the literal to a Go value; a literal it cannot convert is reported as mistyped.
        if (!Convertible(value)) UnexpectedType(value);

        switch (value.Kind)
        {
            case GqlValueKind.NullValue:
            case GqlValueKind.Variable:
                return;
            case GqlValueKind.ListValue:
                if (expected.Elem is null) UnexpectedType(value);
                return;
            case GqlValueKind.IntValue:
                if (!OneOf(def, "Int", "Float", "ID")) UnexpectedType(value);
                return;
            case GqlValueKind.FloatValue:
                if (!OneOf(def, "Float")) UnexpectedType(value);
                return;
            case GqlValueKind.StringValue:
            case GqlValueKind.BlockValue:
                if (def.Kind == GqlKind.Enum)
                {
                    Report($"Enum \"{expected}\" cannot represent non-enum value: {value}."
                        + Suggestions.Quoted("Did you mean the enum value", value.Raw, possibleEnums), value.Position);
                }
                else if (!OneOf(def, "String", "ID"))
                {
                    UnexpectedType(value);
                }
                return;
            case GqlValueKind.EnumValue:
                if (def.Kind != GqlKind.Enum)
                {
                    Report(UnexpectedTypeMessage(value) + Suggestions.Unquoted("Did you mean the enum value", value.Raw, possibleEnums), value.Position);
                }
                else if (!def.EnumValues.Exists(e => e.Name == value.Raw))
                {
                    Report($"Value \"{value}\" does not exist in \"{expected}\" enum."
                        + Suggestions.Quoted("Did you mean the enum value", value.Raw, possibleEnums), value.Position);
                }
                return;
            case GqlValueKind.BooleanValue:
                if (!OneOf(def, "Boolean")) UnexpectedType(value);
                return;
            case GqlValueKind.ObjectValue:
                foreach (var field in def.Fields)
                {
                    if (field.Type is not { NonNull: true }) continue;
                    if (value.Child(field.Name) is null && field.DefaultValue is null)
                    {
                        Report($"Field \"{def.Name}.{field.Name}\" of required type \"{field.Type}\" was not provided.", value.Position);
                    }
                }
                foreach (var child in value.Children)
                {
                    if (def.Field(child.Name) is not null) continue;
                    Report($"Field \"{child.Name}\" is not defined by type \"{def.Name}\"."
                        + Suggestions.Quoted("Did you mean", child.Name, def.Fields.Select(f => f.Name)), child.Position);
                }
                return;
        }
    }

    private static bool OneOf(GqlDefinition def, params string[] names) => names.Contains(def.Name);

    private void UnexpectedType(GqlValue value) => Report(UnexpectedTypeMessage(value), value.Position);

    private static string UnexpectedTypeMessage(GqlValue v)
    {
        var expected = v.ExpectedType!.ToString();
        switch (expected)
        {
            case "Int" or "Int!":
                // An integer literal outside 32 bits gets its own message.
                var digits = v.Raw.StartsWith('+') || v.Raw.StartsWith('-') ? v.Raw[1..] : v.Raw;
                var isInteger = digits.Length > 0 && digits.All(char.IsAsciiDigit);
                if (isInteger && !int.TryParse(v.Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    return $"Int cannot represent non 32-bit signed integer value: {v}";
                }
                return $"Int cannot represent non-integer value: {v}";
            case "String" or "String!" or "[String]":
                return $"String cannot represent a non string value: {v}";
            case "Boolean" or "Boolean!":
                return $"Boolean cannot represent a non boolean value: {v}";
            case "Float" or "Float!":
                return $"Float cannot represent non numeric value: {v}";
            case "ID" or "ID!":
                return $"ID cannot represent a non-string and non-integer value: {v}";
            default:
                return v.Definition?.Kind == GqlKind.Enum
                    ? $"Enum \"{expected}\" cannot represent non-enum value: {v}."
                    : $"Expected value of type \"{expected}\", found {v}.";
        }
    }

    /// <summary>Whether gqlparser's Value.Value(nil) succeeds: 64-bit ints, finite floats, Go booleans, recursively.</summary>
    private static bool Convertible(GqlValue v)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (v.Kind)
        {
            case GqlValueKind.Variable:
                return v.VariableDefinition?.DefaultValue is not { } dv || Convertible(dv);
            case GqlValueKind.IntValue:
                return long.TryParse(v.Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case GqlValueKind.FloatValue:
                return double.TryParse(v.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
            case GqlValueKind.BooleanValue:
                return v.Raw is "1" or "t" or "T" or "TRUE" or "true" or "True" or "0" or "f" or "F" or "FALSE" or "false" or "False";
            case GqlValueKind.ListValue:
            case GqlValueKind.ObjectValue:
                return v.Children.TrueForAll(c => c.Value is null || Convertible(c.Value));
            default:
                return true;
        }
    }
}
