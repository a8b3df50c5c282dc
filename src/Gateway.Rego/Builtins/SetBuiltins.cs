namespace Gateway.Rego.Builtins;

/// <summary>Placeholder: this category's builtins are not written yet.</summary>
internal static class SetBuiltins
{
    public static void Register(BuiltinRegistry registry) => _ = registry;
}
