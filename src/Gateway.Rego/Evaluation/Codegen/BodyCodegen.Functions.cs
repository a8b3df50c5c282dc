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
    /// Only for a function whose result can be computed so without changing it: one definition (with or without an
    /// <c>else</c> chain), no default, plain variables as parameters, and bodies with at most one solution (no loop
    /// at their top level), so that no conflict between two values can arise. Memoisation is not missed: a function
    /// is pure, and the evaluator memoises per evaluation only. Functions cannot recurse (the compiler rejects it),
    /// so inlining ends. Null when the call is not one, or a body needs the interpreter: then the call goes through
    /// the evaluator.
    /// </para>
    /// </summary>
    private Expression? InlineFunction(DataNode fn, IrTerm[] args)
    {
        if (_inlineDepth >= MaxInlineDepth || fn.Rules.Count != 1 || fn.Default is not null || fn.Index is not null) return null;
        var result = Variable(typeof(RegoValue), "result");
        var produced = Variable(typeof(bool), "produced");
        var elements = new List<(ParameterExpression[] Locals, int[] Parameters, Expression Body)>();
        for (var rule = fn.Rules[0]; rule is not null; rule = rule.Else)
        {
            if (InlineElement(rule, args.Length, result, produced) is not { } element) return null;
            elements.Add(element);
        }
        return WithArgs(args, a =>
        {
            // An else element runs when the elements before it produced no solution (as Evaluator.EvalRule).
            Expression chain = Empty();
            for (var i = elements.Count - 1; i >= 0; i--)
            {
                var (locals, parameters, body) = elements[i];
                Expression run = Block(locals, [.. parameters.Select((slot, p) => (Expression)Assign(locals[slot], a[p])), body, Empty()]);
                chain = i == elements.Count - 1 ? run : Block(run, IfThen(Not(produced), chain));
            }
            // Block variables keep their values between runs of a block (in a loop): each call starts afresh.
            return Block(typeof(RegoValue), [result, produced], Assign(result, NullValue), Assign(produced, Constant(false)), chain, result);
        });
    }

    /// <summary>
    /// A body with no loop at its top level (nor a hoisted call, which stands before one): every other literal that
    /// could enumerate needs the interpreter, which generation in place refuses. So the body has at most one
    /// solution, and code may stop at its first.
    /// </summary>
    private static bool AtMostOneSolution(IrLiteral[] lits) => !lits.Any(l => l.Expr is IrSomeIn or IrHoist);

    /// <summary>One element of a function's definition: its body in its own locals, storing the head's value and stopping at its solution.</summary>
    private (ParameterExpression[] Locals, int[] Parameters, Expression Body)? InlineElement(IrRule rule, int arity, ParameterExpression result, ParameterExpression produced)
    {
        var lits = rule.Body.Literals;
        if (rule.IndexRef is not null || rule.Args.Length != arity || lits.Length > MaxInlineLiterals || !AtMostOneSolution(lits)) return null;
        var parameters = new int[arity];
        for (var i = 0; i < arity; i++)
        {
            if (rule.Args[i] is not IrVar p || parameters[..i].Contains(p.Slot)) return null;
            parameters[i] = p.Slot;
        }

        // The function's variables are its own frame's slots: another generator, in locals, sharing the evaluator.
        var g = new BodyCodegen(_policy, rule.FrameSize, _e, _constants) { _inlineDepth = _inlineDepth + 1 };
        var locals = Enumerable.Range(0, rule.FrameSize).Select(i => Variable(typeof(RegoValue), $"f{_inlineDepth}_{i}")).ToArray();
        g._locals = locals;
        foreach (var p in parameters) g._bound[p] = true;
        var head = rule.Value ?? Evaluator.TrueTerm;
        Expression body;
        try
        {
            // The end records the solution and the head's value (possibly undefined), and stops the search.
            body = g.BodyIn(lits, () => g.Direct(head)
                ? Block(Assign(produced, Constant(true)), Assign(result, g.Term(head)), Constant(false))
                : throw new CodegenUnsupportedException("head"), canInterpret: false, head.Vars, countsSolutions: false);
        }
        catch (CodegenUnsupportedException)
        {
            return null;
        }
        // Something the evaluator does in its current frame, which would be the caller's.
        return g._readsFrame ? null : (locals, parameters, body);
    }
}
