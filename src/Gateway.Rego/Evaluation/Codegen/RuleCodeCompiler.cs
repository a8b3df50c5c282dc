using Gateway.Rego.Compilation;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>Compiles a rule body once and publishes it on the rule (see <see cref="RuleCode"/>).</summary>
internal static class RuleCodeCompiler
{
    public static CompiledBody? Compile(CompiledPolicy policy, IrRule rule)
    {
        var state = rule.Code;
        try
        {
            // A function's parameters are bound before its body runs (EvalRule binds them first); nothing else is.
            var entry = new List<int>();
            foreach (var a in rule.Args) entry.AddRange(a.Vars);
            var body = BodyCodegen.Compile(policy, rule, entry, out var interpreted, out var readsFrame);
            state.InterpretedLiterals = interpreted;
            state.ReadsEvaluatorFrame = readsFrame;
            state.Body = body;
            return body;
        }
        catch (CodegenUnsupportedException)
        {
            state.Failed = true;
            return null;
        }
    }
}
