using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

internal sealed partial class Compiler
{
    private IrBody CompileBody(Body body, Scope s)
    {
        var lits = new IrLiteral[body.Literals.Count];
        for (var i = 0; i < lits.Length; i++) lits[i] = CompileLiteral(body.Literals[i], s);
        return new IrBody(lits);
    }

    private IrLiteral CompileLiteral(Literal lit, Scope s)
    {
        // With values are evaluated in the enclosing scope, before the expression.
        var withs = new IrWith[lit.With.Count];
        for (var i = 0; i < withs.Length; i++) withs[i] = CompileWith(lit.With[i], s);

        int[] vars;
        IrExpr expr;
        switch (lit.Expr)
        {
            case SomeDecl sd:
                foreach (var v in sd.Vars)
                {
                    if (!v.IsWildcard) Declare(v.Name, s, v.Loc, DeclKind.Some);
                }
                expr = new IrNoop(sd.Loc);
                vars = [];
                break;
            case SomeIn si:
            {
                var coll = CompileTerm(si.Collection, s);
                if (si.Key is not null) DeclarePatternVars(si.Key, s, DeclKind.Some);
                DeclarePatternVars(si.Value, s, DeclKind.Some);
                var key = si.Key is null ? null : CompileTerm(si.Key, s);
                var value = CompileTerm(si.Value, s);
                expr = new IrSomeIn(si.Loc, key, value, coll);
                vars = SlotSet.Union([key, value, coll]);
                break;
            }
            case Every ev:
            {
                var domain = CompileTerm(ev.Domain, s);
                var es = new Scope(s);
                if (ev.Key is not null) DeclarePatternVars(ev.Key, es, DeclKind.Some);
                DeclarePatternVars(ev.Value, es, DeclKind.Some);
                CollectBodyNames(ev.Body, es);
                var key = ev.Key is null ? null : CompileTerm(ev.Key, es);
                var value = CompileTerm(ev.Value, es);
                var body = CompileBody(ev.Body, es);
                int[] inner = [];
                foreach (var l in body.Literals) inner = SlotSet.Union(inner, l.Vars);
                expr = new IrEvery(ev.Loc, key, value, domain, body);
                vars = SlotSet.Union(domain.Vars, Captured(inner, es));
                break;
            }
            case TermExpr te:
                (expr, vars) = CompileTermExpr(te, s);
                break;
            default:
                Error(RegoErrorCodes.CompileError, $"unsupported expression {lit.Expr.GetType().Name}", lit.Loc);
                expr = new IrNoop(lit.Loc);
                vars = [];
                break;
        }
        foreach (var w in withs) vars = SlotSet.Union(vars, w.Value.Vars);
        return new IrLiteral(lit.Loc, expr, lit.Negated, withs) { Vars = vars };
    }

    private (IrExpr Expr, int[] Vars) CompileTermExpr(TermExpr te, Scope s)
    {
        if (te.Term is not CallTerm c) 
        {
            var t = CompileTerm(te.Term, s);
            return (new IrTermExpr(te.Loc, t), t.Vars);
        }

        if (c.Name == "assign" && c.Args.Count == 2 && c.Operator.Head is VarTerm { Name: "assign" })
        {
            var rhs = CompileTerm(c.Args[1], s);
            if (!IsAssignable(c.Args[0]))
            {
                Error(RegoErrorCodes.CompileError, $"cannot assign to {TermKindName(c.Args[0])}", c.Args[0].Loc);
            }
            DeclarePatternVars(c.Args[0], s, DeclKind.Assign);
            var lhs = CompileTerm(c.Args[0], s);
            return (new IrUnify(c.Loc, lhs, rhs), SlotSet.Union(lhs.Vars, rhs.Vars));
        }
        if (c.Name == "eq" && c.Args.Count == 2 && c.Operator.Head is VarTerm { Name: "eq" })
        {
            var a = CompileTerm(c.Args[0], s);
            var b = CompileTerm(c.Args[1], s);
            return (new IrUnify(c.Loc, a, b), SlotSet.Union(a.Vars, b.Vars));
        }

        if (c.Args.Count <= 1 && c.Name is "rego.metadata.chain" or "rego.metadata.rule")
        {
            // rego.metadata.chain(x): the constant unified with the output argument.
            var value = new IrConst(c.Loc, MetadataCall(c.Name)!);
            if (c.Args.Count == 0) return (new IrTermExpr(te.Loc, value), []);
            var outArg = CompileTerm(c.Args[0], s);
            return (new IrUnify(c.Loc, outArg, value), outArg.Vars);
        }

        var target = ResolveCallTarget(c, s);
        if (target?.Special == SpecialCall.Print)
        {
            var pargs = new IrTerm[c.Args.Count];
            int[] captured = [];
            for (var i = 0; i < pargs.Length; i++)
            {
                var (ir, cap, _) = CompileClosureTerm(c.Args[i], s);
                pargs[i] = ir;
                captured = SlotSet.Union(captured, cap);
            }
            return (new IrCallExpr(c.Loc, target, pargs, null), captured);
        }

        var args = CompileTerms(c.Args, s);
        if (target is null) return (new IrNoop(c.Loc), SlotSet.Union(args));
        IrTerm? output = null;
        var inputs = args;
        if (args.Length == target.Arity + 1)
        {
            output = args[^1];
            inputs = args[..^1];
        }
        else if (args.Length != target.Arity)
        {
            Error(RegoErrorCodes.TypeError, ArityMessage(target, args.Length), c.Loc);
        }
        return (new IrCallExpr(c.Loc, target, inputs, output), SlotSet.Union(args));
    }

    private static bool IsAssignable(Term t) => t switch
    {
        VarTerm => true,
        ArrayTerm a => a.Items.All(IsAssignableElement),
        ObjectTerm o => o.Items.All(kv => IsAssignableElement(kv.Value)),
        _ => false,
    };

    private static bool IsAssignableElement(Term t) => t switch
    {
        VarTerm or ScalarTerm => true,
        ArrayTerm a => a.Items.All(IsAssignableElement),
        ObjectTerm o => o.Items.All(kv => IsAssignableElement(kv.Value)),
        _ => false,
    };

    private static string TermKindName(Term t) => t switch
    {
        RefTerm => "ref",
        CallTerm => "call",
        ScalarTerm { Value: RegoString } => "string",
        ScalarTerm { Value: RegoNumber } => "number",
        ScalarTerm { Value: RegoBool } => "boolean",
        ScalarTerm => "null",
        SetTerm => "set",
        ArrayComprehension => "arraycomprehension",
        SetComprehension => "setcomprehension",
        ObjectComprehension => "objectcomprehension",
        _ => "term",
    };

    private IrWith CompileWith(WithModifier w, Scope s)
    {
        var target = w.Target;
        var kind = WithKind.Data;
        RegoValue[] path = [];
        string? mockKey = null;
        var ok = true;

        if (target.Head is VarTerm hv && target.Path.All(p => p is ScalarTerm))
        {
            var rest = target.Path.Select(KeyOf).ToArray();
            if (hv.Name == "input")
            {
                kind = WithKind.Input;
                path = rest;
            }
            else if (hv.Name == "data" || (_globals.ContainsKey(hv.Name) && !IsDeclaredLocal(hv.Name, s)))
            {
                var g = hv.Name == "data" ? new GlobalRef(RefRoot.Data, []) : _globals[hv.Name];
                var full = g.Path.Concat(rest).ToArray();
                if (g.Root == RefRoot.Input)
                {
                    kind = WithKind.Input;
                    path = full;
                }
                else if (FindNode(_root, full) is { Kind: NodeKind.Function } fn)
                {
                    kind = WithKind.Function;
                    mockKey = fn.PathText;
                }
                else
                {
                    path = full;
                }
            }
            else
            {
                var name = RefNames.Dotted(target);
                if (IsMockableBuiltin(name))
                {
                    kind = WithKind.Function;
                    mockKey = name;
                }
                else
                {
                    ok = false;
                }
            }
        }
        else
        {
            ok = false;
        }
        if (!ok)
        {
            Error(RegoErrorCodes.TypeError, "with keyword target must reference existing input, data, or a function", w.Loc);
        }

        CallTarget? replacement = null;
        if (kind == WithKind.Function) replacement = ResolveFunctionValue(w.Value, s);
        var value = replacement is null ? CompileTerm(w.Value, s) : new IrConst(w.Value.Loc, RegoNull.Instance);
        var irPath = path.Select(k => (IrTerm)new IrConst(w.Loc, k)).ToArray();
        return new IrWith(w.Loc, kind, irPath, mockKey, value, replacement);
    }

    private bool IsMockableBuiltin(string name) => _builtins.TryGet(name, out _) || name is "walk" or "trace" or "print" or "internal.member_2" or "internal.member_3";

    /// <summary>If a with value names a function (user function or builtin), the function; otherwise null.</summary>
    private CallTarget? ResolveFunctionValue(Term value, Scope s)
    {
        RefTerm? r = value switch
        {
            VarTerm v => new RefTerm(v.Loc, v, []),
            RefTerm rt => rt,
            _ => null,
        };
        if (r?.Head is not VarTerm hv || !r.Path.All(p => p is ScalarTerm { Value: RegoString })) return null;
        if (IsDeclaredLocal(hv.Name, s)) return null;
        var rest = r.Path.Select(KeyOf).ToArray();
        if (hv.Name == "data" || _globals.TryGetValue(hv.Name, out _))
        {
            var g = hv.Name == "data" ? new GlobalRef(RefRoot.Data, []) : _globals[hv.Name];
            if (g.Root != RefRoot.Data) return null;
            var node = FindNode(_root, g.Path.Concat(rest).ToArray());
            return node is { Kind: NodeKind.Function } ? new CallTarget(node.PathText, node.Arity) { Function = node } : null;
        }
        var name = RefNames.Dotted(r);
        if (_builtins.TryGet(name, out var def)) return new CallTarget(name, def.Arity) { Builtin = def };
        return null;
    }
}
