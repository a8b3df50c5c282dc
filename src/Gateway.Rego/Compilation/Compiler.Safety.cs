using Gateway.Rego.Ast;

namespace Gateway.Rego.Compilation;

/// <summary>
/// Safety as OPA checks it: every variable must be bound before a literal needs it. Literals are
/// reordered (stably, in passes) so that each is placed once the variables it needs are safe, with the
/// variables it binds becoming safe after it. Closures (comprehensions, every bodies, template and print
/// expressions) are checked afterwards with the variables bound before them.
/// </summary>
internal sealed partial class Compiler
{
    /// <summary>Reorder <paramref name="body"/> for safety; on return <paramref name="safe"/> also holds the body's outputs.</summary>
    private void CheckBodySafety(IrBody body, HashSet<int> safe)
    {
        var lits = body.Literals;
        var placed = new bool[lits.Length];
        var reordered = new List<IrLiteral>(lits.Length);
        var safeBefore = new List<HashSet<int>>(lits.Length);
        var entry = new HashSet<int>(safe);
        while (true)
        {
            var before = reordered.Count;
            for (var i = 0; i < lits.Length; i++)
            {
                if (placed[i]) continue;
                var lit = lits[i];
                var snapshot = new HashSet<int>(safe);
                safe.UnionWith(Outputs(lit, safe));
                if (AllIn(Needed(lit), safe))
                {
                    placed[i] = true;
                    reordered.Add(lit);
                    safeBefore.Add(snapshot);
                }
            }
            if (reordered.Count == before) break;
        }

        if (reordered.Count < lits.Length)
        {
            for (var i = 0; i < lits.Length; i++)
            {
                if (placed[i]) continue;
                ReportUnsafe(Needed(lits[i]), safe, lits[i].Loc);
                reordered.Add(lits[i]);
                safeBefore.Add(new HashSet<int>(safe));
            }
        }
        body.Literals = [.. reordered];

        // Closures see everything bound by the literals before them (OPA: globals plus the vars of preceding expressions).
        var g = new HashSet<int>(entry);
        for (var i = 0; i < reordered.Count; i++)
        {
            if (i > 0) g.UnionWith(reordered[i - 1].Vars);
            var inner = new HashSet<int>(g);
            inner.UnionWith(safeBefore[i]);
            CheckLiteralClosures(reordered[i], inner);
        }
        if (_errors.Count == 0) HoistInvariantCalls(body, entry);
    }

    private static bool AllIn(int[] vars, HashSet<int> safe)
    {
        foreach (var v in vars)
        {
            if (!safe.Contains(v)) return false;
        }
        return true;
    }

    /// <summary>The variables a literal needs: all of its variables, except wildcards local to a negation.</summary>
    private int[] Needed(IrLiteral lit) =>
        lit.Negated ? SlotSet.Filter(lit.Vars, v => !(_frame.Generated[v] && _frame.Names[v] == "_")) : lit.Vars;

    private void ReportUnsafe(int[] needed, HashSet<int> safe, Location loc)
    {
        var any = false;
        foreach (var v in needed)
        {
            if (safe.Contains(v)) continue;
            if (!_frame.Generated[v])
            {
                Error(RegoErrorCodes.UnsafeVar, $"var {_frame.Names[v]} is unsafe", loc);
                any = true;
            }
        }
        if (!any) Error(RegoErrorCodes.UnsafeVar, "expression is unsafe", loc);
    }

    /// <summary>Head terms (ref-head variables, set element, value) must be bound by the body or by refs inside them.</summary>
    private void CheckHeadSafety(IrTerm?[] terms, HashSet<int> safe, Location loc)
    {
        var s = new HashSet<int>(safe);
        foreach (var t in terms)
        {
            if (t is not null) s.UnionWith(RefOutputs(t, s));
        }
        foreach (var t in terms)
        {
            if (t is null) continue;
            foreach (var v in t.Vars)
            {
                if (!s.Contains(v) && !_frame.Generated[v]) Error(RegoErrorCodes.UnsafeVar, $"var {_frame.Names[v]} is unsafe", loc);
            }
            CheckTermClosures(t, s);
        }
    }

    // ---- outputs ----

    private HashSet<int> Outputs(IrLiteral lit, HashSet<int> safe)
    {
        var none = new HashSet<int>();
        if (lit.Negated) return none;
        foreach (var w in lit.With)
        {
            if (!AllIn(w.Value.Vars, safe)) return none;
        }
        switch (lit.Expr)
        {
            case IrUnify u:
            {
                var o = RefOutputs(u.Left, safe);
                o.UnionWith(RefOutputs(u.Right, safe));
                var s = new HashSet<int>(safe);
                s.UnionWith(o);
                o.UnionWith(UnifyOutputs(s, u.Left, u.Right));
                return o;
            }
            case IrCallExpr c:
            {
                if (c.Target.Special == SpecialCall.Print) return none;
                var o = new HashSet<int>();
                foreach (var a in c.Args) o.UnionWith(RefOutputs(a, safe));
                if (c.Output is not null)
                {
                    o.UnionWith(RefOutputs(c.Output, safe));
                    var s = new HashSet<int>(safe);
                    s.UnionWith(o);
                    var inputsSafe = true;
                    foreach (var a in c.Args)
                    {
                        if (!AllIn(a.Vars, s)) inputsSafe = false;
                    }
                    if (inputsSafe) o.UnionWith(PatternVars(c.Output));
                }
                return o;
            }
            case IrTermExpr te:
                return RefOutputs(te.Term, safe);
            case IrSomeIn si:
            {
                var o = RefOutputs(si.Collection, safe);
                var s = new HashSet<int>(safe);
                s.UnionWith(o);
                if (AllIn(si.Collection.Vars, s))
                {
                    if (si.Key is not null) o.UnionWith(PatternVars(si.Key));
                    o.UnionWith(PatternVars(si.Value));
                }
                return o;
            }
            case IrEvery ev:
                return RefOutputs(ev.Domain, safe);
            default:
                return none;
        }
    }

    /// <summary>Variables in a pattern that unification can bind (not inside refs, calls or closures).</summary>
    private static HashSet<int> PatternVars(IrTerm t)
    {
        var r = new HashSet<int>();
        AddPatternVars(t, r);
        return r;
    }

    private static void AddPatternVars(IrTerm t, HashSet<int> into)
    {
        switch (t)
        {
            case IrVar v: into.Add(v.Slot); break;
            case IrArray a: foreach (var i in a.Items) AddPatternVars(i, into); break;
            case IrObject o: foreach (var i in o.Values) AddPatternVars(i, into); break;
            case IrRef r: into.UnionWith(r.Vars); break;
        }
    }

    private static bool RefHeadSafe(IrRef r, HashSet<int> safe) => r.Root != RefRoot.Term || AllIn(r.Head!.Vars, safe);

    /// <summary>Variables bound by iterating refs whose heads are safe (OPA's outputVarsForTerms).</summary>
    private static HashSet<int> RefOutputs(IrTerm t, HashSet<int> safe)
    {
        var r = new HashSet<int>();
        AddRefOutputs(t, safe, r);
        return r;
    }

    private static void AddRefOutputs(IrTerm t, HashSet<int> safe, HashSet<int> into)
    {
        switch (t)
        {
            case IrRef r:
                if (r.Head is not null) AddRefOutputs(r.Head, safe, into);
                if (!RefHeadSafe(r, safe)) return;
                foreach (var p in r.Path)
                {
                    if (p is IrRef) AddRefOutputs(p, safe, into);
                    else if (p is IrCall) AddRefOutputs(p, safe, into);
                    else AddPatternVars(p, into);
                }
                break;
            case IrArray a: foreach (var i in a.Items) AddRefOutputs(i, safe, into); break;
            case IrSet s: foreach (var i in s.Items) AddRefOutputs(i, safe, into); break;
            case IrObject o:
                foreach (var i in o.Keys) AddRefOutputs(i, safe, into);
                foreach (var i in o.Values) AddRefOutputs(i, safe, into);
                break;
            case IrCall c: foreach (var i in c.Args) AddRefOutputs(i, safe, into); break;
        }
    }

    /// <summary>Variables unification of a and b binds, given the safe set (OPA's ast.Unify), iterated to a fixed point.</summary>
    private static HashSet<int> UnifyOutputs(HashSet<int> safe, IrTerm a, IrTerm b)
    {
        var s = new HashSet<int>(safe);
        while (true)
        {
            var n = s.Count;
            Unify(s, a, b);
            if (s.Count == n) break;
        }
        s.ExceptWith(safe);
        return s;
    }

    private static bool TermSafe(IrTerm t, HashSet<int> s) => t switch
    {
        IrConst => true,
        IrVar v => s.Contains(v.Slot),
        IrRef r => RefHeadSafe(r, s),
        IrCall c => AllIn(c.Vars, s),
        IrComprehension or IrTemplate => true,
        IrArray a => a.Items.All(i => TermSafe(i, s)),
        IrObject o => o.Keys.All(i => TermSafe(i, s)) && o.Values.All(i => TermSafe(i, s)),
        IrSet st => AllIn(st.Vars, s),
        _ => false,
    };

    private static void Unify(HashSet<int> s, IrTerm a, IrTerm b)
    {
        switch (a)
        {
            case IrVar va:
                if (TermSafe(b, s)) s.Add(va.Slot);
                else if (s.Contains(va.Slot) && b is IrVar or IrArray or IrObject) MarkAll(b, s);
                return;
            case IrArray aa when b is IrArray bb:
                if (aa.Items.Length == bb.Items.Length)
                {
                    for (var i = 0; i < aa.Items.Length; i++) Unify(s, aa.Items[i], bb.Items[i]);
                }
                return;
            case IrObject oa when b is IrObject ob:
                for (var i = 0; i < oa.Keys.Length; i++)
                {
                    for (var j = 0; j < ob.Keys.Length; j++)
                    {
                        if (SameKey(oa.Keys[i], ob.Keys[j])) Unify(s, oa.Values[i], ob.Values[j]);
                    }
                }
                return;
            case IrArray or IrObject when b is IrVar vb:
                Unify(s, vb, a);
                return;
            case IrArray or IrObject:
                if (b is IrRef or IrCall or IrComprehension or IrConst or IrTemplate && TermSafe(b, s)) MarkAll(a, s);
                return;
            default:
                if (b is IrVar or IrArray or IrObject && TermSafe(a, s))
                {
                    if (b is IrVar v) s.Add(v.Slot);
                    else MarkAll(b, s);
                }
                return;
        }
    }

    /// <summary>Object keys that are the same term (equal constants or the same variable), as OPA's unifier matches them.</summary>
    private static bool SameKey(IrTerm a, IrTerm b) => (a, b) switch
    {
        (IrConst ca, IrConst cb) => ca.Value.Equals(cb.Value),
        (IrVar va, IrVar vb) => va.Slot == vb.Slot,
        _ => false,
    };

    private static void MarkAll(IrTerm t, HashSet<int> s)
    {
        switch (t)
        {
            case IrVar v: s.Add(v.Slot); break;
            case IrArray a: foreach (var i in a.Items) MarkAll(i, s); break;
            case IrObject o: foreach (var i in o.Values) MarkAll(i, s); break;
        }
    }

    // ---- closures ----

    private void CheckLiteralClosures(IrLiteral lit, HashSet<int> safe)
    {
        foreach (var w in lit.With) CheckTermClosures(w.Value, safe);
        switch (lit.Expr)
        {
            case IrUnify u:
                CheckTermClosures(u.Left, safe);
                CheckTermClosures(u.Right, safe);
                break;
            case IrCallExpr c when c.Target.Special == SpecialCall.Print:
                foreach (var a in c.Args) CheckClosureTerm(a, safe, lit.Loc);
                break;
            case IrCallExpr c:
                foreach (var a in c.Args) CheckTermClosures(a, safe);
                if (c.Output is not null) CheckTermClosures(c.Output, safe);
                break;
            case IrTermExpr te:
                CheckTermClosures(te.Term, safe);
                break;
            case IrSomeIn si:
                CheckTermClosures(si.Collection, safe);
                break;
            case IrEvery ev:
            {
                CheckTermClosures(ev.Domain, safe);
                var inner = new HashSet<int>(safe);
                if (ev.Key is not null) inner.UnionWith(PatternVars(ev.Key));
                inner.UnionWith(PatternVars(ev.Value));
                CheckBodySafety(ev.Body, inner);
                break;
            }
        }
    }

    /// <summary>A term evaluated like <c>{x | x = term}</c>: its own variables must be bound by refs inside it.</summary>
    private void CheckClosureTerm(IrTerm t, HashSet<int> safe, Location loc)
    {
        var s = new HashSet<int>(safe);
        s.UnionWith(RefOutputs(t, s));
        foreach (var v in t.Vars)
        {
            if (!s.Contains(v))
            {
                Error(RegoErrorCodes.UnsafeVar, _frame.Generated[v] ? "expression is unsafe" : $"var {_frame.Names[v]} is unsafe", loc);
                return;
            }
        }
        CheckTermClosures(t, s);
    }

    private void CheckTermClosures(IrTerm t, HashSet<int> safe)
    {
        switch (t)
        {
            case IrComprehension c:
            {
                var inner = new HashSet<int>(safe);
                CheckBodySafety(c.Body, inner);
                CheckHeadSafety([c.Head, c.Value], inner, c.Loc);
                break;
            }
            case IrTemplate tp:
                for (var i = 0; i < tp.Exprs.Length; i++)
                {
                    var e = tp.Exprs[i];
                    if (e is null) continue;
                    if (tp.Withs?[i] is { } ws)
                    {
                        foreach (var w in ws) CheckTermClosures(w.Value, safe);
                    }
                    CheckClosureTerm(e, safe, tp.Loc);
                }
                break;
            case IrRef r:
                if (r.Head is not null) CheckTermClosures(r.Head, safe);
                foreach (var p in r.Path) CheckTermClosures(p, safe);
                break;
            case IrArray a: foreach (var i in a.Items) CheckTermClosures(i, safe); break;
            case IrSet st: foreach (var i in st.Items) CheckTermClosures(i, safe); break;
            case IrObject o:
                foreach (var i in o.Keys) CheckTermClosures(i, safe);
                foreach (var i in o.Values) CheckTermClosures(i, safe);
                break;
            case IrCall c: foreach (var i in c.Args) CheckTermClosures(i, safe); break;
        }
    }
}
