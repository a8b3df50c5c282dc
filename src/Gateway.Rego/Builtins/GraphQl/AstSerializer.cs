using System.Runtime.CompilerServices;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins.GraphQl;

/// <summary>
/// The AST as the Rego value OPA returns: gqlparser's structs as JSON, then pruned the way OPA's
/// pruneIrrelevantGraphQLASTNodes does it (no Position, no nulls, no empty arrays or objects; empty
/// strings and false stay). The validator's annotations are never included: OPA serializes before it validates.
/// </summary>
internal static class AstSerializer
{
    private sealed class Obj
    {
        private readonly Dictionary<RegoValue, RegoValue> _items = [];

        public Obj Add(string key, RegoValue? value)
        {
            if (!IsPruned(value)) _items[new RegoString(key)] = value!;
            return this;
        }

        public Obj Add(string key, string value) => Add(key, new RegoString(value));

        public Obj Add(string key, bool value) => Add(key, RegoBool.Of(value));

        public RegoObject Build() => new(_items);
    }

    private static bool IsPruned(RegoValue? v) => v is null or RegoNull or RegoArray { Count: 0 } or RegoObject { Count: 0 };

    private static RegoArray List<T>(IEnumerable<T> items, Func<T, RegoValue?> convert)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var result = new List<RegoValue>();
        foreach (var item in items)
        {
            var v = item is null ? null : convert(item);
            if (!IsPruned(v)) result.Add(v!);
        }
        return new RegoArray([.. result]);
    }

    private static RegoArray Strings(IEnumerable<string> items) => new([.. items.Select(s => (RegoValue)new RegoString(s))]);

    public static RegoObject Query(GqlQueryDocument doc) => new Obj()
        .Add("Operations", List(doc.Operations, Operation))
        .Add("Fragments", List(doc.Fragments, Fragment))
        .Build();

    private static RegoValue Operation(GqlOperationDefinition op) => new Obj()
        .Add("Operation", op.Operation)
        .Add("Name", op.Name)
        .Add("VariableDefinitions", List(op.VariableDefinitions, VariableDefinition))
        .Add("Directives", List(op.Directives, Directive))
        .Add("SelectionSet", List(op.SelectionSet, Selection))
        .Build();

    private static RegoValue Fragment(GqlFragmentDefinition f) => new Obj()
        .Add("Name", f.Name)
        .Add("VariableDefinition", List(f.VariableDefinition, VariableDefinition))
        .Add("TypeCondition", f.TypeCondition)
        .Add("Directives", List(f.Directives, Directive))
        .Add("SelectionSet", List(f.SelectionSet, Selection))
        .Build();

    private static RegoValue VariableDefinition(GqlVariableDefinition v) => new Obj()
        .Add("Variable", v.Variable)
        .Add("Type", Type(v.Type))
        .Add("DefaultValue", Value(v.DefaultValue))
        .Add("Directives", List(v.Directives, Directive))
        .Add("Used", v.Used)
        .Build();

    private static RegoValue? Type(GqlType? t) => t is null ? null : TypeObject(t);

    private static RegoValue TypeObject(GqlType t)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return new Obj()
            .Add("NamedType", t.NamedType)
            .Add("Elem", Type(t.Elem))
            .Add("NonNull", t.NonNull)
            .Build();
    }

    private static RegoValue Selection(GqlSelection s) => s switch
    {
        GqlField f => new Obj()
            .Add("Alias", f.Alias)
            .Add("Name", f.Name)
            .Add("Arguments", List(f.Arguments, Argument))
            .Add("Directives", List(f.Directives, Directive))
            .Add("SelectionSet", List(f.SelectionSet, Selection))
            .Build(),
        GqlFragmentSpread fs => new Obj()
            .Add("Name", fs.Name)
            .Add("Directives", List(fs.Directives, Directive))
            .Build(),
        GqlInlineFragment i => new Obj()
            .Add("TypeCondition", i.TypeCondition)
            .Add("Directives", List(i.Directives, Directive))
            .Add("SelectionSet", List(i.SelectionSet, Selection))
            .Build(),
        _ => throw new InvalidOperationException("unknown selection"),
    };

    private static RegoValue Argument(GqlArgument a) => new Obj()
        .Add("Name", a.Name)
        .Add("Value", Value(a.Value))
        .Build();

    private static RegoValue Directive(GqlDirective d) => new Obj()
        .Add("Name", d.Name)
        .Add("Arguments", List(d.Arguments, Argument))
        .Add("Location", d.Location)
        .Build();

    private static RegoValue? Value(GqlValue? v) => v is null ? null : new Obj()
        .Add("Raw", v.Raw)
        .Add("Children", List(v.Children, ChildValue))
        .Add("Kind", RegoNumber.Of((int)v.Kind))
        .Add("ExpectedTypeHasDefault", v.ExpectedTypeHasDefault)
        .Build();

    private static RegoValue ChildValue(GqlChildValue c) => new Obj()
        .Add("Name", c.Name)
        .Add("Value", Value(c.Value))
        .Build();

    public static RegoObject Schema(GqlSchemaDocument doc) => new Obj()
        .Add("Schema", List(doc.Schema, SchemaDefinition))
        .Add("SchemaExtension", List(doc.SchemaExtension, SchemaDefinition))
        .Add("Directives", List(doc.Directives, DirectiveDefinition))
        .Add("Definitions", List(doc.Definitions, Definition))
        .Add("Extensions", List(doc.Extensions, Definition))
        .Build();

    private static RegoValue SchemaDefinition(GqlSchemaDefinition s) => new Obj()
        .Add("Description", s.Description)
        .Add("Directives", List(s.Directives, Directive))
        .Add("OperationTypes", List(s.OperationTypes, o => new Obj().Add("Operation", o.Operation).Add("Type", o.Type).Build()))
        .Build();

    private static RegoValue DirectiveDefinition(GqlDirectiveDefinition d) => new Obj()
        .Add("Description", d.Description)
        .Add("Name", d.Name)
        .Add("Arguments", List(d.Arguments, ArgumentDefinition))
        .Add("Locations", Strings(d.Locations))
        .Add("IsRepeatable", d.IsRepeatable)
        .Build();

    private static RegoValue Definition(GqlDefinition d) => new Obj()
        .Add("Kind", d.Kind)
        .Add("Description", d.Description)
        .Add("Name", d.Name)
        .Add("Directives", List(d.Directives, Directive))
        .Add("Interfaces", Strings(d.Interfaces))
        .Add("Fields", List(d.Fields, FieldDefinition))
        .Add("Types", Strings(d.Types))
        .Add("EnumValues", List(d.EnumValues, e => new Obj()
            .Add("Description", e.Description)
            .Add("Name", e.Name)
            .Add("Directives", List(e.Directives, Directive))
            .Build()))
        .Add("BuiltIn", d.BuiltIn)
        .Build();

    private static RegoValue FieldDefinition(GqlFieldDefinition f) => new Obj()
        .Add("Description", f.Description)
        .Add("Name", f.Name)
        .Add("Arguments", List(f.Arguments, ArgumentDefinition))
        .Add("DefaultValue", Value(f.DefaultValue))
        .Add("Type", Type(f.Type))
        .Add("Directives", List(f.Directives, Directive))
        .Build();

    private static RegoValue ArgumentDefinition(GqlArgumentDefinition a) => new Obj()
        .Add("Description", a.Description)
        .Add("Name", a.Name)
        .Add("DefaultValue", Value(a.DefaultValue))
        .Add("Type", Type(a.Type))
        .Add("Directives", List(a.Directives, Directive))
        .Build();
}
