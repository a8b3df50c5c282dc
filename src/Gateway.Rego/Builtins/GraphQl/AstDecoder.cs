using System.Runtime.CompilerServices;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>A value that cannot become a gqlparser AST, worded like Go's encoding/json errors.</summary>
internal sealed class GqlDecodeException(string message) : Exception(message);

/// <summary>
/// An AST given to OPA as a Rego object goes through Go's encoding/json into gqlparser's structs; this
/// reproduces that decoding. Keys match field names case-insensitively (Go's rule), except on the four
/// types gqlparser decodes by hand (operation, fragment definition, inline fragment, field), which need exact
/// keys. gqlparser's selection-set decoder tries Field first and Field accepts any object, so every selection
/// comes back as a field, fragment spreads and inline fragments included; we keep that, since OPA does.
/// Positions and the validator's annotations are not read.
/// </summary>
internal static class AstDecoder
{
    public static GqlQueryDocument Query(RegoValue value)
    {
        var doc = new GqlQueryDocument();
        Struct(value, "ast.QueryDocument", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Operations": doc.Operations.AddRange(List(v, "[]*ast.OperationDefinition", Operation)); break;
                case "Fragments": doc.Fragments.AddRange(List(v, "[]*ast.FragmentDefinition", Fragment)); break;
            }
        }, "Operations", "Fragments");
        return doc;
    }

    public static GqlSchemaDocument Schema(RegoValue value)
    {
        var doc = new GqlSchemaDocument();
        Struct(value, "ast.SchemaDocument", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Schema": doc.Schema.AddRange(List(v, "[]*ast.SchemaDefinition", SchemaDefinition)); break;
                case "SchemaExtension": doc.SchemaExtension.AddRange(List(v, "[]*ast.SchemaDefinition", SchemaDefinition)); break;
                case "Directives": doc.Directives.AddRange(List(v, "[]*ast.DirectiveDefinition", DirectiveDefinition)); break;
                case "Definitions": doc.Definitions.AddRange(List(v, "[]*ast.Definition", Definition)); break;
                case "Extensions": doc.Extensions.AddRange(List(v, "[]*ast.Definition", Definition)); break;
            }
        }, "Schema", "SchemaExtension", "Directives", "Definitions", "Extensions");
        return doc;
    }

    // ---- Go encoding/json mechanics ----

    private static string JsonKind(RegoValue v) => v switch
    {
        RegoString => "string",
        RegoNumber => "number",
        RegoBool => "bool",
        RegoArray or RegoSet => "array",
        RegoObject => "object",
        _ => "null",
    };

    private static GqlDecodeException Mismatch(RegoValue v, string goType) =>
        new($"json: cannot unmarshal {JsonKind(v)} into Go value of type {goType}");

    /// <summary>Decode an object into a struct: each key (in sorted order, as Go sees the JSON) goes to the field it names.</summary>
    private static void Struct(RegoValue value, string goType, bool exact, Action<string, RegoValue> set, params string[] fields)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (value is RegoNull) return;
        if (value is not RegoObject o) throw Mismatch(value, goType);
        foreach (var k in o.SortedKeys)
        {
            if (k is not RegoString ks) continue;
            var field = Array.Find(fields, f => f == ks.Value)
                ?? (exact ? null : Array.Find(fields, f => string.Equals(f, ks.Value, StringComparison.OrdinalIgnoreCase)));
            var v = o.Items[k];
            // JSON null leaves a field as it is (pointers and slices become nil, which here is the default).
            if (field is not null && v is not RegoNull) set(field, v);
        }
    }

    private static IEnumerable<RegoValue> Elements(RegoValue value, string goType) => value switch
    {
        RegoArray a => a.AsList(),
        RegoSet s => s.Sorted, // OPA's ast.JSON turns sets into sorted arrays
        _ => throw Mismatch(value, goType),
    };

    /// <summary>A slice of struct pointers. A null element would be a nil pointer that gqlparser later dereferences; we drop it.</summary>
    private static List<T> List<T>(RegoValue value, string goType, Func<RegoValue, T> element)
    {
        var result = new List<T>();
        foreach (var e in Elements(value, goType))
        {
            if (e is not RegoNull) result.Add(element(e));
        }
        return result;
    }

    private static List<string> Strings(RegoValue value, string goType) =>
        Elements(value, goType).Select(e => e is RegoNull ? "" : String(e, "string")).ToList();

    private static string String(RegoValue v, string goType) => v is RegoString s ? s.Value : throw Mismatch(v, goType);

    private static bool Bool(RegoValue v) => v is RegoBool b ? b.Value : throw Mismatch(v, "bool");

    private static GqlValueKind Kind(RegoValue v)
    {
        if (v is not RegoNumber n) throw Mismatch(v, "ast.ValueKind");
        return n.TryGetInt32(out var i) ? (GqlValueKind)i : throw new GqlDecodeException($"json: cannot unmarshal number {n.ToJsonText()} into Go value of type ast.ValueKind");
    }

    // ---- executable documents ----

    private static GqlOperationDefinition Operation(RegoValue value)
    {
        var op = new GqlOperationDefinition();
        Struct(value, "ast.OperationDefinition", exact: true, (key, v) =>
        {
            switch (key)
            {
                case "Operation": op.Operation = String(v, "ast.Operation"); break;
                case "Name": op.Name = String(v, "string"); break;
                case "VariableDefinitions": op.VariableDefinitions = List(v, "ast.VariableDefinitionList", VariableDefinition); break;
                case "Directives": op.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "SelectionSet": op.SelectionSet = SelectionSet(v); break;
            }
        }, "Operation", "Name", "VariableDefinitions", "Directives", "SelectionSet");
        return op;
    }

    private static GqlFragmentDefinition Fragment(RegoValue value)
    {
        var f = new GqlFragmentDefinition();
        Struct(value, "ast.FragmentDefinition", exact: true, (key, v) =>
        {
            switch (key)
            {
                case "Name": f.Name = String(v, "string"); break;
                case "VariableDefinition": f.VariableDefinition = List(v, "ast.VariableDefinitionList", VariableDefinition); break;
                case "TypeCondition": f.TypeCondition = String(v, "string"); break;
                case "Directives": f.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "SelectionSet": f.SelectionSet = SelectionSet(v); break;
            }
        }, "Name", "VariableDefinition", "TypeCondition", "Directives", "SelectionSet");
        return f;
    }

    private static List<GqlSelection> SelectionSet(RegoValue value)
    {
        var result = new List<GqlSelection>();
        foreach (var item in Elements(value, "[]json.RawMessage"))
        {
            // Items that are not objects fail every decoder and gqlparser silently leaves them out.
            if (item is RegoObject or RegoNull) result.Add(Field(item));
        }
        return result;
    }

    private static GqlField Field(RegoValue value)
    {
        var field = new GqlField();
        Struct(value, "ast.Field", exact: true, (key, v) =>
        {
            switch (key)
            {
                case "Alias": field.Alias = String(v, "string"); break;
                case "Name": field.Name = String(v, "string"); break;
                case "Arguments": field.Arguments = List(v, "ast.ArgumentList", Argument); break;
                case "Directives": field.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "SelectionSet": field.SelectionSet = SelectionSet(v); break;
            }
        }, "Alias", "Name", "Arguments", "Directives", "SelectionSet");
        return field;
    }

    private static GqlVariableDefinition VariableDefinition(RegoValue value)
    {
        var d = new GqlVariableDefinition();
        Struct(value, "ast.VariableDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Variable": d.Variable = String(v, "string"); break;
                case "Type": d.Type = Type(v); break;
                case "DefaultValue": d.DefaultValue = Value(v); break;
                case "Directives": d.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "Used": d.Used = Bool(v); break;
            }
        }, "Variable", "Type", "DefaultValue", "Directives", "Used");
        return d;
    }

    private static GqlType Type(RegoValue value)
    {
        var t = new GqlType();
        Struct(value, "ast.Type", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "NamedType": t.NamedType = String(v, "string"); break;
                case "Elem": t.Elem = Type(v); break;
                case "NonNull": t.NonNull = Bool(v); break;
            }
        }, "NamedType", "Elem", "NonNull");
        return t;
    }

    private static GqlArgument Argument(RegoValue value)
    {
        var a = new GqlArgument();
        Struct(value, "ast.Argument", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Name": a.Name = String(v, "string"); break;
                case "Value": a.Value = Value(v); break;
            }
        }, "Name", "Value");
        return a;
    }

    private static GqlDirective Directive(RegoValue value)
    {
        var d = new GqlDirective();
        Struct(value, "ast.Directive", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Name": d.Name = String(v, "string"); break;
                case "Arguments": d.Arguments = List(v, "ast.ArgumentList", Argument); break;
                case "Location": d.Location = String(v, "ast.DirectiveLocation"); break;
            }
        }, "Name", "Arguments", "Location");
        return d;
    }

    private static GqlValue Value(RegoValue value)
    {
        var val = new GqlValue();
        Struct(value, "ast.Value", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Raw": val.Raw = String(v, "string"); break;
                case "Children": val.Children = List(v, "ast.ChildValueList", ChildValue); break;
                case "Kind": val.Kind = Kind(v); break;
                case "ExpectedTypeHasDefault": val.ExpectedTypeHasDefault = Bool(v); break;
            }
        }, "Raw", "Children", "Kind", "ExpectedTypeHasDefault");
        return val;
    }

    private static GqlChildValue ChildValue(RegoValue value)
    {
        var c = new GqlChildValue();
        Struct(value, "ast.ChildValue", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Name": c.Name = String(v, "string"); break;
                case "Value": c.Value = Value(v); break;
            }
        }, "Name", "Value");
        return c;
    }

    // ---- type-system documents ----

    private static GqlSchemaDefinition SchemaDefinition(RegoValue value)
    {
        var s = new GqlSchemaDefinition();
        Struct(value, "ast.SchemaDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Description": s.Description = String(v, "string"); break;
                case "Directives": s.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "OperationTypes": s.OperationTypes = List(v, "ast.OperationTypeDefinitionList", OperationType); break;
            }
        }, "Description", "Directives", "OperationTypes");
        return s;
    }

    private static GqlOperationTypeDefinition OperationType(RegoValue value)
    {
        var o = new GqlOperationTypeDefinition();
        Struct(value, "ast.OperationTypeDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Operation": o.Operation = String(v, "ast.Operation"); break;
                case "Type": o.Type = String(v, "string"); break;
            }
        }, "Operation", "Type");
        return o;
    }

    private static GqlDirectiveDefinition DirectiveDefinition(RegoValue value)
    {
        var d = new GqlDirectiveDefinition();
        Struct(value, "ast.DirectiveDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Description": d.Description = String(v, "string"); break;
                case "Name": d.Name = String(v, "string"); break;
                case "Arguments": d.Arguments = List(v, "ast.ArgumentDefinitionList", ArgumentDefinition); break;
                case "Locations": d.Locations = Strings(v, "[]ast.DirectiveLocation"); break;
                case "IsRepeatable": d.IsRepeatable = Bool(v); break;
            }
        }, "Description", "Name", "Arguments", "Locations", "IsRepeatable");
        return d;
    }

    private static GqlDefinition Definition(RegoValue value)
    {
        var d = new GqlDefinition();
        Struct(value, "ast.Definition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Kind": d.Kind = String(v, "ast.DefinitionKind"); break;
                case "Description": d.Description = String(v, "string"); break;
                case "Name": d.Name = String(v, "string"); break;
                case "Directives": d.Directives = List(v, "ast.DirectiveList", Directive); break;
                case "Interfaces": d.Interfaces = Strings(v, "[]string"); break;
                case "Fields": d.Fields = List(v, "ast.FieldList", FieldDefinition); break;
                case "Types": d.Types = Strings(v, "[]string"); break;
                case "EnumValues": d.EnumValues = List(v, "ast.EnumValueList", EnumValue); break;
                case "BuiltIn": d.BuiltIn = Bool(v); break;
            }
        }, "Kind", "Description", "Name", "Directives", "Interfaces", "Fields", "Types", "EnumValues", "BuiltIn");
        return d;
    }

    private static GqlFieldDefinition FieldDefinition(RegoValue value)
    {
        var f = new GqlFieldDefinition();
        Struct(value, "ast.FieldDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Description": f.Description = String(v, "string"); break;
                case "Name": f.Name = String(v, "string"); break;
                case "Arguments": f.Arguments = List(v, "ast.ArgumentDefinitionList", ArgumentDefinition); break;
                case "DefaultValue": f.DefaultValue = Value(v); break;
                case "Type": f.Type = Type(v); break;
                case "Directives": f.Directives = List(v, "ast.DirectiveList", Directive); break;
            }
        }, "Description", "Name", "Arguments", "DefaultValue", "Type", "Directives");
        return f;
    }

    private static GqlArgumentDefinition ArgumentDefinition(RegoValue value)
    {
        var a = new GqlArgumentDefinition();
        Struct(value, "ast.ArgumentDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Description": a.Description = String(v, "string"); break;
                case "Name": a.Name = String(v, "string"); break;
                case "DefaultValue": a.DefaultValue = Value(v); break;
                case "Type": a.Type = Type(v); break;
                case "Directives": a.Directives = List(v, "ast.DirectiveList", Directive); break;
            }
        }, "Description", "Name", "DefaultValue", "Type", "Directives");
        return a;
    }

    private static GqlEnumValueDefinition EnumValue(RegoValue value)
    {
        var e = new GqlEnumValueDefinition();
        Struct(value, "ast.EnumValueDefinition", exact: false, (key, v) =>
        {
            switch (key)
            {
                case "Description": e.Description = String(v, "string"); break;
                case "Name": e.Name = String(v, "string"); break;
                case "Directives": e.Directives = List(v, "ast.DirectiveList", Directive); break;
            }
        }, "Description", "Name", "Directives");
        return e;
    }
}
