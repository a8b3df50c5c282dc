using Gateway.Rego.Builtins.GraphQl;
using Gateway.Rego.Builtins.GraphQl.Validation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// OPA's graphql.* builtins: parse GraphQL queries and schemas (given as text or as the AST objects these
/// builtins return) into gqlparser-shaped AST values, and validate queries against schemas.
/// </summary>
internal static class GraphQlBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("graphql.parse", 2, Guarded(Parse, null));
        registry.Register("graphql.parse_and_verify", 2, Guarded(ParseAndVerify, Unverified));
        registry.Register("graphql.parse_query", 1, Guarded(ParseQuery, null));
        registry.Register("graphql.parse_schema", 1, Guarded(ParseSchema, null));
        registry.Register("graphql.is_valid", 2, Guarded(IsValid, RegoBool.False));
        registry.Register("graphql.schema_is_valid", 1, Guarded(SchemaIsValid, RegoBool.False));
    }

    /// <summary>
    /// Parsing and validation recurse with the document's nesting; rather than overflow the stack on a
    /// hostile document, they stop when it runs low. The checking builtins then answer "not valid", the
    /// others fail. (gqlparser has no such limit: Go stacks grow.)
    /// </summary>
    private static BuiltinFunction Guarded(BuiltinFunction function, RegoValue? whenTooDeep) => (context, args) =>
    {
        try
        {
            return function(context, args);
        }
        catch (InsufficientExecutionStackException)
        {
            return whenTooDeep ?? throw new BuiltinException("GraphQL document is nested too deeply");
        }
    };

    private static readonly RegoArray Unverified = new([RegoBool.False, RegoObject.Empty, RegoObject.Empty]);

    /// <summary>A query operand as a document, or the error OPA would raise for it.</summary>
    private static (GqlQueryDocument? Doc, string? Error) QueryDocument(RegoValue operand)
    {
        try
        {
            return operand switch
            {
                RegoString s => (GqlParser.ParseQuery(s.Value), null),
                RegoObject o => (AstDecoder.Query(o), null),
                _ => (null, null),
            };
        }
        catch (GqlException e)
        {
            return (null, GqlMessages.Parse(e.Error));
        }
        catch (GqlDecodeException e)
        {
            return (null, e.Message);
        }
    }

    // [queryAst, schemaAst]; any parse or validation failure is an error.
    private static RegoValue? Parse(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        // OPA numbers these two operands 0 and 1 (not 1 and 2) in its type errors; kept for identical messages.
        if (args[0] is not (RegoString or RegoObject)) throw BuiltinArgs.TypeError(0, args[0], "string", "object");
        var (queryDoc, queryError) = QueryDocument(args[0]);
        if (queryError is not null) throw new BuiltinException(queryError);

        if (args[1] is not (RegoString or RegoObject)) throw BuiltinArgs.TypeError(1, args[1], "string", "object");
        var entry = SchemaCache.Get(args[1]);
        if (entry.ParseError is not null) throw new BuiltinException(entry.ParseError);
        var (schema, schemaError) = entry.Loaded;
        if (schemaError is not null) throw new BuiltinException(GqlMessages.SchemaConversion(schemaError));

        var queryAst = AstSerializer.Query(queryDoc!);
        var errors = QueryValidator.Validate(schema!, queryDoc!);
        if (errors.Count > 0) throw new BuiltinException(GqlMessages.Validation(errors));
        return new RegoArray([queryAst, entry.Ast!]);
    }

    // [valid, queryAst, schemaAst], with [false, {}, {}] for anything that fails.
    private static RegoValue? ParseAndVerify(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        var (queryDoc, _) = QueryDocument(args[0]);
        if (queryDoc is null || args[1] is not (RegoString or RegoObject)) return Unverified;
        var queryAst = AstSerializer.Query(queryDoc);
        var entry = SchemaCache.Get(args[1]);
        if (entry.Loaded.Schema is not { } schema) return Unverified;
        if (QueryValidator.Validate(schema, queryDoc).Count > 0) return Unverified;
        return new RegoArray([RegoBool.True, queryAst, entry.Ast!]);
    }

    private static RegoValue? ParseQuery(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        var source = BuiltinArgs.String(args, 0);
        try
        {
            return AstSerializer.Query(GqlParser.ParseQuery(source));
        }
        catch (GqlException e)
        {
            throw new BuiltinException(GqlMessages.Parse(e.Error));
        }
    }

    private static RegoValue? ParseSchema(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        BuiltinArgs.String(args, 0);
        var entry = SchemaCache.Get(args[0]);
        return entry.ParseError is null ? entry.Ast : throw new BuiltinException(entry.ParseError);
    }

    private static RegoValue? IsValid(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        var (queryDoc, _) = QueryDocument(args[0]);
        if (queryDoc is null || args[1] is not (RegoString or RegoObject)) return RegoBool.False;
        if (SchemaCache.Get(args[1]).Loaded.Schema is not { } schema) return RegoBool.False;
        return RegoBool.Of(QueryValidator.Validate(schema, queryDoc).Count == 0);
    }

    private static RegoValue? SchemaIsValid(BuiltinContext context, ReadOnlySpan<RegoValue> args)
    {
        if (args[0] is not (RegoString or RegoObject)) return RegoBool.False;
        return RegoBool.Of(SchemaCache.Get(args[0]).Loaded.Schema is not null);
    }
}
