using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

/// <summary>
/// Inlining of small user functions. A call costs an argument array, a memo lookup keyed by the arguments, a
/// value sink, a frame and argument unification; for a function that is one expression that is most of the
/// work. Two shapes are inlined:
/// <list type="bullet">
/// <item>value functions, <c>f(x) := &lt;term&gt;</c> without a body: a call becomes the term with the
/// arguments substituted (as a value, <c>y := f(a)</c>, or as a statement, <c>f(a)</c>, <c>f(a, y)</c>);</item>
/// <item>test functions, <c>f(x) if &lt;one literal&gt;</c>: a statement call <c>f(a)</c> or <c>not f(a)</c>
/// becomes the literal's expression with the arguments substituted.</item>
/// </list>
/// The function must have one definition (no else, no default), distinct variables as parameters, and terms
/// that read only parameters (no locals, no closures) and call only builtins that always give the same
/// result for the same arguments (the call memo would otherwise hide a difference). The original call stays:
/// the inlined form is stored beside it and the evaluator uses it only while no <c>with</c> mock is active,
/// because a mock can replace the function (or a builtin it calls) at run time, even from a query prepared later.
/// <para>
/// Identical results, errors and error locations are kept by construction: the inlined terms are the function's
/// own terms (with their locations), evaluated in the order the function would evaluate them. A call evaluates
/// its arguments first and stops at the first undefined one, so an argument that could be undefined, fail or
/// have an effect is substituted only when the function reads it before doing anything that could itself fail
/// (and in argument order), and, unless it is a plain input or variable ref, reads it only once. Only
/// evaluation of bound arguments is inlined (see Evaluator.TryExprDirect and Eval): calls whose arguments
/// enumerate keep the call.
/// </para>
/// Runs after recursion checks, rule indexing and query-invariance marking, which see only the original calls.
/// </summary>
internal sealed partial class Compiler
{
    /// <summary>The most IR nodes one inlined call may add, nested inlined calls included (arguments are shared, not copied).</summary>
    private const int MaxInlinedNodes = 64;

    /// <summary>An inlinable function: its parameters and the term (value function) or expression (test function) to substitute into.</summary>
    private sealed class InlineTemplate
    {
        /// <summary>Parameter slot → parameter index.</summary>
        public required Dictionary<int, int> Params { get; init; }

        public IrTerm? Value { get; init; }
        public IrExpr? Test { get; init; }

        /// <summary>How often each parameter is read.</summary>
        public required int[] Uses { get; init; }

        /// <summary>Parameters (by index) read before the first step that can be undefined, fail or have an effect, in evaluation order.</summary>
        public required List<int> Leading { get; init; }

        /// <summary>Nodes of the term or expression with nested inlinable calls expanded.</summary>
        public required int Size { get; init; }
    }

    private readonly Dictionary<DataNode, InlineTemplate?> _inlineTemplates = [];

    private void InlineFunctionCalls(DataNode root) => InlineWalker().Tree(root);

    private void InlineFunctionCalls(IrBody query) => InlineWalker().Body(query);

    private CallSiteWalker InlineWalker() => new(TryInlineCall, TryInlineCallExpr);

    /// <summary>A call used as a value: becomes the head value of a value function.</summary>
    private void TryInlineCall(IrCall c)
    {
        if (c.Inlined is not null || c.Target.Function is not { } fn) return;
        if (InlineTemplateOf(fn) is not { Value: { } value } t || !CanSubstitute(c.Args, t)) return;
        var inlined = Substitute(value, t, c.Args);
        InlineWalker().Term(inlined);
        c.Inlined = inlined;
    }

    /// <summary>A call used as a statement: becomes the literal of a test function, or a test of a value function's value.</summary>
    private void TryInlineCallExpr(IrCallExpr c)
    {
        if (c.Inlined is not null || c.Target.Function is not { } fn) return;
        if (InlineTemplateOf(fn) is not { } t || !CanSubstitute(c.Args, t)) return;
        IrExpr inlined;
        if (t.Test is not null)
        {
            if (c.Output is not null) return;
            inlined = Substitute(t.Test, t, c.Args);
        }
        else
        {
            // Evaluated as the call is: the value first, then its truth or its unification with the output.
            var value = Substitute(t.Value!, t, c.Args);
            inlined = c.Output is null ? new IrTermExpr(c.Loc, value) : new IrUnify(c.Loc, c.Output, value);
        }
        InlineWalker().Expr(inlined);
        c.Inlined = inlined;
    }

    // ---- which functions ----

    private InlineTemplate? InlineTemplateOf(DataNode fn)
    {
        if (_inlineTemplates.TryGetValue(fn, out var t)) return t;
        t = BuildInlineTemplate(fn);
        _inlineTemplates[fn] = t;
        return t;
    }

    private InlineTemplate? BuildInlineTemplate(DataNode fn)
    {
        if (fn.Kind != NodeKind.Function || fn.Rules.Count != 1 || fn.Default is not null) return null;
        var rule = fn.Rules[0];
        if (rule.Else is not null) return null;
        var ps = new Dictionary<int, int>();
        for (var i = 0; i < rule.Args.Length; i++)
        {
            if (rule.Args[i] is not IrVar v || !ps.TryAdd(v.Slot, i)) return null;
        }

        var lits = rule.Body.Literals.Where(l => !IsTrueLiteral(l)).ToArray();
        IrTerm? value = null;
        IrExpr? test = null;
        var leading = new List<int>();
        if (lits.Length == 0)
        {
            value = rule.Value ?? new IrConst(rule.Loc, RegoBool.True);
            if (value.Multi || !InlinableTerm(value, ps)) return null;
            LeadingParams(value, ps, leading);
        }
        else if (lits.Length == 1 && rule.Value is null or IrConst { Value: RegoBool { Value: true } })
        {
            var lit = lits[0];
            if (lit.Negated || lit.With.Length > 0 || !InlinableExpr(lit.Expr, ps)) return null;
            test = lit.Expr;
            LeadingParams(test, ps, leading);
        }
        else
        {
            return null;
        }

        var uses = new int[rule.Args.Length];
        var size = 0;
        var count = new CallSiteWalker(
            call => size += call.Target.Function is { } g && InlineTemplateOf(g) is { } gt ? gt.Size : 0,
            call => size += call.Target.Function is { } g && InlineTemplateOf(g) is { } gt ? gt.Size : 0);
        if (value is not null)
        {
            count.Term(value);
            size += CountNodes(value, ps, uses);
        }
        else
        {
            count.Expr(test!);
            size += CountNodes(test!, ps, uses);
        }
        if (size > MaxInlinedNodes) return null;
        return new InlineTemplate { Params = ps, Value = value, Test = test, Uses = uses, Leading = leading, Size = size };
    }

    private static bool IsTrueLiteral(IrLiteral l) =>
        !l.Negated && l.With.Length == 0 && l.Expr is IrTermExpr { Term: IrConst { Value: RegoBool { Value: true } } };

    /// <summary>Terms made of constants, parameters, refs, collections and calls whose result depends only on their arguments.</summary>
    private bool InlinableTerm(IrTerm t, Dictionary<int, int> ps) => t switch
    {
        IrConst => true,
        IrVar v => ps.ContainsKey(v.Slot),
        IrRef r => (r.Head is null || InlinableTerm(r.Head, ps)) && r.Path.All(p => InlinableTerm(p, ps)),
        IrArray a => a.Items.All(i => InlinableTerm(i, ps)),
        IrSet s => s.Items.All(i => InlinableTerm(i, ps)),
        IrObject o => o.Keys.All(k => InlinableTerm(k, ps)) && o.Values.All(v => InlinableTerm(v, ps)),
        IrCall c => InlinableCall(c.Target) && c.Args.All(a => InlinableTerm(a, ps)),
        _ => false,
    };

    private bool InlinableExpr(IrExpr e, Dictionary<int, int> ps) => e switch
    {
        IrCallExpr c => InlinableCall(c.Target) && c.Args.All(a => InlinableTerm(a, ps)) && (c.Output is null || InlinableTerm(c.Output, ps)),
        IrTermExpr te => InlinableTerm(te.Term, ps),
        IrUnify u => InlinableTerm(u.Left, ps) && InlinableTerm(u.Right, ps),
        _ => false,
    };

    /// <summary>
    /// Calls that give the same result for the same arguments and do nothing else: the function's memo
    /// evaluated its body once per arguments, the inlined body is evaluated at each call. (Purity's test:
    /// user functions, the evaluator's own calls other than print/trace, deterministic standard builtins.)
    /// </summary>
    private bool InlinableCall(CallTarget t) => t.Special is not (SpecialCall.Walk or SpecialCall.Eq or SpecialCall.Assign) && CallIsPure(t);

    /// <summary>Add the nodes of a term (or expression) and count the reads of each parameter.</summary>
    private static int CountNodes(IrTerm t, Dictionary<int, int> ps, int[] uses)
    {
        switch (t)
        {
            case IrVar v:
                uses[ps[v.Slot]]++;
                return 1;
            case IrRef r:
                return 1 + (r.Head is null ? 0 : CountNodes(r.Head, ps, uses)) + r.Path.Sum(p => CountNodes(p, ps, uses));
            case IrArray a:
                return 1 + a.Items.Sum(i => CountNodes(i, ps, uses));
            case IrSet s:
                return 1 + s.Items.Sum(i => CountNodes(i, ps, uses));
            case IrObject o:
                return 1 + o.Keys.Sum(k => CountNodes(k, ps, uses)) + o.Values.Sum(v => CountNodes(v, ps, uses));
            case IrCall c:
                return 1 + c.Args.Sum(a => CountNodes(a, ps, uses));
            default:
                return 1;
        }
    }

    private static int CountNodes(IrExpr e, Dictionary<int, int> ps, int[] uses) => e switch
    {
        IrCallExpr c => 1 + c.Args.Sum(a => CountNodes(a, ps, uses)) + (c.Output is null ? 0 : CountNodes(c.Output, ps, uses)),
        IrTermExpr te => 1 + CountNodes(te.Term, ps, uses),
        IrUnify u => 1 + CountNodes(u.Left, ps, uses) + CountNodes(u.Right, ps, uses),
        _ => 1,
    };

    // ---- evaluation order ----

    /// <summary>
    /// Append the parameters a term reads, in the order the evaluator reads them (Evaluator.Eval), up to the
    /// first step that can be undefined, fail or have an effect: a call, a ref lookup. False once such a step is reached.
    /// </summary>
    private static bool LeadingParams(IrTerm t, Dictionary<int, int> ps, List<int> into)
    {
        switch (t)
        {
            case IrConst:
                return true;
            case IrVar v:
                into.Add(ps[v.Slot]);
                return true;
            case IrArray a:
                return a.Items.All(i => LeadingParams(i, ps, into));
            case IrSet s:
                return s.Items.All(i => LeadingParams(i, ps, into));
            case IrObject o:
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    if (!LeadingParams(o.Keys[i], ps, into) || !LeadingParams(o.Values[i], ps, into)) return false;
                }
                return true;
            case IrCall c:
                // The arguments in order, then the call.
                c.Args.All(a => LeadingParams(a, ps, into));
                return false;
            case IrRef { Root: RefRoot.Term } r:
                // The head, then the first key, then the first lookup.
                if (!LeadingParams(r.Head!, ps, into)) return false;
                if (r.Path.Length == 0) return true;
                LeadingParams(r.Path[0], ps, into);
                return false;
            default:
                // Input and data refs: the root itself may be undefined, and data refs evaluate rules.
                return false;
        }
    }

    /// <summary>As for terms, for the evaluator's direct evaluation of an expression (Evaluator.TryExprDirect).</summary>
    private static void LeadingParams(IrExpr e, Dictionary<int, int> ps, List<int> into)
    {
        switch (e)
        {
            case IrCallExpr c:
                c.Args.All(a => LeadingParams(a, ps, into));
                break;
            case IrTermExpr te:
                LeadingParams(te.Term, ps, into);
                break;
            case IrUnify u:
                // Bound on both sides: the right side is evaluated, then the left is matched against it.
                LeadingParams(u.Right, ps, into);
                break;
        }
    }

    // ---- which call sites ----

    /// <summary>
    /// Whether substituting the arguments keeps the call's behaviour. Constants and (bound) variables can be
    /// read any number of times in any order. Any other argument must be read by the function before it does
    /// anything that can be undefined, fail or have an effect, the first reads in argument order, as the call
    /// evaluates its arguments in order before the function; and read only once, unless it is a ref to input
    /// or to a variable with constant or variable keys, which reads the same value each time.
    /// </summary>
    private static bool CanSubstitute(IrTerm[] args, InlineTemplate t)
    {
        if (args.Length != t.Uses.Length) return false;
        var lastFirstRead = -1;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.Multi) return false;
            if (a is IrConst or IrVar) continue;
            if (t.Uses[i] == 0 || (t.Uses[i] > 1 && !IsPlainRef(a))) return false;
            var firstRead = t.Leading.IndexOf(i);
            if (firstRead < 0 || firstRead < lastFirstRead) return false;
            lastFirstRead = firstRead;
        }
        return true;
    }

    /// <summary>A ref to input or to a variable, with constant, variable or plain-ref keys: it may be undefined, but evaluates nothing.</summary>
    private static bool IsPlainRef(IrTerm t) => t switch
    {
        IrConst or IrVar => true,
        IrRef { Root: RefRoot.Input } r => r.Path.All(IsPlainRef),
        IrRef { Root: RefRoot.Term, Head: IrVar } r => r.Path.All(IsPlainRef),
        _ => false,
    };

    // ---- substitution ----

    /// <summary>A copy of a function's term with each parameter replaced by the caller's argument (shared, not copied).</summary>
    private static IrTerm Substitute(IrTerm t, InlineTemplate tpl, IrTerm[] args)
    {
        switch (t)
        {
            case IrConst:
                return t;
            case IrVar v:
                return args[tpl.Params[v.Slot]];
            case IrRef r:
            {
                var head = r.Head is null ? null : Substitute(r.Head, tpl, args);
                var path = SubstituteAll(r.Path, tpl, args);
                var pathVars = SlotSet.Union(path);
                return WithMulti(new IrRef(r.Loc, r.Root, head, path) { Vars = head is null ? pathVars : SlotSet.Union(head.Vars, pathVars) });
            }
            case IrArray a:
                return WithMulti(ArrayOf(a.Loc, SubstituteAll(a.Items, tpl, args)));
            case IrSet s:
                return WithMulti(SetOf(s.Loc, SubstituteAll(s.Items, tpl, args)));
            case IrObject o:
                return WithMulti(ObjectOf(o.Loc, SubstituteAll(o.Keys, tpl, args), SubstituteAll(o.Values, tpl, args)));
            case IrCall c:
            {
                // A nested call's own inlined form is not copied: the inlining pass decides again for the new arguments.
                var callArgs = SubstituteAll(c.Args, tpl, args);
                return WithMulti(new IrCall(c.Loc, c.Target, callArgs) { Vars = SlotSet.Union(callArgs) });
            }
            default:
                throw new InvalidOperationException($"cannot inline {t.GetType().Name}");
        }
    }

    private static IrTerm[] SubstituteAll(IrTerm[] terms, InlineTemplate tpl, IrTerm[] args)
    {
        var r = new IrTerm[terms.Length];
        for (var i = 0; i < r.Length; i++) r[i] = Substitute(terms[i], tpl, args);
        return r;
    }

    private static IrExpr Substitute(IrExpr e, InlineTemplate tpl, IrTerm[] args) => e switch
    {
        IrCallExpr c => new IrCallExpr(c.Loc, c.Target, SubstituteAll(c.Args, tpl, args), c.Output is null ? null : Substitute(c.Output, tpl, args)),
        IrTermExpr te => new IrTermExpr(te.Loc, Substitute(te.Term, tpl, args)),
        IrUnify u => new IrUnify(u.Loc, Substitute(u.Left, tpl, args), Substitute(u.Right, tpl, args)),
        _ => throw new InvalidOperationException($"cannot inline {e.GetType().Name}"),
    };

    // ---- for tests ----

    /// <summary>The functions (data paths) whose calls were inlined, once per call site, in a compiled policy.</summary>
    internal static List<string> InlinedCallSites(CompiledPolicy policy)
    {
        var names = new List<string>();
        InlinedSitesWalker(names).Tree(policy.Root);
        return names;
    }

    /// <summary>The functions whose calls were inlined in a compiled query.</summary>
    internal static List<string> InlinedCallSites(IrQuery query)
    {
        var names = new List<string>();
        InlinedSitesWalker(names).Body(query.Body);
        return names;
    }

    private static CallSiteWalker InlinedSitesWalker(List<string> names) => new(
        c =>
        {
            if (c.Inlined is not null) names.Add(c.Target.Name);
        },
        c =>
        {
            if (c.Inlined is not null) names.Add(c.Target.Name);
        });
}
