using System.Linq.Expressions;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// A complete rule that is its node's only definition, compiled to return its value (null: undefined). Computing
/// such a document through a sink (rent it, point it at the rule, hand it the head's value, read it back, return
/// it) cost more than many of these bodies: <c>config := input.config</c>, <c>is_prod if startswith(…)</c>.
/// </summary>
internal delegate RegoValue? SingleValueCode(Evaluator e);

internal sealed partial class BodyCodegen
{
    /// <summary>
    /// The rule's value code, or null when its body could have more than one solution (a loop at its top level)
    /// or needs the interpreter: such a rule keeps its sink, which compares the values of its solutions. With at
    /// most one solution there is nothing to compare, so the code stops at the first, as a function inlined in
    /// place does (<see cref="InlineElement"/>).
    /// </summary>
    public static SingleValueCode? CompileValue(CompiledPolicy policy, IrRule rule)
    {
        var lits = rule.Body.Literals;
        if (rule.Else is not null || rule.Args.Length > 0 || rule.Key is not null || rule.DynPath.Length > 0 || lits.Length > MaxLiterals ||
            !AtMostOneSolution(lits))
        {
            return null;
        }
        var g = new BodyCodegen(policy, rule.FrameSize);
        var locals = Enumerable.Range(0, rule.FrameSize).Select(i => Variable(typeof(RegoValue), $"s{i}")).ToArray();
        g._locals = locals;
        var result = Variable(typeof(RegoValue), "result");
        var head = rule.Value ?? Evaluator.TrueTerm;
        Expression body;
        try
        {
            body = g.BodyIn(lits, () => g.Direct(head)
                ? Block(Assign(result, g.Term(head)), Constant(false))
                : throw new CodegenUnsupportedException("head"), canInterpret: false, head.Vars, countsSolutions: false);
        }
        catch (CodegenUnsupportedException)
        {
            return null;
        }
        if (g._readsFrame) return null;
        var code = Block(typeof(RegoValue), [result, .. locals], Assign(result, NullValue), body, result);
        return Lambda<SingleValueCode>(g._constants.Bind(code), $"value@{rule.Loc.Row}", [g._e]).Compile();
    }
}
