namespace Gateway.Rego.Builtins.GraphQl;

internal sealed partial class GqlParser
{
    private static readonly HashSet<string> DirectiveLocations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    };

    private GqlSchemaDocument ParseSchemaDocument()
    {
        var doc = new GqlSchemaDocument();
        while (Peek().Kind != TokenKind.EOF)
        {
            if (_err is not null) return doc;

            var description = "";
            if (Peek().Kind is TokenKind.BlockString or TokenKind.String) description = ParseDescription();

            if (Peek().Kind != TokenKind.Name)
            {
                UnexpectedError();
                break;
            }

            switch (Peek().Value)
            {
                case "scalar" or "type" or "interface" or "union" or "enum" or "input":
                    doc.Definitions.Add(ParseTypeSystemDefinition(description));
                    break;
                case "schema":
                    doc.Schema.Add(ParseSchemaDefinition(description));
                    break;
                case "directive":
                    doc.Directives.Add(ParseDirectiveDefinition(description));
                    break;
                case "extend":
                    // Extensions take no description: gqlparser reports the description token itself.
                    if (description != "") UnexpectedToken(_prev);
                    ParseTypeSystemExtension(doc);
                    break;
                default:
                    UnexpectedError();
                    return doc;
            }
        }
        return doc;
    }

    private string ParseDescription()
    {
        var token = Peek();
        return token.Kind is TokenKind.BlockString or TokenKind.String ? Next().Value : "";
    }

    private GqlDefinition ParseTypeSystemDefinition(string description) => Peek().Value switch
    {
        "scalar" => ParseNamedDefinition("scalar", GqlKind.Scalar, description, isExtension: false),
        "type" => ParseNamedDefinition("type", GqlKind.Object, description, isExtension: false),
        "interface" => ParseNamedDefinition("interface", GqlKind.Interface, description, isExtension: false),
        "union" => ParseNamedDefinition("union", GqlKind.Union, description, isExtension: false),
        "enum" => ParseNamedDefinition("enum", GqlKind.Enum, description, isExtension: false),
        _ => ParseNamedDefinition("input", GqlKind.InputObject, description, isExtension: false),
    };

    /// <summary>
    /// One named type definition or extension. The parts follow gqlparser's per-kind functions; extensions
    /// must carry at least one part, and report the token after the name otherwise.
    /// </summary>
    private GqlDefinition ParseNamedDefinition(string keyword, string kind, string description, bool isExtension)
    {
        ExpectKeyword(keyword);
        var def = new GqlDefinition { Position = PeekPos(), Kind = kind, Description = description };
        def.Name = ParseName();
        switch (kind)
        {
            case GqlKind.Scalar:
                def.Directives = ParseDirectives(true);
                if (isExtension && def.Directives.Count == 0) UnexpectedError();
                break;
            case GqlKind.Object:
                def.Interfaces = ParseImplementsInterfaces();
                def.Directives = ParseDirectives(true);
                def.Fields = ParseFieldsDefinition();
                if (isExtension && def.Interfaces.Count == 0 && def.Directives.Count == 0 && def.Fields.Count == 0) UnexpectedError();
                break;
            case GqlKind.Interface:
                // gqlparser's interface extension does not accept "implements", unlike the definition.
                if (!isExtension) def.Interfaces = ParseImplementsInterfaces();
                def.Directives = ParseDirectives(true);
                def.Fields = ParseFieldsDefinition();
                if (isExtension && def.Directives.Count == 0 && def.Fields.Count == 0) UnexpectedError();
                break;
            case GqlKind.Union:
                def.Directives = ParseDirectives(true);
                def.Types = ParseUnionMemberTypes();
                if (isExtension && def.Directives.Count == 0 && def.Types.Count == 0) UnexpectedError();
                break;
            case GqlKind.Enum:
                def.Directives = ParseDirectives(true);
                def.EnumValues = ParseEnumValuesDefinition();
                if (isExtension && def.Directives.Count == 0 && def.EnumValues.Count == 0) UnexpectedError();
                break;
            default:
                // gqlparser parses input-extension directives as non-const; kept for identical errors.
                def.Directives = ParseDirectives(!isExtension);
                def.Fields = ParseInputFieldsDefinition();
                if (isExtension && def.Directives.Count == 0 && def.Fields.Count == 0) UnexpectedError();
                break;
        }
        return def;
    }

    private GqlSchemaDefinition ParseSchemaDefinition(string description)
    {
        ExpectKeyword("schema");
        var def = new GqlSchemaDefinition { Description = description, Position = PeekPos() };
        def.Directives = ParseDirectives(true);
        Some(TokenKind.BraceL, TokenKind.BraceR, () => def.OperationTypes.Add(ParseOperationTypeDefinition()));
        return def;
    }

    private GqlOperationTypeDefinition ParseOperationTypeDefinition()
    {
        var op = new GqlOperationTypeDefinition { Position = PeekPos() };
        op.Operation = ParseOperationType();
        Expect(TokenKind.Colon);
        op.Type = ParseName();
        return op;
    }

    private List<string> ParseImplementsInterfaces()
    {
        var types = new List<string>();
        if (Peek().Value == "implements")
        {
            Next();
            Skip(TokenKind.Amp); // optional leading ampersand
            types.Add(ParseName());
            while (Skip(TokenKind.Amp) && _err is null) types.Add(ParseName());
        }
        return types;
    }

    private List<GqlFieldDefinition> ParseFieldsDefinition()
    {
        var defs = new List<GqlFieldDefinition>();
        Some(TokenKind.BraceL, TokenKind.BraceR, () => defs.Add(ParseFieldDefinition()));
        return defs;
    }

    private GqlFieldDefinition ParseFieldDefinition()
    {
        var def = new GqlFieldDefinition { Position = PeekPos() };
        def.Description = ParseDescription();
        def.Name = ParseName();
        def.Arguments = ParseArgumentDefs();
        Expect(TokenKind.Colon);
        def.Type = ParseTypeReference();
        def.Directives = ParseDirectives(true);
        return def;
    }

    private List<GqlArgumentDefinition> ParseArgumentDefs()
    {
        var args = new List<GqlArgumentDefinition>();
        Some(TokenKind.ParenL, TokenKind.ParenR, () => args.Add(ParseArgumentDef()));
        return args;
    }

    private GqlArgumentDefinition ParseArgumentDef()
    {
        var def = new GqlArgumentDefinition { Position = PeekPos() };
        def.Description = ParseDescription();
        def.Name = ParseName();
        Expect(TokenKind.Colon);
        def.Type = ParseTypeReference();
        if (Skip(TokenKind.Equals)) def.DefaultValue = ParseValueLiteral(true);
        def.Directives = ParseDirectives(true);
        return def;
    }

    private GqlFieldDefinition ParseInputValueDef()
    {
        var def = new GqlFieldDefinition { Position = PeekPos() };
        def.Description = ParseDescription();
        def.Name = ParseName();
        Expect(TokenKind.Colon);
        def.Type = ParseTypeReference();
        if (Skip(TokenKind.Equals)) def.DefaultValue = ParseValueLiteral(true);
        def.Directives = ParseDirectives(true);
        return def;
    }

    private List<string> ParseUnionMemberTypes()
    {
        var types = new List<string>();
        if (Skip(TokenKind.Equals))
        {
            Skip(TokenKind.Pipe); // optional leading pipe
            types.Add(ParseName());
            while (Skip(TokenKind.Pipe) && _err is null) types.Add(ParseName());
        }
        return types;
    }

    private List<GqlEnumValueDefinition> ParseEnumValuesDefinition()
    {
        var values = new List<GqlEnumValueDefinition>();
        Some(TokenKind.BraceL, TokenKind.BraceR, () =>
        {
            var v = new GqlEnumValueDefinition { Position = PeekPos() };
            v.Description = ParseDescription();
            v.Name = ParseName();
            v.Directives = ParseDirectives(true);
            values.Add(v);
        });
        return values;
    }

    private List<GqlFieldDefinition> ParseInputFieldsDefinition()
    {
        var values = new List<GqlFieldDefinition>();
        Some(TokenKind.BraceL, TokenKind.BraceR, () => values.Add(ParseInputValueDef()));
        return values;
    }

    private void ParseTypeSystemExtension(GqlSchemaDocument doc)
    {
        ExpectKeyword("extend");
        switch (Peek().Value)
        {
            case "schema":
                doc.SchemaExtension.Add(ParseSchemaExtension());
                break;
            case "scalar":
                doc.Extensions.Add(ParseNamedDefinition("scalar", GqlKind.Scalar, "", isExtension: true));
                break;
            case "type":
                doc.Extensions.Add(ParseNamedDefinition("type", GqlKind.Object, "", isExtension: true));
                break;
            case "interface":
                doc.Extensions.Add(ParseNamedDefinition("interface", GqlKind.Interface, "", isExtension: true));
                break;
            case "union":
                doc.Extensions.Add(ParseNamedDefinition("union", GqlKind.Union, "", isExtension: true));
                break;
            case "enum":
                doc.Extensions.Add(ParseNamedDefinition("enum", GqlKind.Enum, "", isExtension: true));
                break;
            case "input":
                doc.Extensions.Add(ParseNamedDefinition("input", GqlKind.InputObject, "", isExtension: true));
                break;
            default:
                UnexpectedError();
                break;
        }
    }

    private GqlSchemaDefinition ParseSchemaExtension()
    {
        ExpectKeyword("schema");
        var def = new GqlSchemaDefinition { Position = PeekPos() };
        def.Directives = ParseDirectives(true);
        Some(TokenKind.BraceL, TokenKind.BraceR, () => def.OperationTypes.Add(ParseOperationTypeDefinition()));
        if (def.Directives.Count == 0 && def.OperationTypes.Count == 0) UnexpectedError();
        return def;
    }

    private GqlDirectiveDefinition ParseDirectiveDefinition(string description)
    {
        ExpectKeyword("directive");
        Expect(TokenKind.At);
        var def = new GqlDirectiveDefinition { Position = PeekPos(), Description = description };
        def.Name = ParseName();
        def.Arguments = ParseArgumentDefs();
        var peek = Peek();
        if (peek.Kind == TokenKind.Name && peek.Value == "repeatable")
        {
            def.IsRepeatable = true;
            Skip(TokenKind.Name);
        }
        ExpectKeyword("on");
        Skip(TokenKind.Pipe);
        def.Locations.Add(ParseDirectiveLocation());
        while (Skip(TokenKind.Pipe) && _err is null) def.Locations.Add(ParseDirectiveLocation());
        return def;
    }

    private string ParseDirectiveLocation()
    {
        var name = Expect(TokenKind.Name);
        if (DirectiveLocations.Contains(name.Value)) return name.Value;
        UnexpectedToken(name);
        return "";
    }
}
