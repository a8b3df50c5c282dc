using System.Text;
using Gateway.Rego.Ast;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>Evaluate a term to each of its values (refs with unbound variables enumerate, binding them).</summary>
    private bool EvalTerm(IrTerm t, ValueCont k)
    {
        if (IsDirect(t))
        {
            var v = Eval(t);
            return v is null || k(v);
        }
        switch (t)
        {
            case IrRef r:
                return EvalRefEnum(r, k);
            case IrArray or IrSet or IrObject:
                return EvalCollectionEnum(t, k);
            case IrCall c:
                return EvalCallValue(c, k);
            case IrVar x:
                throw new RegoException(RegoErrorCodes.EvalInternal, $"var {x.Name} is unbound", x.Loc);
            default:
                // Comprehensions and templates only capture bound variables; reaching here means they were not.
                throw new RegoException(RegoErrorCodes.EvalInternal, "unbound variable in closure", t.Loc);
        }
    }

    /// <summary>A collection literal with unbound parts: one value per combination of its items' values.</summary>
    private bool EvalCollectionEnum(IrTerm t, ValueCont k)
    {
        switch (t)
        {
            case IrArray a:
            {
                var items = new RegoValue[a.Items.Length];
                return EvalItems(a.Items, items, 0, () => k(new RegoArray((RegoValue[])items.Clone())));
            }
            case IrSet s:
            {
                var items = new RegoValue[s.Items.Length];
                return EvalItems(s.Items, items, 0, () => k(new RegoSet(new HashSet<RegoValue>(items))));
            }
            default:
            {
                var o = (IrObject)t;
                var n = o.Keys.Length;
                var all = new IrTerm[n * 2];
                o.Keys.CopyTo(all, 0);
                o.Values.CopyTo(all, n);
                var items = new RegoValue[n * 2];
                return EvalItems(all, items, 0, () =>
                {
                    var d = new Dictionary<RegoValue, RegoValue>(n);
                    for (var i = 0; i < n; i++) d[items[i]] = items[n + i];
                    return k(new RegoObject(d));
                });
            }
        }
    }

    /// <summary>
    /// Evaluate each term (each may enumerate), storing the values, then continue. Bound terms go first,
    /// then terms that enumerate; a plain unbound variable waits until another term has bound it
    /// (as in <c>foo == input.foos[foo]</c>).
    /// </summary>
    private bool EvalItems(IrTerm[] terms, RegoValue[] into, int i, Cont k)
    {
        while (i < terms.Length && IsDirect(terms[i]))
        {
            var v = Eval(terms[i]);
            if (v is null) return true;
            into[i] = v;
            i++;
        }
        if (i == terms.Length) return k();
        if (terms.Length - i > 1 && IsPattern(terms[i]))
        {
            var done = new bool[terms.Length];
            for (var j = 0; j < i; j++) done[j] = true;
            return EvalItemsAnyOrder(terms, into, done, k);
        }
        var next = i + 1;
        return EvalTerm(terms[i], v =>
        {
            into[i] = v;
            return EvalItems(terms, into, next, k);
        });
    }

    private bool EvalItemsAnyOrder(IrTerm[] terms, RegoValue[] into, bool[] done, Cont k)
    {
        var pick = -1;
        for (var j = 0; j < terms.Length; j++)
        {
            if (done[j]) continue;
            if (IsDirect(terms[j]))
            {
                var v = Eval(terms[j]);
                if (v is null) return true;
                into[j] = v;
                var copy = (bool[])done.Clone();
                copy[j] = true;
                return EvalItemsAnyOrder(terms, into, copy, k);
            }
            if (pick < 0 && !IsPattern(terms[j])) pick = j;
        }
        if (pick < 0)
        {
            for (var j = 0; j < terms.Length && pick < 0; j++)
            {
                if (!done[j]) pick = j;
            }
        }
        if (pick < 0) return k();
        var next = (bool[])done.Clone();
        next[pick] = true;
        return EvalTerm(terms[pick], v =>
        {
            into[pick] = v;
            return EvalItemsAnyOrder(terms, into, next, k);
        });
    }

    /// <summary>Evaluate a term whose variables are all bound: its one value, or null if undefined.</summary>
    private RegoValue? Eval(IrTerm t)
    {
        switch (t)
        {
            case IrConst c:
                return c.Value;
            case IrVar x:
                return _frame[x.Slot];
            case IrRef r:
                return EvalRefDirect(r);
            case IrArray a:
            {
                var items = new RegoValue[a.Items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    var v = Eval(a.Items[i]);
                    if (v is null) return null;
                    items[i] = v;
                }
                return new RegoArray(items);
            }
            case IrSet s:
            {
                var set = new HashSet<RegoValue>(s.Items.Length);
                foreach (var item in s.Items)
                {
                    var v = Eval(item);
                    if (v is null) return null;
                    set.Add(v);
                }
                return new RegoSet(set);
            }
            case IrObject o:
            {
                var d = new Dictionary<RegoValue, RegoValue>(o.Keys.Length);
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    var key = Eval(o.Keys[i]);
                    if (key is null) return null;
                    var v = Eval(o.Values[i]);
                    if (v is null) return null;
                    d[key] = v;
                }
                return new RegoObject(d);
            }
            case IrCall c:
                // An inlined function call is the function's value term; a with mock may replace the function, so then the call.
                return c.Inlined is not null && _mocks is null ? Eval(c.Inlined) : CallDirect(c.Target, c.Args, c.Loc);
            case IrHoisted h:
                return _frame[h.Slot] is { } hv && !ReferenceEquals(hv, HoistMiss) ? hv : CallDirect(h.Original.Target, h.Original.Args, h.Loc);
            case IrComprehension comp:
                return EvalComprehension(comp);
            case IrTemplate tp:
                return EvalTemplate(tp);
            default:
                throw new InvalidOperationException($"unknown term {t.GetType().Name}");
        }
    }

    private RegoValue EvalComprehension(IrComprehension c)
    {
        var lits = c.Body.Literals;
        switch (c.Kind)
        {
            case ComprehensionKind.Array:
            {
                var list = new List<RegoValue>();
                EvalBody(lits, 0, () => EvalTerm(c.Head, v =>
                {
                    list.Add(v);
                    return true;
                }));
                return new RegoArray([.. list]);
            }
            case ComprehensionKind.Set:
            {
                var set = new HashSet<RegoValue>();
                EvalBody(lits, 0, () => EvalTerm(c.Head, v =>
                {
                    set.Add(v);
                    return true;
                }));
                return new RegoSet(set);
            }
            default:
            {
                var d = new Dictionary<RegoValue, RegoValue>();
                EvalBody(lits, 0, () => EvalTerm(c.Head, key => EvalTerm(c.Value!, v =>
                {
                    AddComprehensionEntry(d, key, v, c.Loc);
                    return true;
                })));
                return new RegoObject(d);
            }
        }
    }

    /// <summary>One entry of an object comprehension: a key may repeat only with the same value.</summary>
    private static void AddComprehensionEntry(Dictionary<RegoValue, RegoValue> d, RegoValue key, RegoValue value, Location loc)
    {
        if (d.TryGetValue(key, out var existing))
        {
            if (!existing.Equals(value)) throw Conflict("object keys must be unique", loc);
        }
        else
        {
            d[key] = value;
        }
    }

    private RegoValue EvalTemplate(IrTemplate tp)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tp.Texts.Length; i++)
        {
            var e = tp.Exprs[i];
            if (e is null)
            {
                sb.Append(tp.Texts[i]);
                continue;
            }
            RegoValue? single = null;
            var count = 0;
            ValueCont collect = v =>
            {
                if (count == 0 || !v.Equals(single))
                {
                    count++;
                    single = v;
                }
                return true;
            };
            if (tp.Withs?[i] is { } ws) WithScope(ws, _ => EvalTerm(e, collect), static () => true);
            else EvalTerm(e, collect);
            if (count > 1) throw Conflict("template-strings must not produce multiple outputs", e.Loc);
            if (single is null) sb.Append("<undefined>");
            else AppendFormatted(sb, single);
        }
        return new RegoString(sb.ToString());
    }

    /// <summary>Strings as they are, other values as their Rego text (as OPA formats template strings and print).</summary>
    internal static void AppendFormatted(StringBuilder sb, RegoValue v)
    {
        if (v is RegoString s) sb.Append(s.Value);
        else sb.Append(RegoJson.ToRegoText(v));
    }
}
