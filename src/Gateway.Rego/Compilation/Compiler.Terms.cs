using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

internal sealed partial class Compiler
{
    private IrTerm CompileTerm(Term t, Scope s) => WithMulti(CompileTermCore(t, s));

    /// <summary>Set <see cref="IrTerm.Multi"/> from the term's parts (a walk call, or a part that is multi-valued).</summary>
    private static IrTerm WithMulti(IrTerm ir)
    {
        ir.Multi = ir switch
        {
            IrCall c => c.Target.Special == SpecialCall.Walk || c.Args.Any(a => a.Multi),
            IrRef r => (r.Head?.Multi ?? false) || r.Path.Any(a => a.Multi),
            IrArray a => a.Items.Any(i => i.Multi),
            IrSet st => st.Items.Any(i => i.Multi),
            IrObject o => o.Keys.Any(i => i.Multi) || o.Values.Any(i => i.Multi),
            _ => false,
        };
        return ir;
    }

    /// <summary>An array of compiled items, folded to a constant when every item is one.</summary>
    private static IrTerm ArrayOf(Location loc, IrTerm[] items) =>
        AllConst(items) ? new IrConst(loc, new RegoArray(ConstValues(items))) : new IrArray(loc, items) { Vars = SlotSet.Union(items) };

    /// <summary>A set of compiled items, folded to a constant when every item is one.</summary>
    private static IrTerm SetOf(Location loc, IrTerm[] items) =>
        AllConst(items)
            ? new IrConst(loc, new RegoSet(new HashSet<RegoValue>(ConstValues(items))))
            : new IrSet(loc, items) { Vars = SlotSet.Union(items) };

    /// <summary>An object of compiled keys and values, folded to a constant when every key and value is one.</summary>
    private static IrTerm ObjectOf(Location loc, IrTerm[] keys, IrTerm[] values)
    {
        if (AllConst(keys) && AllConst(values))
        {
            var d = new Dictionary<RegoValue, RegoValue>(keys.Length);
            for (var i = 0; i < keys.Length; i++) d[((IrConst)keys[i]).Value] = ((IrConst)values[i]).Value;
            return new IrConst(loc, new RegoObject(d));
        }
        return new IrObject(loc, keys, values) { Vars = SlotSet.Union(SlotSet.Union(keys), SlotSet.Union(values)) };
    }

    private IrTerm CompileTermCore(Term t, Scope s)
    {
        switch (t)
        {
            case ScalarTerm sc:
                return new IrConst(sc.Loc, sc.Value);
            case VarTerm v:
                return v.IsWildcard ? NewWildcard(v.Loc, s) : ResolveName(v.Name, s, v.Loc);
            case RefTerm r:
                return CompileRef(r, s);
            case ArrayTerm a:
                return ArrayOf(a.Loc, CompileTerms(a.Items, s));
            case SetTerm st:
                return SetOf(st.Loc, CompileTerms(st.Items, s));
            case ObjectTerm o:
            {
                var keys = new IrTerm[o.Items.Count];
                var values = new IrTerm[o.Items.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = CompileTerm(o.Items[i].Key, s);
                    values[i] = CompileTerm(o.Items[i].Value, s);
                }
                return ObjectOf(o.Loc, keys, values);
            }
            case ArrayComprehension ac:
                return CompileComprehension(ac.Loc, ComprehensionKind.Array, ac.Head, null, ac.Body, s);
            case SetComprehension sc2:
                return CompileComprehension(sc2.Loc, ComprehensionKind.Set, sc2.Head, null, sc2.Body, s);
            case ObjectComprehension oc:
                return CompileComprehension(oc.Loc, ComprehensionKind.Object, oc.Key, oc.Value, oc.Body, s);
            case CallTerm c:
                return CompileCallValue(c, s);
            case TemplateStringTerm ts:
                return CompileTemplate(ts, s);
            default:
                Error(RegoErrorCodes.CompileError, $"unsupported term {t.GetType().Name}", t.Loc);
                return new IrConst(t.Loc, RegoNull.Instance);
        }
    }

    private IrTerm[] CompileTerms(IReadOnlyList<Term> terms, Scope s)
    {
        var r = new IrTerm[terms.Count];
        for (var i = 0; i < r.Length; i++) r[i] = CompileTerm(terms[i], s);
        return r;
    }

    private static bool AllConst(IrTerm[] items)
    {
        foreach (var i in items)
        {
            if (i is not IrConst) return false;
        }
        return true;
    }

    private static RegoValue[] ConstValues(IrTerm[] items)
    {
        var r = new RegoValue[items.Length];
        for (var i = 0; i < r.Length; i++) r[i] = ((IrConst)items[i]).Value;
        return r;
    }

    private IrTerm CompileRef(RefTerm r, Scope s)
    {
        var path = CompileTerms(r.Path, s);
        var pathVars = SlotSet.Union(path);
        if (r.Head is VarTerm hv && !hv.IsWildcard)
        {
            var head = ResolveName(hv.Name, s, hv.Loc);
            if (head is IrRef g)
            {
                // A global or root document: splice its path in front of ours.
                var full = new IrTerm[g.Path.Length + path.Length];
                g.Path.CopyTo(full, 0);
                path.CopyTo(full, g.Path.Length);
                return new IrRef(r.Loc, g.Root, null, full) { Vars = pathVars };
            }
            return new IrRef(r.Loc, RefRoot.Term, head, path) { Vars = SlotSet.Union(head.Vars, pathVars) };
        }
        var h = CompileTerm(r.Head, s);
        if (h is IrRef inner && path.Length > 0)
        {
            var full = new IrTerm[inner.Path.Length + path.Length];
            inner.Path.CopyTo(full, 0);
            path.CopyTo(full, inner.Path.Length);
            return new IrRef(r.Loc, inner.Root, inner.Head, full) { Vars = SlotSet.Union(inner.Vars, pathVars) };
        }
        return new IrRef(r.Loc, RefRoot.Term, h, path) { Vars = SlotSet.Union(h.Vars, pathVars) };
    }

    private IrTerm CompileComprehension(Location loc, ComprehensionKind kind, Term head, Term? value, Body body, Scope s)
    {
        var cs = new Scope(s);
        CollectBodyNames(body, cs);
        CollectTermNames(head, cs.TopLevel);
        if (value is not null) CollectTermNames(value, cs.TopLevel);
        var irBody = CompileBody(body, cs);
        var irHead = CompileTerm(head, cs);
        var irValue = value is null ? null : CompileTerm(value, cs);
        var all = SlotSet.Union(irHead.Vars, irValue?.Vars ?? []);
        foreach (var lit in irBody.Literals) all = SlotSet.Union(all, lit.Vars);
        return new IrComprehension(loc, kind, irHead, irValue, irBody) { Vars = Captured(all, cs) };
    }

    /// <summary>Slots owned by scopes outside <paramref name="closure"/>: the variables a closure captures.</summary>
    private int[] Captured(int[] slots, Scope closure) => SlotSet.Filter(slots, x => _frame.Depth[x] < closure.Depth);

    private IrTerm CompileTemplate(TemplateStringTerm ts, Scope s)
    {
        var texts = new string?[ts.Parts.Count];
        var exprs = new IrTerm?[ts.Parts.Count];
        IrWith[]?[]? withs = null;
        int[] captured = [];
        for (var i = 0; i < texts.Length; i++)
        {
            var part = ts.Parts[i];
            if (part.Expr is null)
            {
                texts[i] = part.Text ?? "";
                continue;
            }
            var (ir, cap, partWiths) = CompileClosureTerm(part.Expr, s, part.With);
            exprs[i] = ir;
            captured = SlotSet.Union(captured, cap);
            if (partWiths.Length > 0)
            {
                withs ??= new IrWith[]?[texts.Length];
                withs[i] = partWiths;
            }
        }
        return new IrTemplate(ts.Loc, texts, exprs) { Vars = captured, Withs = withs };
    }

    /// <summary>
    /// Compile a term that is evaluated like <c>{x | x = term}</c> (template expressions, print arguments):
    /// variables used only inside it are local to it.
    /// </summary>
    private (IrTerm Term, int[] Captured, IrWith[] Withs) CompileClosureTerm(Term t, Scope s, IReadOnlyList<WithModifier>? with = null)
    {
        var ps = new Scope(s);
        CollectTermNames(t, ps.TopLevel);
        var withs = new IrWith[with?.Count ?? 0];
        for (var i = 0; i < withs.Length; i++)
        {
            CollectTermNames(with![i].Value, ps.TopLevel);
            withs[i] = CompileWith(with[i], ps);
        }
        var ir = CompileTerm(t, ps);
        var all = ir.Vars;
        foreach (var w in withs) all = SlotSet.Union(all, w.Value.Vars);
        return (ir, Captured(all, ps), withs);
    }

    private IrTerm CompileCallValue(CallTerm c, Scope s)
    {
        if (c.Args.Count == 0 && MetadataCall(c.Name) is { } metadata) return new IrConst(c.Loc, metadata);
        var target = ResolveCallTarget(c, s);
        var args = CompileTerms(c.Args, s);
        if (target is null) return new IrConst(c.Loc, RegoNull.Instance);
        if (target.Special is SpecialCall.Eq or SpecialCall.Assign or SpecialCall.Print)
        {
            Error(RegoErrorCodes.CompileError, $"{target.Name} cannot be used as a value", c.Loc);
            return new IrConst(c.Loc, RegoNull.Instance);
        }
        if (args.Length != target.Arity)
        {
            Error(RegoErrorCodes.TypeError, ArityMessage(target, args.Length), c.Loc);
        }
        return new IrCall(c.Loc, target, args) { Vars = SlotSet.Union(args) };
    }

    private static string ArityMessage(CallTarget target, int have) =>
        $"{target.Name}: arity mismatch\n\thave: {have} argument{(have == 1 ? "" : "s")}\n\twant: {target.Arity} argument{(target.Arity == 1 ? "" : "s")}";

    /// <summary>Resolve the operator of a call: a user function in the rule tree, a builtin, or a call the evaluator implements itself.</summary>
    private CallTarget? ResolveCallTarget(CallTerm c, Scope? s)
    {
        var op = c.Operator;
        if (op.Head is VarTerm hv)
        {
            if (s is not null && IsDeclaredLocal(hv.Name, s))
            {
                Error(RegoErrorCodes.TypeError, $"undefined function {c.Name}", c.Loc);
                return null;
            }
            if (_globals.TryGetValue(hv.Name, out var g) && g.Root == RefRoot.Data)
            {
                return FunctionTarget(g.Path.Concat(op.Path.Select(KeyOf)).ToArray(), c.Loc, c.Name);
            }
            if (hv.Name == "data")
            {
                return FunctionTarget(op.Path.Select(KeyOf).ToArray(), c.Loc, c.Name);
            }
        }
        return ResolveBuiltinName(c.Name, c.Loc);
    }

    private static RegoValue KeyOf(Term t) => t is ScalarTerm sc ? sc.Value : new RegoString("?");

    private CallTarget? ResolveBuiltinName(string name, Location loc)
    {
        switch (name)
        {
            case "eq": return new CallTarget(name, 2) { Special = SpecialCall.Eq };
            case "assign": return new CallTarget(name, 2) { Special = SpecialCall.Assign };
            case "internal.member_2": return new CallTarget(name, 2) { Special = SpecialCall.Member2 };
            case "internal.member_3": return new CallTarget(name, 3) { Special = SpecialCall.Member3 };
            case "walk": return new CallTarget(name, 1) { Special = SpecialCall.Walk };
            case "print": return new CallTarget(name, -1) { Special = SpecialCall.Print };
            case "trace": return new CallTarget(name, 1) { Special = SpecialCall.Trace };
        }
        if (_builtins.TryGet(name, out var def))
        {
            var special = name switch
            {
                "equal" => SpecialCall.Equal,
                "neq" => SpecialCall.NotEqual,
                "lt" => SpecialCall.Lt,
                "lte" => SpecialCall.Lte,
                "gt" => SpecialCall.Gt,
                "gte" => SpecialCall.Gte,
                _ => SpecialCall.None,
            };
            return new CallTarget(name, def.Arity) { Builtin = def, Special = def.Arity == 2 ? special : SpecialCall.None };
        }
        Error(RegoErrorCodes.TypeError, $"undefined function {name}", loc);
        return null;
    }

    private CallTarget? FunctionTarget(RegoValue[] path, Location loc, string written)
    {
        var node = FindNode(_root, path);
        if (node is null || node.Kind != NodeKind.Function)
        {
            Error(RegoErrorCodes.TypeError, $"undefined function {written}", loc);
            return null;
        }
        return new CallTarget(node.PathText, node.Arity) { Function = node };
    }
}
