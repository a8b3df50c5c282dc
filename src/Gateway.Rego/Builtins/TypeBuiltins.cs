using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>is_* predicates and type_name. The v0 casts (to_array, to_set, …) are gone in Rego v1; to_number lives with strings.</summary>
internal static class TypeBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("is_number", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Number));
        registry.Register("is_string", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.String));
        registry.Register("is_boolean", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Boolean));
        registry.Register("is_array", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Array));
        registry.Register("is_set", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Set));
        registry.Register("is_object", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Object));
        registry.Register("is_null", 1, static (_, a) => RegoBool.Of(a[0].Kind == RegoKind.Null));
        registry.Register("type_name", 1, static (_, a) => new RegoString(a[0].TypeName));
    }
}
