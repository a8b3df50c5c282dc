namespace Gateway.Rego.Builtins.GraphQl;

internal sealed class GqlSchemaDocument
{
    public List<GqlSchemaDefinition> Schema { get; } = [];
    public List<GqlSchemaDefinition> SchemaExtension { get; } = [];
    public List<GqlDirectiveDefinition> Directives { get; } = [];
    public List<GqlDefinition> Definitions { get; } = [];
    public List<GqlDefinition> Extensions { get; } = [];

    public void Merge(GqlSchemaDocument other)
    {
        Schema.AddRange(other.Schema);
        SchemaExtension.AddRange(other.SchemaExtension);
        Directives.AddRange(other.Directives);
        Definitions.AddRange(other.Definitions);
        Extensions.AddRange(other.Extensions);
    }
}

internal sealed class GqlSchemaDefinition
{
    public string Description { get; set; } = "";
    public List<GqlDirective> Directives { get; set; } = [];
    public List<GqlOperationTypeDefinition> OperationTypes { get; set; } = [];
    public GqlPosition? Position { get; set; }
}

internal sealed class GqlOperationTypeDefinition
{
    public string Operation { get; set; } = "";
    public string Type { get; set; } = "";
    public GqlPosition? Position { get; set; }
}

/// <summary>Definition kinds as gqlparser spells them (also the directive locations of the same name).</summary>
internal static class GqlKind
{
    public const string Scalar = "SCALAR";
    public const string Object = "OBJECT";
    public const string Interface = "INTERFACE";
    public const string Union = "UNION";
    public const string Enum = "ENUM";
    public const string InputObject = "INPUT_OBJECT";
}

/// <summary>One "some hot" struct for every named type definition and type extension, as in gqlparser.</summary>
internal sealed class GqlDefinition
{
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlDirective> Directives { get; set; } = [];
    public List<string> Interfaces { get; set; } = [];
    public List<GqlFieldDefinition> Fields { get; set; } = [];
    public List<string> Types { get; set; } = [];
    public List<GqlEnumValueDefinition> EnumValues { get; set; } = [];
    public GqlPosition? Position { get; set; }
    public bool BuiltIn { get; set; }

    public bool IsLeafType => Kind is GqlKind.Enum or GqlKind.Scalar;
    public bool IsAbstractType => Kind is GqlKind.Interface or GqlKind.Union;
    public bool IsCompositeType => Kind is GqlKind.Object or GqlKind.Interface or GqlKind.Union;
    public bool IsInputType => Kind is GqlKind.Scalar or GqlKind.Enum or GqlKind.InputObject;

    public GqlFieldDefinition? Field(string name) => Fields.Find(f => f.Name == name);
}

internal sealed class GqlFieldDefinition
{
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlArgumentDefinition> Arguments { get; set; } = [];
    public GqlValue? DefaultValue { get; set; }
    public GqlType? Type { get; set; }
    public List<GqlDirective> Directives { get; set; } = [];
    public GqlPosition? Position { get; set; }

    public GqlArgumentDefinition? Argument(string name) => Arguments.Find(a => a.Name == name);
}

internal sealed class GqlArgumentDefinition
{
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public GqlValue? DefaultValue { get; set; }
    public GqlType? Type { get; set; }
    public List<GqlDirective> Directives { get; set; } = [];
    public GqlPosition? Position { get; set; }
}

internal sealed class GqlEnumValueDefinition
{
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlDirective> Directives { get; set; } = [];
    public GqlPosition? Position { get; set; }
}

internal sealed class GqlDirectiveDefinition
{
    public string Description { get; set; } = "";
    public string Name { get; set; } = "";
    public List<GqlArgumentDefinition> Arguments { get; set; } = [];
    public List<string> Locations { get; set; } = [];
    public bool IsRepeatable { get; set; }
    public GqlPosition? Position { get; set; }

    public GqlArgumentDefinition? Argument(string name) => Arguments.Find(a => a.Name == name);
}
