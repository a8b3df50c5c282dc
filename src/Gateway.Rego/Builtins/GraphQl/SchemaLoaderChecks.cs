using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl;

internal static partial class SchemaLoader
{
    private static readonly string[] OutputKinds = [GqlKind.Scalar, GqlKind.Object, GqlKind.Interface, GqlKind.Union, GqlKind.Enum];
    private static readonly string[] InputKinds = [GqlKind.Scalar, GqlKind.Enum, GqlKind.InputObject];

    private static void ValidateDefinition(GqlSchema schema, GqlDefinition def)
    {
        foreach (var field in def.Fields)
        {
            ValidateName(field.Position, field.Name);
            ValidateTypeRef(schema, field.Type);
            ValidateArgs(schema, field.Arguments, null);
            var location = def.Kind == GqlKind.InputObject ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION";
            ValidateDirectives(schema, field.Directives, location, null);
        }

        foreach (var typ in def.Types)
        {
            var member = schema.Type(typ) ?? throw Fail(def.Position, $"Undefined type {GoQuote.Quote(typ)}.");
            if (member.Kind != GqlKind.Object)
            {
                throw Fail(def.Position, $"{def.Kind} type {GoQuote.Quote(typ)} must be {GqlKind.Object}.");
            }
        }

        foreach (var intf in def.Interfaces) ValidateImplements(schema, def, intf);

        switch (def.Kind)
        {
            case GqlKind.Object or GqlKind.Interface:
                if (def.Fields.Count == 0) throw Fail(def.Position, $"{def.Kind} {def.Name}: must define one or more fields.");
                foreach (var field in def.Fields)
                {
                    if (schema.Type(TypeName(field.Type)) is { } typ && !OutputKinds.Contains(typ.Kind))
                    {
                        throw Fail(field.Position, $"{def.Kind} {def.Name}: field must be one of {string.Join(", ", OutputKinds)}.");
                    }
                }
                break;
            case GqlKind.Enum:
                if (def.EnumValues.Count == 0) throw Fail(def.Position, $"{def.Kind} {def.Name}: must define one or more unique enum values.");
                foreach (var value in def.EnumValues)
                {
                    if (value.Name is "true" or "false" or "null")
                    {
                        throw Fail(def.Position, $"{def.Kind} {def.Name}: non-enum value {value.Name}.");
                    }
                }
                break;
            case GqlKind.InputObject:
                if (def.Fields.Count == 0) throw Fail(def.Position, $"{def.Kind} {def.Name}: must define one or more input fields.");
                foreach (var field in def.Fields)
                {
                    if (schema.Type(TypeName(field.Type)) is { } typ && !InputKinds.Contains(typ.Kind))
                    {
                        throw Fail(field.Position, $"{typ.Kind} {field.Name}: field must be one of {string.Join(", ", InputKinds)}.");
                    }
                }
                break;
        }

        for (var i = 0; i < def.Fields.Count; i++)
        {
            for (var j = i + 1; j < def.Fields.Count; j++)
            {
                if (def.Fields[i].Name == def.Fields[j].Name)
                {
                    throw Fail(def.Fields[j].Position, $"Field {def.Name}.{def.Fields[j].Name} can only be defined once.");
                }
            }
        }

        // The spec reserves "__" names for introspection; only the prelude may use them.
        if (!def.BuiltIn) ValidateName(def.Position, def.Name);

        ValidateDirectives(schema, def.Directives, def.Kind, null);
    }

    /// <summary>A missing type (possible in an AST given as an object) names no type, so it is reported as undefined.</summary>
    private static string TypeName(GqlType? type) => type?.Name ?? "";

    private static void ValidateTypeRef(GqlSchema schema, GqlType? type)
    {
        if (schema.Type(TypeName(type)) is null) throw Fail(type?.Position, $"Undefined type {TypeName(type)}.");
    }

    private static void ValidateArgs(GqlSchema schema, List<GqlArgumentDefinition> args, GqlDirectiveDefinition? currentDirective)
    {
        foreach (var arg in args)
        {
            ValidateName(arg.Position, arg.Name);
            ValidateTypeRef(schema, arg.Type);
            var def = schema.Types[TypeName(arg.Type)];
            if (!def.IsInputType)
            {
                throw Fail(arg.Position, $"cannot use {arg.Type} as argument {arg.Name} because {def.Kind} is not a valid input type");
            }
            ValidateDirectives(schema, arg.Directives, "ARGUMENT_DEFINITION", currentDirective);
        }
    }

    private static void ValidateDirectives(GqlSchema schema, List<GqlDirective> dirs, string location, GqlDirectiveDefinition? currentDirective)
    {
        foreach (var dir in dirs)
        {
            ValidateName(dir.Position, dir.Name);
            if (currentDirective is not null && dir.Name == currentDirective.Name)
            {
                throw Fail(dir.Position, $"Directive {currentDirective.Name} cannot refer to itself.");
            }
            if (!schema.Directives.TryGetValue(dir.Name, out var def)) throw Fail(dir.Position, $"Undefined directive {dir.Name}.");
            if (!def.Locations.Contains(location)) throw Fail(dir.Position, $"Directive {dir.Name} is not applicable on {location}.");
            dir.Definition = def;
        }
    }

    private static void ValidateImplements(GqlSchema schema, GqlDefinition def, string intfName)
    {
        var intf = schema.Type(intfName) ?? throw Fail(def.Position, $"Undefined type {GoQuote.Quote(intfName)}.");
        if (intf.Kind != GqlKind.Interface) throw Fail(def.Position, $"{GoQuote.Quote(intfName)} is a non interface type {intf.Kind}.");

        foreach (var requiredField in intf.Fields)
        {
            var foundField = def.Field(requiredField.Name)
                ?? throw Fail(def.Position, $"For {def.Name} to implement {intf.Name} it must have a field called {requiredField.Name}.");

            if (!IsCovariant(schema, requiredField.Type, foundField.Type))
            {
                throw Fail(foundField.Position, $"For {def.Name} to implement {intf.Name} the field {requiredField.Name} must have type {requiredField.Type}.");
            }

            foreach (var requiredArg in requiredField.Arguments)
            {
                var foundArg = foundField.Argument(requiredArg.Name) ?? throw Fail(foundField.Position,
                    $"For {def.Name} to implement {intf.Name} the field {requiredField.Name} must have the same arguments but it is missing {requiredArg.Name}.");
                if (requiredArg.Type is null || foundArg.Type is null || !requiredArg.Type.IsCompatible(foundArg.Type))
                {
                    throw Fail(foundArg.Position,
                        $"For {def.Name} to implement {intf.Name} the field {requiredField.Name} must have the same arguments but {requiredArg.Name} has the wrong type.");
                }
            }
            foreach (var foundArg in foundField.Arguments)
            {
                if (requiredField.Argument(foundArg.Name) is null && foundArg.Type is { NonNull: true } && foundArg.DefaultValue is null)
                {
                    throw Fail(foundArg.Position,
                        $"For {def.Name} to implement {intf.Name} any additional arguments on {foundField.Name} must be optional or have a default value but {foundArg.Name} is required.");
                }
            }
        }

        // Interfaces implemented by the interface must be implemented too (transitively).
        foreach (var transitive in intf.Interfaces)
        {
            if (def.Interfaces.Contains(transitive)) continue;
            if (transitive == def.Name)
            {
                throw Fail(def.Position, $"Type {def.Name} cannot implement {intfName} because it would create a circular reference.");
            }
            throw Fail(def.Position, $"Type {def.Name} must implement {transitive} because it is implemented by {intfName}.");
        }
    }

    private static bool IsCovariant(GqlSchema schema, GqlType? required, GqlType? actual)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (required is null || actual is null) return false;
        if (required.NonNull && !actual.NonNull) return false;
        if (required.NamedType != "")
        {
            if (required.NamedType == actual.NamedType) return true;
            return schema.PossibleTypes.TryGetValue(required.NamedType, out var possible) && possible.Exists(p => p.Name == actual.NamedType);
        }
        if (required.Elem is not null && actual.Elem is null) return false;
        return IsCovariant(schema, required.Elem, actual.Elem);
    }

    private static void ValidateName(GqlPosition? pos, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            throw Fail(pos, $"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
        }
    }
}
