using System.Runtime.CompilerServices;

namespace Gateway.Rego.Builtins.GraphQl;

// The GraphQL AST mirrors the Go structs of vektah/gqlparser (as forked into OPA), because OPA hands those
// structs to policies as JSON: property names here are the JSON keys, and the "Require validation"
// annotations (Definition, ObjectDefinition, ...) are filled in by the validator but never serialized,
// since OPA converts the AST to a value before it validates.

/// <summary>A 1-based line and column (in Unicode code points) in the GraphQL source.</summary>
internal sealed record GqlPosition(int Line, int Column);

internal sealed class GqlQueryDocument
{
    public List<GqlOperationDefinition> Operations { get; } = [];
    public List<GqlFragmentDefinition> Fragments { get; } = [];

    private Dictionary<string, GqlFragmentDefinition>? _fragmentsByName;

    /// <summary>The first fragment of that name. Indexed on first use: validation looks fragments up for every spread.</summary>
    public GqlFragmentDefinition? Fragment(string name)
    {
        if (_fragmentsByName is null)
        {
            _fragmentsByName = new Dictionary<string, GqlFragmentDefinition>(StringComparer.Ordinal);
            foreach (var f in Fragments) _fragmentsByName.TryAdd(f.Name, f);
        }
        return _fragmentsByName.GetValueOrDefault(name);
    }
}

internal static class GqlOperation
{
    public const string Query = "query";
    public const string Mutation = "mutation";
    public const string Subscription = "subscription";
}

internal sealed class GqlOperationDefinition
{
    public string Operation { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlVariableDefinition> VariableDefinitions { get; set; } = [];
    public List<GqlDirective> Directives { get; set; } = [];
    public List<GqlSelection> SelectionSet { get; set; } = [];
    public GqlPosition? Position { get; set; }
}

internal sealed class GqlVariableDefinition
{
    public string Variable { get; set; } = "";
    public GqlType? Type { get; set; }
    public GqlValue? DefaultValue { get; set; }
    public List<GqlDirective> Directives { get; set; } = [];
    public GqlPosition? Position { get; set; }

    /// <summary>Serialized (OPA shows it), and set by the validator when a value refers to the variable.</summary>
    public bool Used { get; set; }

    public GqlDefinition? Definition { get; set; }
}

/// <summary>A type reference: a named type, or a list of an element type; either may be non-null.</summary>
internal sealed class GqlType
{
    public string NamedType { get; set; } = "";
    public GqlType? Elem { get; set; }
    public bool NonNull { get; set; }
    public GqlPosition? Position { get; set; }

    public static GqlType Named(string name, bool nonNull = false) => new() { NamedType = name, NonNull = nonNull };

    /// <summary>The innermost named type.</summary>
    public string Name
    {
        get
        {
            var t = this;
            while (t.NamedType == "" && t.Elem is not null) t = t.Elem;
            return t.NamedType;
        }
    }

    public override string ToString()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var bang = NonNull ? "!" : "";
        return NamedType != "" ? NamedType + bang : "[" + (Elem?.ToString() ?? "") + "]" + bang;
    }

    /// <summary>Whether a variable of this type may be used where <paramref name="other"/> is expected (gqlparser's Type.IsCompatible).</summary>
    public bool IsCompatible(GqlType other)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (NamedType != other.NamedType) return false;
        if (Elem is not null && other.Elem is null) return false;
        if (Elem is not null && !Elem.IsCompatible(other.Elem!)) return false;
        return !other.NonNull || NonNull;
    }
}

internal abstract class GqlSelection
{
    public List<GqlDirective> Directives { get; set; } = [];
    public GqlPosition? Position { get; set; }
    public GqlDefinition? ObjectDefinition { get; set; }
}

internal sealed class GqlField : GqlSelection
{
    public string Alias { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlArgument> Arguments { get; set; } = [];
    public List<GqlSelection> SelectionSet { get; set; } = [];
    public GqlFieldDefinition? Definition { get; set; }
}

internal sealed class GqlFragmentSpread : GqlSelection
{
    public string Name { get; set; } = "";
    public GqlFragmentDefinition? Definition { get; set; }
}

internal sealed class GqlInlineFragment : GqlSelection
{
    public string TypeCondition { get; set; } = "";
    public List<GqlSelection> SelectionSet { get; set; } = [];
}

internal sealed class GqlFragmentDefinition
{
    public string Name { get; set; } = "";

    /// <summary>Experimental fragment variables; singular name as in gqlparser.</summary>
    public List<GqlVariableDefinition> VariableDefinition { get; set; } = [];

    public string TypeCondition { get; set; } = "";
    public List<GqlDirective> Directives { get; set; } = [];
    public List<GqlSelection> SelectionSet { get; set; } = [];
    public GqlPosition? Position { get; set; }
    public GqlDefinition? Definition { get; set; }
}

internal sealed class GqlArgument
{
    public string Name { get; set; } = "";
    public GqlValue? Value { get; set; }
    public GqlPosition? Position { get; set; }
}

internal sealed class GqlDirective
{
    public string Name { get; set; } = "";
    public List<GqlArgument> Arguments { get; set; } = [];
    public GqlPosition? Position { get; set; }

    /// <summary>Serialized ("" until validated); the validator sets where the directive was used.</summary>
    public string Location { get; set; } = "";

    public GqlDefinition? ParentDefinition { get; set; }
    public GqlDirectiveDefinition? Definition { get; set; }
}

/// <summary>Value kinds, numbered as gqlparser's iota so the serialized "Kind" matches OPA.</summary>
internal enum GqlValueKind
{
    Variable = 0,
    IntValue = 1,
    FloatValue = 2,
    StringValue = 3,
    BlockValue = 4,
    BooleanValue = 5,
    NullValue = 6,
    EnumValue = 7,
    ListValue = 8,
    ObjectValue = 9,
}

internal sealed class GqlValue
{
    public string Raw { get; set; } = "";
    public List<GqlChildValue> Children { get; set; } = [];
    public GqlValueKind Kind { get; set; }
    public GqlPosition? Position { get; set; }
    public bool ExpectedTypeHasDefault { get; set; }

    public GqlDefinition? Definition { get; set; }
    public GqlVariableDefinition? VariableDefinition { get; set; }
    public GqlType? ExpectedType { get; set; }

    public GqlChildValue? Child(string name) => Children.Find(c => c.Name == name);

    /// <summary>gqlparser's Value.String(), used in validation messages.</summary>
    public override string ToString()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return Kind switch
        {
            GqlValueKind.Variable => "$" + Raw,
            GqlValueKind.StringValue or GqlValueKind.BlockValue => GoQuote.Quote(Raw),
            GqlValueKind.ListValue => "[" + string.Join(",", Children.Select(c => c.Value?.ToString() ?? "<nil>")) + "]",
            GqlValueKind.ObjectValue => "{" + string.Join(",", Children.Select(c => c.Name + ":" + (c.Value?.ToString() ?? "<nil>"))) + "}",
            _ => Raw,
        };
    }
}

internal sealed class GqlChildValue
{
    public string Name { get; set; } = "";
    public GqlValue? Value { get; set; }
    public GqlPosition? Position { get; set; }
}
