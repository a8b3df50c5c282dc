using Gateway.Rego.Values;
using static Gateway.Rego.Builtins.BuiltinArgs;

namespace Gateway.Rego.Builtins;

/// <summary>json.filter, json.remove, json.patch, json.verify_schema and json.match_schema, as OPA's topdown/json.go and jsonschema.go.</summary>
internal static class JsonBuiltins
{
    public static void Register(BuiltinRegistry r)
    {
        r.Register("json.filter", 2, (_, a) =>
        {
            var obj = Object(a, 0);
            var tree = ExtJsonPaths.ToTree(ExtJsonPaths.GetPaths(a[1]));
            return ExtJsonPaths.Filter(obj, tree);
        });
        r.Register("json.remove", 2, (_, a) =>
        {
            var obj = Object(a, 0);
            var tree = ExtJsonPaths.ToTree(ExtJsonPaths.GetPaths(a[1]));
            return ExtJsonPaths.Remove(obj, tree, present: true);
        });
        r.Register("json.patch", 2, (_, a) => ExtJsonPatch.Apply(a[0], Array(a, 1)));
        r.Register("json.verify_schema", 1, (_, a) =>
        {
            try
            {
                ExtJsonSchema.Compile(ExtJsonSchema.Load(a[0]));
                return new RegoArray([RegoBool.True, RegoNull.Instance]);
            }
            catch (BuiltinException e)
            {
                return new RegoArray([RegoBool.False, new RegoString("jsonschema: " + e.Message)]);
            }
        });
        r.Register("json.match_schema", 2, (_, a) =>
        {
            var doc = ExtJsonSchema.Load(a[0]);
            var schema = ExtJsonSchema.Load(a[1]);
            ExtJsonSchema.Compile(schema);
            var errors = ExtJsonSchema.Validate(schema, doc);
            return new RegoArray([RegoBool.Of(errors.Count == 0), new RegoArray(errors.Select(e => (RegoValue)e.ToValue()).ToArray())]);
        });
    }
}
