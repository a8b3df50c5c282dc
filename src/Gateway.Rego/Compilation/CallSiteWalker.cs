namespace Gateway.Rego.Compilation;

/// <summary>
/// Visits every call of compiled IR: in rule heads and bodies, with values, comprehensions, every bodies and
/// template strings. A call's arguments are visited before the call. Inlined forms of calls
/// (<see cref="IrCall.Inlined"/>, <see cref="IrCallExpr.Inlined"/>) are not entered: they are copies the
/// inlining pass visits when it makes them.
/// </summary>
internal sealed class CallSiteWalker(Action<IrCall> onCall, Action<IrCallExpr> onCallExpr)
{
    /// <summary>A rule with its else chain.</summary>
    public void Rule(IrRule rule)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            foreach (var a in r.Args) Term(a);
            foreach (var p in r.DynPath) Term(p);
            Term(r.Key);
            Term(r.Value);
            Body(r.Body);
        }
    }

    /// <summary>Every rule (and default rule) at or below a node of the rule tree.</summary>
    public void Tree(DataNode node)
    {
        foreach (var r in node.Rules) Rule(r);
        if (node.Default is not null) Rule(node.Default);
        foreach (var c in node.SortedChildren) Tree(c);
    }

    public void Body(IrBody body)
    {
        foreach (var lit in body.Literals)
        {
            foreach (var w in lit.With) Term(w.Value);
            Expr(lit.Expr);
        }
    }

    public void Expr(IrExpr expr)
    {
        switch (expr)
        {
            case IrUnify u:
                Term(u.Left);
                Term(u.Right);
                break;
            case IrCallExpr c:
                foreach (var a in c.Args) Term(a);
                Term(c.Output);
                onCallExpr(c);
                break;
            case IrTermExpr te:
                Term(te.Term);
                break;
            case IrSomeIn si:
                Term(si.Key);
                Term(si.Value);
                Term(si.Collection);
                break;
            case IrHoist h:
                // The hoisted call; its use site (IrHoisted) holds the same call object and is not entered again.
                Term(h.Call);
                break;
            case IrEvery ev:
                Term(ev.Key);
                Term(ev.Value);
                Term(ev.Domain);
                Body(ev.Body);
                break;
        }
    }

    public void Term(IrTerm? term)
    {
        switch (term)
        {
            case IrRef r:
                Term(r.Head);
                foreach (var p in r.Path) Term(p);
                break;
            case IrArray a:
                foreach (var i in a.Items) Term(i);
                break;
            case IrSet s:
                foreach (var i in s.Items) Term(i);
                break;
            case IrObject o:
                foreach (var k in o.Keys) Term(k);
                foreach (var v in o.Values) Term(v);
                break;
            case IrCall c:
                foreach (var a in c.Args) Term(a);
                onCall(c);
                break;
            case IrComprehension c:
                Term(c.Head);
                Term(c.Value);
                Body(c.Body);
                break;
            case IrTemplate tp:
                foreach (var e in tp.Exprs) Term(e);
                if (tp.Withs is not null)
                {
                    foreach (var ws in tp.Withs)
                    {
                        if (ws is null) continue;
                        foreach (var w in ws) Term(w.Value);
                    }
                }
                break;
        }
    }
}
