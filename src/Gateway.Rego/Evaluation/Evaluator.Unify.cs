using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    private enum Match : byte { Yes, No, Complex }

    /// <summary>
    /// Unify a pattern with a ground value without continuations when the pattern is made of variables,
    /// constants, arrays and objects, or is fully bound. Bindings made are kept on Yes; on No or Complex the
    /// caller undoes them.
    /// </summary>
    private Match TryUnifyDirect(IrTerm pattern, RegoValue v)
    {
        switch (pattern)
        {
            case IrConst c:
                return c.Value.Equals(v) ? Match.Yes : Match.No;
            case IrVar x:
            {
                var cur = _frame[x.Slot];
                if (cur is null)
                {
                    Bind(x.Slot, v);
                    return Match.Yes;
                }
                return cur.Equals(v) ? Match.Yes : Match.No;
            }
            case IrArray a:
            {
                if (v is not RegoArray va || va.Count != a.Items.Length) return Match.No;
                for (var i = 0; i < a.Items.Length; i++)
                {
                    var m = TryUnifyDirect(a.Items[i], va[i]);
                    if (m != Match.Yes) return m;
                }
                return Match.Yes;
            }
            case IrObject o:
            {
                if (v is not RegoObject vo || vo.Count != o.Keys.Length) return Match.No;
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    if (!IsDirect(o.Keys[i])) return Match.Complex;
                    var key = Eval(o.Keys[i]);
                    if (key is null) return Match.No;
                    var item = vo.Get(key);
                    if (item is null) return Match.No;
                    var m = TryUnifyDirect(o.Values[i], item);
                    if (m != Match.Yes) return m;
                }
                return Match.Yes;
            }
            default:
                if (!IsDirect(pattern)) return Match.Complex;
                var pv = Eval(pattern);
                return pv is not null && pv.Equals(v) ? Match.Yes : Match.No;
        }
    }

    /// <summary>Unify a pattern (which may enumerate) with a ground value.</summary>
    private bool UnifyValue(IrTerm pattern, RegoValue v, Cont k)
    {
        var mark = _trailTop;
        var m = TryUnifyDirect(pattern, v);
        if (m == Match.Yes)
        {
            var r = k();
            Undo(mark);
            return r;
        }
        Undo(mark);
        if (m == Match.No) return true;

        switch (pattern)
        {
            case IrArray a:
                if (v is not RegoArray va || va.Count != a.Items.Length) return true;
                return UnifyItems(a.Items, va, 0, k);
            case IrObject o:
            {
                if (v is not RegoObject vo || vo.Count != o.Keys.Length) return true;
                var pairs = new List<(IrTerm, IrTerm)>(o.Keys.Length);
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    if (!IsDirect(o.Keys[i])) throw new RegoException(RegoErrorCodes.EvalInternal, "object keys in patterns must be ground", o.Loc);
                    var key = Eval(o.Keys[i]);
                    if (key is null) return true;
                    var item = vo.Get(key);
                    if (item is null) return true;
                    pairs.Add((o.Values[i], new IrConst(o.Loc, item)));
                }
                return UnifyPairs(pairs, k);
            }
            default:
                return UnifyByEnumeration(pattern, v, k);
        }
    }

    /// <summary>Enumerate the pattern's values and continue for each equal to v (a method of its own so UnifyValue captures nothing).</summary>
    private bool UnifyByEnumeration(IrTerm pattern, RegoValue v, Cont k) => EvalTerm(pattern, pv => !pv.Equals(v) || k());

    private bool UnifyItems(IrTerm[] items, RegoArray va, int i, Cont k)
    {
        if (i == items.Length) return k();
        return UnifyValue(items[i], va[i], () => UnifyItems(items, va, i + 1, k));
    }

    /// <summary>Unify two terms, either of which may contain unbound variables or enumerate.</summary>
    private bool Unify(IrTerm a, IrTerm b, Cont k)
    {
        if (IsDirect(b))
        {
            var vb = Eval(b);
            return vb is null || UnifyValue(a, vb, k);
        }
        if (IsDirect(a))
        {
            var va = Eval(a);
            return va is null || UnifyValue(b, va, k);
        }
        switch (a)
        {
            case IrArray aa when b is IrArray bb:
            {
                if (aa.Items.Length != bb.Items.Length) return true;
                var pairs = new List<(IrTerm, IrTerm)>(aa.Items.Length);
                for (var i = 0; i < aa.Items.Length; i++) pairs.Add((aa.Items[i], bb.Items[i]));
                return UnifyPairs(pairs, k);
            }
            case IrObject oa when b is IrObject ob:
            {
                if (oa.Keys.Length != ob.Keys.Length) return true;
                var pairs = new List<(IrTerm, IrTerm)>(oa.Keys.Length);
                for (var i = 0; i < oa.Keys.Length; i++)
                {
                    if (!IsDirect(oa.Keys[i])) throw new RegoException(RegoErrorCodes.EvalInternal, "object keys in patterns must be ground", oa.Loc);
                    var ka = Eval(oa.Keys[i]);
                    if (ka is null) return true;
                    var found = false;
                    for (var j = 0; j < ob.Keys.Length; j++)
                    {
                        if (!IsDirect(ob.Keys[j])) throw new RegoException(RegoErrorCodes.EvalInternal, "object keys in patterns must be ground", ob.Loc);
                        var kb = Eval(ob.Keys[j]);
                        if (kb is not null && kb.Equals(ka))
                        {
                            pairs.Add((oa.Values[i], ob.Values[j]));
                            found = true;
                            break;
                        }
                    }
                    if (!found) return true;
                }
                return UnifyPairs(pairs, k);
            }
        }
        var aPattern = IsPattern(a);
        var bPattern = IsPattern(b);
        if (aPattern && !bPattern) return EvalTerm(b, vb => UnifyValue(a, vb, k));
        if (bPattern && !aPattern) return EvalTerm(a, va => UnifyValue(b, va, k));
        if (!aPattern && !bPattern) return EvalTerm(a, va => UnifyValue(b, va, k));
        throw new RegoException(RegoErrorCodes.EvalInternal, "cannot unify two unbound patterns", a.Loc);
    }

    private static bool IsPattern(IrTerm t) => t is IrVar or IrArray or IrObject;

    /// <summary>
    /// Unify pairs in an order that makes progress: a pair with a bound side first, then pairs that enumerate,
    /// and pairs of unbound patterns last (earlier pairs may bind them).
    /// </summary>
    private bool UnifyPairs(List<(IrTerm A, IrTerm B)> pairs, Cont k)
    {
        if (pairs.Count == 0) return k();
        var pick = -1;
        for (var i = 0; i < pairs.Count && pick < 0; i++)
        {
            if (IsDirect(pairs[i].A) || IsDirect(pairs[i].B)) pick = i;
        }
        for (var i = 0; i < pairs.Count && pick < 0; i++)
        {
            if (!IsPattern(pairs[i].A) || !IsPattern(pairs[i].B)) pick = i;
        }
        for (var i = 0; i < pairs.Count && pick < 0; i++)
        {
            if (pairs[i].A is not IrVar || pairs[i].B is not IrVar) pick = i;
        }
        if (pick < 0) throw new RegoException(RegoErrorCodes.EvalInternal, "cannot unify unbound variables", pairs[0].A.Loc);
        var (a, b) = pairs[pick];
        var rest = new List<(IrTerm, IrTerm)>(pairs);
        rest.RemoveAt(pick);
        return Unify(a, b, () => UnifyPairs(rest, k));
    }
}
