using Gateway.Rego.Builtins;

namespace Gateway.Rego.Compilation;

/// <summary>
/// Which rule nodes may be computed once per prepared query and reused across evaluations: those whose
/// value depends on neither input nor anything that changes between evaluations. A prepared query's data
/// is fixed, so base data is allowed; input, <c>with</c>, printing, non-deterministic or non-standard
/// builtins, and nodes that depend on such nodes, are not.
/// </summary>
internal sealed partial class Compiler
{
    // Standard builtins whose result depends on the clock although they are not flagged non-deterministic.
    private static readonly HashSet<string> ClockDependent = new(StringComparer.Ordinal)
    {
        "io.jwt.decode_verify",
        "crypto.x509.parse_and_verify_certificates",
        "crypto.x509.parse_and_verify_certificates_with_options",
    };

    private void MarkQueryInvariantNodes()
    {
        var ruleNodes = new List<DataNode>();
        CollectRuleNodes(_root, ruleNodes);
        var deps = new Dictionary<DataNode, HashSet<DataNode>>();
        var impure = new HashSet<DataNode>();
        foreach (var n in ruleNodes)
        {
            var d = new HashSet<DataNode>();
            var pure = true;
            foreach (var r in n.Rules) pure &= RuleIsPure(r, d);
            if (n.Default is not null) pure &= RuleIsPure(n.Default, d);
            // A node's document includes the documents of the rule nodes below it.
            foreach (var c in n.SortedChildren) AddAllBelow(c, d);
            deps[n] = d;
            if (!pure) impure.Add(n);
        }

        // Impurity flows to every node that depends on an impure node: iterate to a fixed point.
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var n in ruleNodes)
            {
                if (impure.Contains(n)) continue;
                foreach (var d in deps[n])
                {
                    if (impure.Contains(d) || !deps.ContainsKey(d))
                    {
                        impure.Add(n);
                        changed = true;
                        break;
                    }
                }
            }
        }
        foreach (var n in ruleNodes)
        {
            n.QueryInvariant = n.Kind is NodeKind.Complete or NodeKind.Set or NodeKind.Object && !impure.Contains(n);
        }
    }

    /// <summary>Collect the rule's dependencies; false if the rule itself reads input or does something impure.</summary>
    private bool RuleIsPure(IrRule r, HashSet<DataNode> deps)
    {
        var pure = true;
        for (var x = r; x is not null; x = x.Else)
        {
            AddRuleDeps(x, deps);
            foreach (var a in x.Args) pure &= TermIsPure(a);
            foreach (var p in x.DynPath) pure &= TermIsPure(p);
            if (x.Key is not null) pure &= TermIsPure(x.Key);
            if (x.Value is not null) pure &= TermIsPure(x.Value);
            pure &= BodyIsPure(x.Body);
        }
        return pure;
    }

    private bool BodyIsPure(IrBody b)
    {
        foreach (var lit in b.Literals)
        {
            if (lit.With.Length > 0) return false;
            var ok = lit.Expr switch
            {
                IrUnify u => TermIsPure(u.Left) && TermIsPure(u.Right),
                IrCallExpr c => CallIsPure(c.Target) && c.Args.All(TermIsPure) && (c.Output is null || TermIsPure(c.Output)),
                IrTermExpr te => TermIsPure(te.Term),
                IrSomeIn si => TermIsPure(si.Collection) && TermIsPure(si.Value) && (si.Key is null || TermIsPure(si.Key)),
                IrEvery ev => TermIsPure(ev.Domain) && TermIsPure(ev.Value) && (ev.Key is null || TermIsPure(ev.Key)) && BodyIsPure(ev.Body),
                // A hoisted call may read input (Compiler.Hoisting lets constant input paths through).
                IrHoist h => TermIsPure(h.Call),
                IrNoop => true,
                // Fail closed: an expression this walk does not know is assumed to read input.
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private bool TermIsPure(IrTerm t) => t switch
    {
        IrRef r => r.Root != RefRoot.Input && (r.Head is null || TermIsPure(r.Head)) && r.Path.All(TermIsPure),
        IrArray a => a.Items.All(TermIsPure),
        IrSet s => s.Items.All(TermIsPure),
        IrObject o => o.Keys.All(TermIsPure) && o.Values.All(TermIsPure),
        IrCall c => CallIsPure(c.Target) && c.Args.All(TermIsPure),
        IrComprehension c => TermIsPure(c.Head) && (c.Value is null || TermIsPure(c.Value)) && BodyIsPure(c.Body),
        IrTemplate tp => tp.Withs is null && tp.Exprs.All(e => e is null || TermIsPure(e)),
        IrHoisted h => TermIsPure(h.Original),
        IrConst or IrVar => true,
        // Fail closed: a term this walk does not know is assumed to read input.
        _ => false,
    };

    /// <summary>User functions are checked through the dependency graph; builtins must be standard and deterministic.</summary>
    private bool CallIsPure(CallTarget t)
    {
        if (t.Function is not null) return true;
        switch (t.Special)
        {
            case SpecialCall.Print or SpecialCall.Trace:
                return false;
            case not SpecialCall.None:
                return true;
        }
        var def = t.Builtin;
        if (def is null || def.NonDeterministic || ClockDependent.Contains(def.Name)) return false;
        // An engine may register its own builtins (or replace standard ones): only the standard library is known to be pure.
        return BuiltinRegistry.IsStandard(def);
    }
}
