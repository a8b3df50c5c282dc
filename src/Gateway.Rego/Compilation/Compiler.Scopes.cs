using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

internal sealed partial class Compiler
{
    /// <summary>A name visible without qualification in a module: a rule of its package or an import.</summary>
    private sealed record GlobalRef(RefRoot Root, RegoValue[] Path);

    /// <summary>Slots of the rule (or query) being compiled: one frame holds every variable of the rule, nested closures included.</summary>
    private sealed class Frame
    {
        public List<string> Names { get; } = [];
        public List<bool> Generated { get; } = [];
        public List<int> Depth { get; } = [];

        public int Add(string name, bool generated, int depth)
        {
            Names.Add(name);
            Generated.Add(generated);
            Depth.Add(depth);
            return Names.Count - 1;
        }
    }

    /// <summary>
    /// A lexical scope: a rule or query body, a comprehension, an every body, or an embedded template or
    /// print expression. Declared names (<c>:=</c>, <c>some</c>, every's key/value, function args) shadow
    /// outer ones; an undeclared name belongs to the outermost enclosing scope that uses it outside closures,
    /// so closures capture variables of the bodies around them, as in OPA.
    /// </summary>
    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;
        public int Depth { get; } = parent is null ? 0 : parent.Depth + 1;
        public Dictionary<string, int> Declared { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Implicit { get; } = new(StringComparer.Ordinal);
        public HashSet<string> TopLevel { get; } = new(StringComparer.Ordinal);
        public HashSet<string> PreDeclared { get; } = new(StringComparer.Ordinal);
        public HashSet<string> UsedBeforeDecl { get; } = new(StringComparer.Ordinal);
    }

    private Frame _frame = new();
    private Dictionary<string, GlobalRef> _globals = new(StringComparer.Ordinal);

    private static bool IsRootName(string name) => name is "input" or "data";

    private int NewSlot(string name, bool generated, Scope s) => _frame.Add(name, generated, s.Depth);

    private IrVar NewWildcard(Location loc, Scope s)
    {
        var slot = NewSlot("_", true, s);
        return new IrVar(loc, slot, "_") { Vars = [slot] };
    }

    /// <summary>Resolve a variable name to a local slot, a global (rule/import) ref, or a root document.</summary>
    private IrTerm ResolveName(string name, Scope s, Location loc)
    {
        for (var sc = s; sc is not null; sc = sc.Parent)
        {
            if (sc.Declared.TryGetValue(name, out var slot)) return Var(loc, slot, name);
        }
        if (s.PreDeclared.Contains(name))
        {
            // Used before its declaration later in the same body: OPA reports "referenced above" at the declaration.
            // (A closure using the name before an outer declaration has its own variable, as in OPA.)
            var slot = NewSlot(name, false, s);
            s.Declared[name] = slot;
            s.UsedBeforeDecl.Add(name);
            return Var(loc, slot, name);
        }
        if (_globals.TryGetValue(name, out var g))
        {
            var path = new IrTerm[g.Path.Length];
            for (var i = 0; i < path.Length; i++) path[i] = new IrConst(loc, g.Path[i]);
            return new IrRef(loc, g.Root, null, path);
        }
        if (name == "input") return new IrRef(loc, RefRoot.Input, null, []);
        if (name == "data") return new IrRef(loc, RefRoot.Data, null, []);

        Scope home = s;
        for (var sc = s; sc is not null; sc = sc.Parent)
        {
            if (sc.TopLevel.Contains(name)) home = sc;
        }
        if (!home.Implicit.TryGetValue(name, out var islot))
        {
            islot = NewSlot(name, false, home);
            home.Implicit[name] = islot;
        }
        return Var(loc, islot, name);
    }

    private static IrVar Var(Location loc, int slot, string name) => new(loc, slot, name) { Vars = [slot] };

    /// <summary>True if the name is a local variable (declared or pre-declared) in the scope chain.</summary>
    private static bool IsDeclaredLocal(string name, Scope s)
    {
        for (var sc = s; sc is not null; sc = sc.Parent)
        {
            if (sc.Declared.ContainsKey(name) || sc.PreDeclared.Contains(name)) return true;
        }
        return false;
    }

    private enum DeclKind { Assign, Some, Arg }

    private int Declare(string name, Scope s, Location loc, DeclKind kind)
    {
        if (s.Declared.TryGetValue(name, out var existing))
        {
            if (kind == DeclKind.Arg) return existing;
            if (s.UsedBeforeDecl.Remove(name))
            {
                Error(RegoErrorCodes.CompileError, $"var {name} referenced above", loc);
            }
            else
            {
                Error(RegoErrorCodes.CompileError, kind == DeclKind.Assign ? $"var {name} assigned above" : $"var {name} declared above", loc);
            }
            return existing;
        }
        var slot = NewSlot(name, false, s);
        s.Declared[name] = slot;
        return slot;
    }

    /// <summary>Declare every variable in a pattern term (array/object patterns of variables).</summary>
    private void DeclarePatternVars(Term t, Scope s, DeclKind kind)
    {
        switch (t)
        {
            case VarTerm v when !v.IsWildcard:
                Declare(v.Name, s, v.Loc, kind);
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) DeclarePatternVars(i, s, kind);
                break;
            case ObjectTerm o:
                foreach (var kv in o.Items) DeclarePatternVars(kv.Value, s, kind);
                break;
        }
    }

    // ---- Name collection: which names a body uses at its top level and which it declares ----

    private static void CollectBodyNames(Body body, Scope s)
    {
        foreach (var lit in body.Literals) CollectLiteralNames(lit, s);
    }

    private static void CollectLiteralNames(Literal lit, Scope s)
    {
        switch (lit.Expr)
        {
            case SomeDecl sd:
                foreach (var v in sd.Vars) s.PreDeclared.Add(v.Name);
                break;
            case SomeIn si:
                if (si.Key is not null) CollectPatternNames(si.Key, s.PreDeclared);
                CollectPatternNames(si.Value, s.PreDeclared);
                CollectTermNames(si.Collection, s.TopLevel);
                break;
            case Every ev:
                CollectTermNames(ev.Domain, s.TopLevel);
                break;
            case TermExpr { Term: CallTerm { Name: "assign" } call } when call.Args.Count == 2:
                CollectPatternNames(call.Args[0], s.PreDeclared);
                CollectTermNames(call.Args[1], s.TopLevel);
                break;
            case TermExpr te:
                CollectTermNames(te.Term, s.TopLevel);
                break;
        }
        foreach (var w in lit.With) CollectTermNames(w.Value, s.TopLevel);
    }

    private static void CollectPatternNames(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case VarTerm v when !v.IsWildcard:
                into.Add(v.Name);
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) CollectPatternNames(i, into);
                break;
            case ObjectTerm o:
                foreach (var kv in o.Items) CollectPatternNames(kv.Value, into);
                break;
        }
    }

    /// <summary>Names used in a term outside nested closures (comprehensions, template expressions).</summary>
    private static void CollectTermNames(Term t, HashSet<string> into)
    {
        switch (t)
        {
            case VarTerm v when !v.IsWildcard && !IsRootName(v.Name):
                into.Add(v.Name);
                break;
            case RefTerm r:
                CollectTermNames(r.Head, into);
                foreach (var p in r.Path) CollectTermNames(p, into);
                break;
            case ArrayTerm a:
                foreach (var i in a.Items) CollectTermNames(i, into);
                break;
            case SetTerm st:
                foreach (var i in st.Items) CollectTermNames(i, into);
                break;
            case ObjectTerm o:
                foreach (var kv in o.Items)
                {
                    CollectTermNames(kv.Key, into);
                    CollectTermNames(kv.Value, into);
                }
                break;
            case CallTerm c:
                if (c.Name != "print")
                {
                    foreach (var a in c.Args) CollectTermNames(a, into);
                }
                break;
        }
    }
}
