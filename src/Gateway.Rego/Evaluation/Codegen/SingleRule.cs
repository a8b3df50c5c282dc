using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// A complete rule that is its node's only definition (no else, no default, no children), compiled
/// without a frame: <see cref="DataNode.Single"/>. Computing such a document went through rule selection, the rule,
/// its code state and its delegate, a cache miss each; a document that is one lookup (<c>config := input.config</c>)
/// cost about 45 ns, most of it waiting for memory.
/// </summary>
internal sealed class SingleRule(IrRule rule, CompiledBody code, SingleValueCode? valueCode)
{
    public readonly IrRule Rule = rule;
    public readonly CompiledBody Code = code;

    /// <summary>The rule compiled to return its value, when its body has at most one solution (see <see cref="BodyCodegen.CompileValue"/>).</summary>
    public readonly SingleValueCode? ValueCode = valueCode;

    /// <summary><see cref="IrRule.ConstantValue"/>, kept here so that running the rule need not read the rule.</summary>
    public readonly bool ConstantValue = rule.ConstantValue;

    /// <summary>
    /// The rule's own input equality (<see cref="IrRule.IndexRef"/>), tested before its code runs; null: none, or a
    /// rule with value code whose first literal is that very test (<c>is_push if input.action == "push"</c>): its
    /// code then tests it first itself, and nothing runs before, so the same test twice would only cost.
    /// </summary>
    public readonly IrRef? CheckRef = valueCode is not null && TestsIndexFirst(rule) ? null : rule.IndexRef;

    /// <summary>The value <see cref="CheckRef"/> must have.</summary>
    public readonly RegoValue? CheckValue = rule.IndexValue;

    private static bool TestsIndexFirst(IrRule r) =>
        r.Body.Literals is [{ Negated: false, With.Length: 0, Expr: var first }, ..] && first switch
        {
            IrUnify u => ReferenceEquals(u.Left, r.IndexRef) || ReferenceEquals(u.Right, r.IndexRef),
            IrCallExpr { Target.Builtin.Name: "equal", Output: null, Args: [var a, var b] } => ReferenceEquals(a, r.IndexRef) || ReferenceEquals(b, r.IndexRef),
            _ => false,
        };
}
