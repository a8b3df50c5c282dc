using Gateway.Rego.Compilation;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// Compiles a rule body once and publishes it on the rule (see <see cref="RuleCode"/>). Compiling a body takes
/// about a millisecond (more while System.Linq.Expressions itself warms up), far more than a decision: so a body that
/// reaches its threshold is compiled on the thread pool while evaluations go on interpreted, and no request waits for
/// it. A threshold of 0 (tests, the conformance runner) compiles at once, on the evaluating thread.
/// </summary>
internal static class RuleCodeCompiler
{
    /// <summary>The compiled body when available now; null while it compiles in the background or when it cannot be compiled.</summary>
    public static CompiledBody? CompileOrSchedule(CompiledPolicy policy, IrRule rule)
    {
        var state = rule.Code;
        if (policy.CodegenThreshold == 0) return Compile(policy, rule);
        if (Volatile.Read(ref state.Scheduled) == 0 && Interlocked.Exchange(ref state.Scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => CompileInBackground(s.Policy, s.Rule), (Policy: policy, Rule: rule), preferLocal: false);
        }
        return null;
    }

    private static void CompileInBackground(CompiledPolicy policy, IrRule rule)
    {
        try
        {
            Compile(policy, rule);
        }
        catch (Exception)
        {
            // A defect in code generation must not take the process down from a pool thread: the rule stays interpreted,
            // which gives the same results. (Compiling at once, as the tests do, lets such a defect surface.)
            rule.Code.Failed = true;
        }
    }

    private static CompiledBody? Compile(CompiledPolicy policy, IrRule rule)
    {
        var state = rule.Code;
        try
        {
            // A function's parameters are bound before its body runs (EvalRule binds them first); nothing else is.
            var entry = new List<int>();
            foreach (var a in rule.Args) entry.AddRange(a.Vars);
            var generated = BodyCodegen.Compile(policy, rule, entry);
            state.InterpretedLiterals = generated.InterpretedLiterals;
            state.PatternLoops = generated.PatternLoops;
            state.MembersInAnyOrder = generated.MembersInAnyOrder;
            state.ReadsEvaluatorFrame = generated.ReadsEvaluatorFrame;
            state.FrameFree = generated.FrameFree;
            state.Body = generated.Code;
            RulePlan.Publish(policy, rule, generated.Code);
            return generated.Code;
        }
        catch (CodegenUnsupportedException)
        {
            state.Failed = true;
            return null;
        }
    }
}
