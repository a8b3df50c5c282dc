namespace Gateway.Rego.Compilation;

/// <summary>
/// Loop-invariant call hoisting. In
/// <code>
///   some e in env_vars
///   name := env_name(e)
///   some pattern in secret_env_patterns
///   contains(lower(name), pattern)
/// </code>
/// <c>lower(name)</c> depends only on variables bound before <c>some pattern in …</c>, yet it would be computed
/// once per pattern. The pass computes such a call once, just before the first enumeration it does not depend
/// on (an <see cref="IrHoist"/> literal), and the original site reads the value (an <see cref="IrHoisted"/> term).
///
/// Semantics are unchanged: only pure, standard builtins with plain arguments are hoisted; when the hoisted call
/// is undefined or fails, its error is discarded and the original site evaluates the call again, so the
/// expression fails, and in strict mode reports its error, exactly where and when the policy wrote it (and not
/// at all when the enumeration is empty). Literals with <c>with</c> are left alone: their modifiers could change
/// the call's input or replace the builtin.
/// </summary>
internal sealed partial class Compiler
{
    private void HoistInvariantCalls(IrBody body, HashSet<int> entry)
    {
        var lits = body.Literals;
        var firstEnumeration = Array.FindIndex(lits, IsEnumeration);
        if (firstEnumeration < 0 || firstEnumeration == lits.Length - 1) return;

        // Every variable of a literal is bound once it has run (safety ordering guarantees it), so the
        // variables bound before literal i are the entry set plus the variables of the literals before it.
        var boundBefore = new HashSet<int>[lits.Length];
        var bound = new HashSet<int>(entry);
        for (var i = 0; i < lits.Length; i++)
        {
            boundBefore[i] = new HashSet<int>(bound);
            bound.UnionWith(lits[i].Vars);
        }

        // The hoist literals to insert before each literal (compile time only: one array per body with a loop).
        var hoists = new List<IrLiteral>?[lits.Length];
        for (var j = firstEnumeration + 1; j < lits.Length; j++)
        {
            var lit = lits[j];
            if (lit.With.Length > 0) continue;
            var site = j;
            IrTerm Hoist(IrTerm t) => HoistTerm(t, lits, boundBefore, site, hoists);
            IrExpr? rewritten = lit.Expr switch
            {
                IrUnify u => HoistAll([u.Left, u.Right], Hoist) is { } sides ? new IrUnify(u.Loc, sides[0], sides[1]) : null,
                IrCallExpr c => HoistAll(c.Args, Hoist) is { } args ? new IrCallExpr(c.Loc, c.Target, args, c.Output) : null,
                IrTermExpr te => Hoist(te.Term) is var t && t != te.Term ? new IrTermExpr(te.Loc, t) : null,
                IrSomeIn si => Hoist(si.Collection) is var coll && coll != si.Collection ? new IrSomeIn(si.Loc, si.Key, si.Value, coll) : null,
                _ => null,
            };
            if (rewritten is not null) lits[j] = new IrLiteral(lit.Loc, rewritten, lit.Negated, lit.With) { Vars = lit.Vars };
        }
        if (Array.TrueForAll(hoists, h => h is null)) return;

        var result = new List<IrLiteral>(lits.Length + 4);
        for (var i = 0; i < lits.Length; i++)
        {
            if (hoists[i] is { } before) result.AddRange(before);
            result.Add(lits[i]);
        }
        body.Literals = [.. result];
    }

    private static bool IsEnumeration(IrLiteral lit) => lit.Expr is IrSomeIn && !lit.Negated;

    /// <summary>The terms with hoisting applied, or null when none changed.</summary>
    private static IrTerm[]? HoistAll(IrTerm[] terms, Func<IrTerm, IrTerm> f)
    {
        IrTerm[]? changed = null;
        for (var i = 0; i < terms.Length; i++)
        {
            var t = f(terms[i]);
            if (t == terms[i]) continue;
            changed ??= (IrTerm[])terms.Clone();
            changed[i] = t;
        }
        return changed;
    }

    /// <summary>Hoist <paramref name="t"/> if it is an invariant call, else the invariant calls among its arguments.</summary>
    private IrTerm HoistTerm(IrTerm t, IrLiteral[] lits, HashSet<int>[] boundBefore, int site, List<IrLiteral>?[] hoists)
    {
        if (t is not IrCall call) return t;
        if (IsHoistable(call))
        {
            // The first enumeration at or after the point where all of the call's variables are bound.
            var target = -1;
            for (var i = 0; i < site && target < 0; i++)
            {
                if (IsEnumeration(lits[i]) && boundBefore[i].IsSupersetOf(call.Vars)) target = i;
            }
            if (target >= 0)
            {
                var slot = _frame.Add("__hoisted", true, 0);
                (hoists[target] ??= []).Add(new IrLiteral(call.Loc, new IrHoist(call.Loc, slot, call), false, [])
                {
                    Vars = SlotSet.Union(call.Vars, [slot]),
                });
                return new IrHoisted(call, slot) { Vars = call.Vars };
            }
        }
        var args = HoistAll(call.Args, a => HoistTerm(a, lits, boundBefore, site, hoists));
        return args is null ? call : new IrCall(call.Loc, call.Target, args) { Vars = call.Vars, Multi = call.Multi };
    }

    /// <summary>A pure standard builtin over variables, constants, constant input paths and such calls.</summary>
    private bool IsHoistable(IrCall c)
    {
        if (c.Multi || c.Target.Function is not null || c.Target.Special != SpecialCall.None || c.Target.Builtin is null) return false;
        if (!CallIsPure(c.Target)) return false;
        foreach (var a in c.Args)
        {
            var plain = a switch
            {
                IrVar or IrConst => true,
                IrRef { Root: RefRoot.Input, Head: null } r => Array.TrueForAll(r.Path, p => p is IrConst),
                IrCall inner => IsHoistable(inner),
                _ => false,
            };
            if (!plain) return false;
        }
        return true;
    }
}
