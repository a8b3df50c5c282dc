using System.Runtime.CompilerServices;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    private enum Direct : byte { NotDirect, True, False }

    /// <summary>
    /// Evaluate literals [i..] and call <paramref name="k"/> for each solution. Literals that have at most
    /// one solution are evaluated in a loop without continuations; the first that can enumerate recurses.
    /// All bindings made here are undone before returning.
    /// </summary>
    private bool EvalBody(IrLiteral[] lits, int i, Cont k)
    {
        var mark = _trailTop;
        while (i < lits.Length)
        {
            Step();
            var lit = lits[i];
            var d = TryLiteralDirect(lit);
            if (d == Direct.True)
            {
                i++;
                continue;
            }
            if (d == Direct.False)
            {
                Undo(mark);
                return true;
            }
            // Each enumerating literal nests the rest of the body in a continuation: guard the real stack. The check
            // reads thread-local state, so it runs at every fourth level: four levels are far below its margin.
            if ((++_bodyNest & 3) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw DepthError(lit.Loc);
            var next = i + 1;
            bool r;
            if (next == lits.Length)
            {
                r = EvalLiteral(lit, k);
            }
            else
            {
                // Continuations never outlive the call they are passed to, so one object per nesting level is reused.
                var c = _bodyConts.Count > 0 ? _bodyConts.Pop() : new BodyCont(this);
                c.Set(lits, next, k);
                r = EvalLiteral(lit, c.Invoke);
                c.Set(null!, 0, null!);
                _bodyConts.Push(c);
            }
            _bodyNest--;
            Undo(mark);
            return r;
        }
        var res = k();
        Undo(mark);
        return res;
    }

    /// <summary>
    /// The continuation "evaluate literals [i..] then k". A separate method so that EvalBody itself captures
    /// nothing: a lambda there would allocate its closure on every call, even when every literal is direct.
    /// </summary>
    private Cont RestOfBody(IrLiteral[] lits, int i, Cont k) => () => EvalBody(lits, i, k);

    private readonly Stack<BodyCont> _bodyConts = new();

    /// <summary>A reusable "evaluate literals [Index..] then K" continuation (see EvalBody).</summary>
    private sealed class BodyCont
    {
        private readonly Evaluator _e;
        private IrLiteral[] _lits = null!;
        private int _index;
        private Cont _k = null!;

        public BodyCont(Evaluator e)
        {
            _e = e;
            Invoke = Run;
        }

        public Cont Invoke { get; }

        public void Set(IrLiteral[] lits, int index, Cont k)
        {
            _lits = lits;
            _index = index;
            _k = k;
        }

        private bool Run() => _e.EvalBody(_lits, _index, _k);
    }

    /// <summary>Evaluate a literal that has at most one solution without continuations, keeping its bindings.</summary>
    private Direct TryLiteralDirect(IrLiteral lit)
    {
        if (lit.With.Length > 0) return Direct.NotDirect;
        if (lit.Negated)
        {
            var mark = _trailTop;
            var d = TryExprDirect(lit.Expr);
            Undo(mark);
            return d switch
            {
                Direct.True => Direct.False,
                Direct.False => Direct.True,
                _ => Direct.NotDirect,
            };
        }
        return TryExprDirect(lit.Expr);
    }

    private Direct TryExprDirect(IrExpr expr)
    {
        switch (expr)
        {
            case IrUnify u:
            {
                RegoValue? v;
                IrTerm pattern;
                if (IsDirect(u.Right))
                {
                    v = Eval(u.Right);
                    pattern = u.Left;
                }
                else if (IsDirect(u.Left))
                {
                    v = Eval(u.Left);
                    pattern = u.Right;
                }
                else
                {
                    return Direct.NotDirect;
                }
                if (v is null) return Direct.False;
                var mark = _trailTop;
                switch (TryUnifyDirect(pattern, v))
                {
                    case Match.Yes: return Direct.True;
                    case Match.No:
                        Undo(mark);
                        return Direct.False;
                    default:
                        Undo(mark);
                        return Direct.NotDirect;
                }
            }
            case IrCallExpr c:
            {
                if (c.Target.Special is SpecialCall.Walk or SpecialCall.Print) return Direct.NotDirect;
                foreach (var a in c.Args)
                {
                    if (!IsDirect(a)) return Direct.NotDirect;
                }
                // An inlined function call is the function's expression; a with mock may replace the function, so then the call.
                if (c.Inlined is not null && _mocks is null) return TryExprDirect(c.Inlined);
                if (c.Target.Special >= SpecialCall.Equal && c.Output is null && _mocks is null)
                {
                    var x = Eval(c.Args[0]);
                    if (x is null) return Direct.False;
                    var y = Eval(c.Args[1]);
                    if (y is null) return Direct.False;
                    return Compare(c.Target.Special, x, y).Value ? Direct.True : Direct.False;
                }
                var r = CallDirect(c.Target, c.Args, c.Loc);
                if (r is null) return Direct.False;
                if (c.Output is null) return IsFalse(r) ? Direct.False : Direct.True;
                var mark = _trailTop;
                switch (TryUnifyDirect(c.Output, r))
                {
                    case Match.Yes: return Direct.True;
                    case Match.No:
                        Undo(mark);
                        return Direct.False;
                    default:
                        Undo(mark);
                        return Direct.NotDirect;
                }
            }
            case IrTermExpr te:
            {
                if (!IsDirect(te.Term)) return Direct.NotDirect;
                var v = Eval(te.Term);
                return v is null || IsFalse(v) ? Direct.False : Direct.True;
            }
            case IrNoop:
                return Direct.True;
            case IrHoist h:
                EvalHoist(h);
                return Direct.True;
            case IrEvery ev:
                if (!IsDirect(ev.Domain)) return Direct.NotDirect;
                var dom = Eval(ev.Domain);
                return dom is not null && EveryHolds(ev, dom) ? Direct.True : Direct.False;
            default:
                return Direct.NotDirect;
        }
    }

    private bool EvalLiteral(IrLiteral lit, Cont k)
    {
        if (lit.With.Length > 0) return EvalWith(lit, k);
        return EvalLiteralNoWith(lit, k);
    }

    private bool EvalLiteralNoWith(IrLiteral lit, Cont k)
    {
        if (!lit.Negated) return EvalExpr(lit.Expr, k);
        return HasSolution(lit.Expr) || k();
    }

    /// <summary>Whether an expression has a solution (bindings undone): the test behind <c>not</c>.</summary>
    private bool HasSolution(IrExpr expr)
    {
        var found = false;
        var mark = _trailTop;
        EvalExpr(expr, () =>
        {
            found = true;
            return false;
        });
        Undo(mark);
        return found;
    }

    private bool EvalExpr(IrExpr expr, Cont k)
    {
        switch (expr)
        {
            case IrUnify u:
                return Unify(u.Left, u.Right, k);
            case IrCallExpr c:
                return EvalCallExpr(c, k);
            case IrTermExpr te:
                return EvalTermExpr(te, k);
            case IrSomeIn si:
                if (IsDirect(si.Collection))
                {
                    var coll = Eval(si.Collection);
                    return coll is null || EnumerateMembers(coll, si.Key, si.Value, k);
                }
                return EvalSomeIn(si, k);
            case IrEvery ev:
                return EvalEvery(ev, k);
            case IrNoop:
                return k();
            case IrHoist h:
                EvalHoist(h);
                return k();
            default:
                throw new InvalidOperationException($"unknown expression {expr.GetType().Name}");
        }
    }

    // The lambdas live in their own methods so that EvalExpr allocates no closure on the paths that need none.
    private bool EvalTermExpr(IrTermExpr te, Cont k) => EvalTerm(te.Term, v => IsFalse(v) || k());

    private bool EvalSomeIn(IrSomeIn si, Cont k) => EvalTerm(si.Collection, coll => EnumerateMembers(coll, si.Key, si.Value, k));

    private bool EvalEvery(IrEvery ev, Cont k) => EvalTerm(ev.Domain, dom => !EveryHolds(ev, dom) || k());

    /// <summary>For each key/value of a collection, unify the key and value patterns and continue.</summary>
    private bool EnumerateMembers(RegoValue coll, IrTerm? keyPattern, IrTerm valuePattern, Cont k)
    {
        if (FreshSlot(valuePattern) is var valueSlot && valueSlot >= 0 && FreshSlot(keyPattern) is var keySlot && keySlot != valueSlot &&
            (keySlot >= 0 || keyPattern is null))
        {
            return EnumerateIntoSlots(coll, keySlot, valueSlot, k);
        }
        switch (coll)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var item = a[i];
                    var ok = keyPattern is null
                        ? UnifyValue(valuePattern, item, k)
                        : UnifyKeyValue(keyPattern, RegoNumber.Of(i), valuePattern, item, k);
                    if (!ok) return false;
                }
                return true;
            case RegoObject o:
                foreach (var key in o.SortedKeys)
                {
                    var item = o.Items[key];
                    var ok = keyPattern is null
                        ? UnifyValue(valuePattern, item, k)
                        : UnifyKeyValue(keyPattern, key, valuePattern, item, k);
                    if (!ok) return false;
                }
                return true;
            case RegoSet s:
                foreach (var item in s.SortedArray)
                {
                    var ok = keyPattern is null
                        ? UnifyValue(valuePattern, item, k)
                        : UnifyKeyValue(keyPattern, item, valuePattern, item, k);
                    if (!ok) return false;
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary>Unify a key and a value pattern with one member; direct when both patterns are simple.</summary>
    private bool UnifyKeyValue(IrTerm keyPattern, RegoValue key, IrTerm valuePattern, RegoValue value, Cont k)
    {
        var mark = _trailTop;
        var m = TryUnifyDirect(keyPattern, key);
        if (m == Match.Yes)
        {
            var r = UnifyValue(valuePattern, value, k);
            Undo(mark);
            return r;
        }
        Undo(mark);
        if (m == Match.No) return true;
        return UnifyValue(keyPattern, key, ThenUnify(valuePattern, value, k));
    }

    private Cont ThenUnify(IrTerm pattern, RegoValue value, Cont k) => () => UnifyValue(pattern, value, k);

    /// <summary>
    /// <c>every</c>: for each key/value of the domain, the patterns must match and the body have a solution.
    /// A domain that is not a collection makes it false. Nothing is bound outside.
    /// </summary>
    private bool EveryHolds(IrEvery ev, RegoValue domain)
    {
        switch (domain)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (!EveryElement(ev, RegoNumber.Of(i), a[i])) return false;
                }
                return true;
            case RegoObject o:
                foreach (var key in o.SortedKeys)
                {
                    if (!EveryElement(ev, key, o.Items[key])) return false;
                }
                return true;
            case RegoSet s:
                foreach (var item in s.SortedArray)
                {
                    if (!EveryElement(ev, item, item)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    private bool EveryElement(IrEvery ev, RegoValue key, RegoValue value)
    {
        var found = false;
        Cont body = () => EvalBody(ev.Body.Literals, 0, () =>
        {
            found = true;
            return false;
        });
        if (ev.Key is null) UnifyValue(ev.Value, value, body);
        else UnifyValue(ev.Key, key, () => UnifyValue(ev.Value, value, body));
        return found;
    }
}
