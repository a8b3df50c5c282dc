namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// Turns a schema document into a <see cref="GqlSchema"/>, checking it the way gqlparser's
/// ValidateSchemaDocument does (same order, same first error). Extensions are merged into their base
/// definitions in place, so callers serialize the document before loading it.
/// </summary>
internal static partial class SchemaLoader
{
    /// <summary>Prelude + <paramref name="doc"/>, validated (what OPA's convertSchema does). Throws <see cref="GqlException"/>.</summary>
    public static GqlSchema Load(GqlSchemaDocument doc)
    {
        var merged = new GqlSchemaDocument();
        merged.Merge(Prelude.Parse());
        merged.Merge(doc);
        return Validate(merged);
    }

    private static GqlException Fail(GqlPosition? pos, string message) => new(new GqlError(message, pos));

    public static GqlSchema Validate(GqlSchemaDocument ast)
    {
        var schema = new GqlSchema();

        foreach (var def in ast.Definitions)
        {
            if (schema.Types.ContainsKey(def.Name)) throw Fail(def.Position, $"Cannot redeclare type {def.Name}.");
            schema.Types[def.Name] = def;
        }

        var defs = new List<GqlDefinition>(ast.Definitions);
        foreach (var ext in ast.Extensions)
        {
            if (!schema.Types.TryGetValue(ext.Name, out var def))
            {
                // Extending a type that is not defined (yet) creates it, as gqlparser allows (federation schemas rely on it).
                def = new GqlDefinition { Kind = ext.Kind, Name = ext.Name, Position = ext.Position };
                schema.Types[ext.Name] = def;
                defs.Add(def);
            }
            if (def.Kind != ext.Kind)
            {
                throw Fail(ext.Position, $"Cannot extend type {ext.Name} because the base type is a {def.Kind}, not {ext.Kind}.");
            }
            def.Directives.AddRange(ext.Directives);
            def.Interfaces.AddRange(ext.Interfaces);
            def.Fields.AddRange(ext.Fields);
            def.Types.AddRange(ext.Types);
            def.EnumValues.AddRange(ext.EnumValues);
        }

        foreach (var def in defs)
        {
            switch (def.Kind)
            {
                case GqlKind.Union:
                    foreach (var t in def.Types)
                    {
                        schema.AddPossibleType(def.Name, schema.Type(t));
                        schema.AddImplements(t, def);
                    }
                    break;
                case GqlKind.InputObject or GqlKind.Object:
                    foreach (var intf in def.Interfaces)
                    {
                        schema.AddPossibleType(intf, def);
                        schema.AddImplements(def.Name, schema.Type(intf));
                    }
                    schema.AddPossibleType(def.Name, def);
                    break;
                case GqlKind.Interface:
                    foreach (var intf in def.Interfaces)
                    {
                        schema.AddPossibleType(intf, def);
                        schema.AddImplements(def.Name, schema.Type(intf));
                    }
                    break;
            }
        }

        foreach (var dir in ast.Directives)
        {
            // SDL may restate the built-in directives; the first definition wins. Others may not be redeclared.
            if (schema.Directives.ContainsKey(dir.Name) && dir.Name is not ("include" or "skip" or "deprecated" or "specifiedBy"))
            {
                throw Fail(dir.Position, $"Cannot redeclare directive {dir.Name}.");
            }
            schema.Directives[dir.Name] = dir;
        }

        if (ast.Schema.Count > 1)
        {
            throw Fail(ast.Schema[1].Position, "Cannot have multiple schema entry points, consider schema extensions instead.");
        }
        if (ast.Schema.Count == 1)
        {
            schema.Description = ast.Schema[0].Description;
            SetRoots(schema, ast.Schema[0]);
        }
        foreach (var ext in ast.SchemaExtension) SetRoots(schema, ext);

        ValidateTypeDefinitions(schema);
        ValidateDirectiveDefinitions(schema);

        // Root types are inferred from their conventional names only without an explicit schema definition.
        if (ast.Schema.Count == 0)
        {
            schema.Query ??= schema.Type("Query");
            schema.Mutation ??= schema.Type("Mutation");
            schema.Subscription ??= schema.Type("Subscription");
        }

        schema.Query?.Fields.AddRange(
        [
            new GqlFieldDefinition { Name = "__schema", Type = GqlType.Named("__Schema", nonNull: true) },
            new GqlFieldDefinition
            {
                Name = "__type",
                Type = GqlType.Named("__Type"),
                Arguments = [new GqlArgumentDefinition { Name = "name", Type = GqlType.Named("String", nonNull: true) }],
            },
        ]);
        return schema;
    }

    private static void SetRoots(GqlSchema schema, GqlSchemaDefinition def)
    {
        foreach (var entry in def.OperationTypes)
        {
            var type = schema.Type(entry.Type)
                ?? throw Fail(entry.Position, $"Schema root {entry.Operation} refers to a type {entry.Type} that does not exist.");
            switch (entry.Operation)
            {
                case GqlOperation.Query: schema.Query = type; break;
                case GqlOperation.Mutation: schema.Mutation = type; break;
                case GqlOperation.Subscription: schema.Subscription = type; break;
            }
        }
    }

    private static void ValidateTypeDefinitions(GqlSchema schema)
    {
        var names = schema.Types.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names) ValidateDefinition(schema, schema.Types[name]);
    }

    private static void ValidateDirectiveDefinitions(GqlSchema schema)
    {
        var names = schema.Directives.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var def = schema.Directives[name];
            ValidateName(def.Position, def.Name);
            ValidateArgs(schema, def.Arguments, def);
        }
    }
}
