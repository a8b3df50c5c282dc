using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// A builtin call in generated code: the builtin and where the policy calls it, in one constant. Passing the
/// location itself would unbox and copy it from the compiled code's constants on every call, although it is read
/// only when the call fails.
/// </summary>
internal sealed class BuiltinSite(BuiltinDefinition def, Location loc)
{
    public BuiltinDefinition Def { get; } = def;
    public readonly Location Loc = loc;
}
