using System.Linq.Expressions;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

internal sealed partial class BodyCodegen
{
    // Functions inside inlined functions are inlined too, this deep; deeper calls go through the evaluator.
    private const int MaxInlineDepth = 3;
    private const int MaxInlineLiterals = 24;

    private int _inlineDepth;

    /// <summary>
    /// A call of a user function generated in place: its arguments into its parameters, its body, its value. A call
    /// through the evaluator costs more than a short body (an argument array, the memo lookup, a frame, a sink): about
    /// 90 ns against 35 for <c>valid_tag</c> of the admission benchmark.
    /// <para>
    /// Only for a function whose result can be computed so without changing it: one definition, no <c>else</c>, no
    /// default, plain variables as parameters, and a body with at most one solution (no loop at its top level), so
    /// that no conflict between two values can arise. Memoisation is not missed: a function is pure, and the evaluator
    /// memoises per evaluation only. Functions cannot recurse (the compiler rejects it), so inlining ends. Null when
    /// the call is not one, or its body needs the interpreter: then the call goes through the evaluator.
    /// </para>
    /// </summary>
    private Expression? InlineFunction(DataNode fn, IrTerm[] args)
    {
        if (_inlineDepth >= MaxInlineDepth || fn.Rules.Count != 1 || fn.Default is not null || fn.Index is not null) return null;
        var rule = fn.Rules[0];
        var lits = rule.Body.Literals;
        if (rule.Else is not null || rule.IndexRef is not null || rule.Args.Length != args.Length || lits.Length > MaxInlineLiterals ||
            lits.Any(l => l.Expr is IrSomeIn or IrHoist))
        {
            return null;
        }
        var parameters = new int[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (rule.Args[i] is not IrVar p || parameters[..i].Contains(p.Slot)) return null;
            parameters[i] = p.Slot;
        }

        // The function's variables are its own frame's slots: another generator, in locals, sharing the evaluator.
        var g = new BodyCodegen(_policy, rule.FrameSize, _e) { _inlineDepth = _inlineDepth + 1 };
        g._locals = Enumerable.Range(0, rule.FrameSize).Select(i => Variable(typeof(RegoValue), $"f{_inlineDepth}_{i}")).ToArray();
        foreach (var p in parameters) g._bound[p] = true;
        var result = Variable(typeof(RegoValue), "result");
        var head = rule.Value ?? Evaluator.TrueTerm;
        Expression body;
        try
        {
            // The end stores the value and stops the search (returns false).
            body = g.Body(lits, 0, () => g.Direct(head) ? Block(Assign(result, g.Term(head)), Constant(false)) : throw new CodegenUnsupportedException("head"), canInterpret: false);
        }
        catch (CodegenUnsupportedException)
        {
            return null;
        }
        // Something the evaluator does in its current frame, which would be the caller's.
        if (g._readsFrame) return null;
        var locals = g._locals;
        return WithArgs(args, a => Block(typeof(RegoValue), [result, .. locals],
        [
            // Block variables keep their values between runs of a block (in a loop): the result starts undefined.
            Assign(result, NullValue),
            .. parameters.Select((slot, i) => (Expression)Assign(locals[slot], a[i])),
            body,
            result,
        ]));
    }
}
