using Gateway.Rego.Ast;

namespace Gateway.Rego.Tests.Parsing;

/// <summary>
/// Structural checks any parsed tree must satisfy: every location lies inside the source,
/// <c>data</c>/<c>input</c> only appear as ref heads, call operators and ref heads have the allowed
/// shapes, and else rules share their head's ref and arguments. Returns the first violation.
/// </summary>
internal static class AstInvariants
{
    public static string? Check(Module m, string source)
    {
        var v = new Visitor(source);
        v.Loc(m.Loc, "module");
        v.Loc(m.Package.Loc, "package");
        v.Term(m.Package.Path, refHead: false);
        foreach (var imp in m.Imports)
        {
            v.Loc(imp.Loc, "import");
            v.Term(imp.Path, refHead: false);
        }
        foreach (var rule in m.Rules)
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                v.Loc(r.Loc, "rule");
                v.Loc(r.Head.Loc, "head");
                v.Term(r.Head.Ref, refHead: false);
                foreach (var a in r.Head.Args ?? []) v.Term(a, refHead: false);
                if (r.Head.Key is not null) v.Term(r.Head.Key, refHead: false);
                if (r.Head.Value is not null) v.Term(r.Head.Value, refHead: false);
                v.Body(r.Body);
                if (r != rule && (r.Head.Ref != rule.Head.Ref || r.Head.Args != rule.Head.Args || r.Head.Kind != rule.Head.Kind))
                {
                    v.Fail($"else rule at {r.Loc} does not share its head");
                }
            }
        }
        return v.Problem;
    }

    public static string? Check(Body body, string source)
    {
        var v = new Visitor(source);
        v.Body(body);
        return v.Problem;
    }

    private sealed class Visitor(string source)
    {
        public string? Problem { get; private set; }

        public void Fail(string message) => Problem ??= message;

        public void Loc(Location loc, string what)
        {
            if (loc.Row < 1 || loc.Col < 1 || loc.Offset < 0 || loc.Length < 0 || loc.Offset + loc.Length > source.Length)
            {
                Fail($"{what} location {loc} ({loc.Offset}+{loc.Length}) outside source of length {source.Length}");
            }
        }

        public void Body(Body body)
        {
            Loc(body.Loc, "body");
            foreach (var lit in body.Literals)
            {
                Loc(lit.Loc, "literal");
                foreach (var w in lit.With)
                {
                    Loc(w.Loc, "with");
                    Term(w.Target, refHead: false);
                    Term(w.Value, refHead: false);
                }
                switch (lit.Expr)
                {
                    case TermExpr t:
                        Term(t.Term, refHead: false);
                        break;
                    case SomeDecl s:
                        foreach (var x in s.Vars) Term(x, refHead: false);
                        break;
                    case SomeIn s:
                        if (s.Key is not null) Term(s.Key, refHead: false);
                        Term(s.Value, refHead: false);
                        Term(s.Collection, refHead: false);
                        break;
                    case Every e:
                        if (e.Key is not null && e.Key is not VarTerm) Fail($"every key at {e.Loc} is not a variable");
                        if (e.Value is not VarTerm) Fail($"every value at {e.Loc} is not a variable");
                        Term(e.Domain, refHead: false);
                        Body(e.Body);
                        break;
                }
            }
        }

        public void Term(Term t, bool refHead)
        {
            Loc(t.Loc, t.GetType().Name);
            switch (t)
            {
                case VarTerm { Name: "data" or "input" } when !refHead:
                    Fail($"bare {((VarTerm)t).Name} at {t.Loc} is not wrapped in a ref");
                    break;
                case RefTerm r:
                    if (r.Head is RefTerm or ScalarTerm) Fail($"ref at {r.Loc} has a {r.Head.GetType().Name} head");
                    Term(r.Head, refHead: true);
                    foreach (var p in r.Path) Term(p, refHead: false);
                    break;
                case CallTerm c:
                    if (c.Operator.Head is not (VarTerm or CallTerm)) Fail($"call at {c.Loc} has operator head {c.Operator.Head.GetType().Name}");
                    Term(c.Operator, refHead: false);
                    foreach (var a in c.Args) Term(a, refHead: false);
                    break;
                case ArrayTerm a:
                    foreach (var x in a.Items) Term(x, refHead: false);
                    break;
                case SetTerm s:
                    foreach (var x in s.Items) Term(x, refHead: false);
                    break;
                case ObjectTerm o:
                    foreach (var kv in o.Items)
                    {
                        Term(kv.Key, refHead: false);
                        Term(kv.Value, refHead: false);
                    }
                    break;
                case ArrayComprehension ac:
                    Term(ac.Head, refHead: false);
                    Body(ac.Body);
                    break;
                case SetComprehension sc:
                    Term(sc.Head, refHead: false);
                    Body(sc.Body);
                    break;
                case ObjectComprehension oc:
                    Term(oc.Key, refHead: false);
                    Term(oc.Value, refHead: false);
                    Body(oc.Body);
                    break;
                case TemplateStringTerm ts:
                    foreach (var part in ts.Parts)
                    {
                        if ((part.Text is null) == (part.Expr is null)) Fail($"template part at {ts.Loc} must have exactly one of text and expression");
                        if (part.Expr is not null) Term(part.Expr, refHead: false);
                    }
                    break;
            }
        }
    }
}
