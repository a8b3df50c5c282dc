using System.Linq.Expressions;
using System.Reflection;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>Code generation gave up where it cannot hand over to the interpreter; the caller falls back a level up.</summary>
internal sealed class CodegenUnsupportedException(string reason) : Exception(reason);

/// <summary>
/// Compiles a rule body to IL through System.Linq.Expressions.
/// <para>
/// The interpreter decides at run time, term by term, which variables are bound. Here that is decided once:
/// a rule body starts with nothing bound (a function: its parameters), and a literal that succeeds has bound
/// all its variables. Knowing that, a literal becomes a test, a store into a frame slot, or (<c>some … in</c>) a
/// real loop: no trail, no continuation objects, no dispatch on IR node types, builtins called with their
/// arguments in locals.
/// </para>
/// <para>
/// Variables stay in the frame slots the interpreter uses, and a binding is cleared when the code after it
/// returns. So at every literal the frame is exactly as the interpreter would have it, and whatever the generator
/// does not handle (with modifiers, enumerating refs, complex patterns) is handed to the interpreter there, for
/// the rest of the body. Results, errors and their order are the interpreter's; the conformance suite runs in
/// both modes to hold that.
/// </para>
/// </summary>
internal sealed partial class BodyCodegen
{
    private const int MaxLiterals = 200;
    private const int MaxNesting = 40;

    private static readonly Expression True = Constant(true);
    // Undefined is null. Test it with ReferenceEqual/ReferenceNotEqual: Expression.Equal would call RegoValue's ==
    // operator, which calls the virtual Equals, on every test.
    private static readonly Expression NullValue = Constant(null, typeof(RegoValue));

    private readonly CompiledPolicy _policy;
    private readonly ParameterExpression _e;
    private readonly ParameterExpression _frame = Parameter(typeof(RegoValue[]), "frame");
    private readonly ParameterExpression _sink = Parameter(typeof(Evaluator.RuleSink), "sink");

    /// <summary>The objects the body uses; shared with the generators of functions inlined into it.</summary>
    private readonly ConstantTable _constants;

    /// <summary>Slots bound at the point being generated.</summary>
    private readonly bool[] _bound;

    private int _nesting;
    private int _interpreted;

    /// <summary>The code calls something that works in the evaluator's current frame (the interpreter, the trail).</summary>
    private bool _readsFrame;

    /// <summary>
    /// The slots as IL locals, when nothing but the generated code reads them (see <see cref="Compile"/>); null when
    /// they live in the frame.
    /// </summary>
    private ParameterExpression[]? _locals;

    /// <summary>
    /// The slots the end of the body being generated reads (a rule's head, a comprehension's head), null when not
    /// known; with <see cref="_countsSolutions"/>, what <see cref="AnyStringMatch"/> needs to know.
    /// </summary>
    private int[]? _liveAtEnd;

    /// <summary>The body's end counts its solutions (an array comprehension, count or sum), rather than collecting them into a set or a single value.</summary>
    private bool _countsSolutions;

    /// <summary>Loops may visit a set's elements in the set's own order (see <see cref="MembersInAnyOrder"/>).</summary>
    private bool _membersInAnyOrder;

    private BodyCodegen(CompiledPolicy policy, int frameSize, ParameterExpression? evaluator = null, ConstantTable? constants = null)
    {
        _e = evaluator ?? Parameter(typeof(Evaluator), "e");
        _constants = constants ?? new ConstantTable();
        _policy = policy;
        _bound = new bool[frameSize];
    }

    /// <summary>
    /// Compile a rule body. When no part of it hands over to the interpreter, which reads variables in the frame,
    /// the body is generated a second time with its variables in IL locals: the JIT can keep them in registers, a
    /// binding needs no store barrier and no bounds check, and the code reads the frame only for its entry bindings
    /// (<paramref name="frameFree"/> when it has none: the caller then need not rent a frame).
    /// </summary>
    public static GeneratedBody Compile(CompiledPolicy policy, IrRule rule, IReadOnlyCollection<int> entryBound)
    {
        if (rule.Body.Literals.Length > MaxLiterals) throw new CodegenUnsupportedException("body too long");
        var g = Generate(policy, rule, entryBound, locals: false, out var body);
        var frameFree = false;
        if (!g._readsFrame)
        {
            g = Generate(policy, rule, entryBound, locals: true, out body);
            // The same generator over the same body makes the same choices; should it not, keep the frame.
            if (g._readsFrame) g = Generate(policy, rule, entryBound, locals: false, out body);
            else frameFree = entryBound.Count == 0;
        }
        var code = Lambda<CompiledBody>(g._constants.Bind(body), $"rule@{rule.Loc.Row}", [g._e, g._frame, g._sink]).Compile();
        return new GeneratedBody(code, g._interpreted, g._readsFrame, frameFree, g._patternLoops, MembersInAnyOrder(rule));
    }

    private static BodyCodegen Generate(CompiledPolicy policy, IrRule rule, IReadOnlyCollection<int> entryBound, bool locals, out Expression body)
    {
        var g = new BodyCodegen(policy, rule.FrameSize);
        foreach (var s in entryBound) g._bound[s] = true;
        if (locals) g._locals = Enumerable.Range(0, rule.FrameSize).Select(i => Variable(typeof(RegoValue), $"s{i}")).ToArray();
        body = g.BodyIn(rule.Body.Literals, () => g.Solution(rule), canInterpret: true, SlotSet.Union([rule.Key, rule.Value, .. rule.DynPath]), countsSolutions: false,
            membersInAnyOrder: MembersInAnyOrder(rule));
        if (g._locals is { } vars)
        {
            // A function's parameters, bound in the frame by the caller, are read into their locals first.
            var entry = entryBound.Distinct().Select(s => (Expression)Assign(vars[s], ArrayAccess(g._frame, Constant(s))));
            body = Block(typeof(bool), vars, [.. entry, body]);
        }
        return g;
    }

    /// <summary>
    /// A solution of a rule body: complete rules, functions and partial sets have one head term, evaluated here
    /// when its variables are bound; otherwise (ref heads, heads that enumerate) the sink evaluates the head.
    /// </summary>
    private Expression Solution(IrRule rule)
    {
        var head = rule.Node.Kind switch
        {
            NodeKind.Complete or NodeKind.Function => rule.Value ?? Evaluator.TrueTerm,
            NodeKind.Set => rule.Key,
            _ => null,
        };
        if (head is not null && Direct(head))
        {
            return Call(_sink, typeof(Evaluator.RuleSink).GetMethod(nameof(Evaluator.RuleSink.OnHead))!, Term(head), Constant(head is IrConst));
        }
        _readsFrame = true; // the sink evaluates the head in the evaluator's frame
        return Invoke(BodyDone);
    }

    private MemberExpression BodyDone => Property(_sink, nameof(Evaluator.RuleSink.BodyDone));

    /// <summary>
    /// Literals [i..], then <paramref name="end"/> once per solution: a bool expression, false when the search was
    /// stopped. Without <paramref name="canInterpret"/> (a comprehension: no continuation to hand over) a literal the
    /// generator does not handle throws <see cref="CodegenUnsupportedException"/>.
    /// </summary>
    private Expression Body(IrLiteral[] lits, int i, Func<Expression> end, bool canInterpret)
    {
        if (i == lits.Length) return end();
        var lit = lits[i];
        Expression Rest() => Body(lits, i + 1, end, canInterpret);
        if (AnyStringMatch(lits, i, end, canInterpret) is { } any) return any;
        if (lit.Expr is IrHoist hoist && FeedsOnlyALowerPatternTest(lits, i, hoist)) return Rest();
        var code = lit.With.Length > 0 ? null
            : lit.Negated ? Condition(Not(Test(lit.Expr) ?? FrameReading(nameof(Evaluator.CgHasSolution), Const<IrExpr>(lit.Expr))), Rest(), True)
            : Positive(lit.Expr, Rest);
        if (code is not null) return Block(Call(_e, M(nameof(Evaluator.CgStep))), code);
        if (!canInterpret) throw new CodegenUnsupportedException($"literal at {lit.Loc}");
        _interpreted++;
        return FrameReading(nameof(Evaluator.CgInterpret), Const(lits), Constant(i), BodyDone);
    }

    /// <summary>A literal (not negated): a test, a binding, or a loop; null when the interpreter must evaluate it.</summary>
    private Expression? Positive(IrExpr expr, Func<Expression> rest)
    {
        switch (expr)
        {
            case IrNoop:
                return rest();
            case IrHoist h:
                return BindSlot(h.Slot, Hoisted(h), rest);
            case IrSomeIn si:
                return SomeIn(si, rest);
            case IrCallExpr { Inlined: { } inlined } c when AllDirect(c.Args):
                return Positive(inlined, rest);
        }
        if (Test(expr) is { } test) return Condition(test, rest(), True);
        switch (expr)
        {
            case IrUnify u:
                // As the interpreter: the right side is the value when it is bound, else the left.
                if (Direct(u.Right)) return Unify(u.Left, Term(u.Right), rest);
                if (Direct(u.Left)) return Unify(u.Right, Term(u.Left), rest);
                return null;
            case IrCallExpr { Output: { } output } c when AllDirect(c.Args) && c.Target.Special is not (SpecialCall.Walk or SpecialCall.Print):
                return CallValue(c.Target, c.Args, c.Loc) is { } value ? Unify(output, value, rest) : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The value a hoisted call leaves in its slot (see Compiler.Hoisting): computed here, a recorded builtin error
    /// forgotten as the interpreter's <see cref="Evaluator.CgHoist"/> forgets it; the interpreter's when the call is
    /// not one generated code makes.
    /// <para>
    /// Unlike the interpreter this does not catch a <see cref="RegoException"/>: a hoisted call is a pure standard
    /// builtin, whose only such exception is cancellation, which ends the evaluation wherever it strikes. A try
    /// block here would cost more than the call: it made the whole benchmark decision 12% slower, because the JIT
    /// keeps a method's variables out of registers around exception handlers.
    /// </para>
    /// </summary>
    private Expression Hoisted(IrHoist h)
    {
        if (!AllDirect(h.Call.Args) || h.Call.Inlined is not null || CallValue(h.Call.Target, h.Call.Args, h.Call.Loc) is not { } value)
        {
            return FrameReading(nameof(Evaluator.CgHoist), Const(h));
        }
        var mark = Variable(typeof(Evaluator.HoistMark), "mark");
        return Block([mark],
            Assign(mark, Call(_e, M(nameof(Evaluator.CgHoistMark)))),
            Call(_e, M(nameof(Evaluator.CgHoistResult)), mark, value, Constant(false)));
    }

    /// <summary>
    /// A body generated with what its end reads and whether the end counts solutions; the enclosing body's context
    /// restored after. Its loops visit sets in any order only when <paramref name="membersInAnyOrder"/> (a rule's own
    /// body that allows it), never inside comprehensions, every or inlined functions.
    /// </summary>
    private Expression BodyIn(IrLiteral[] lits, Func<Expression> end, bool canInterpret, int[] liveAtEnd, bool countsSolutions, bool membersInAnyOrder = false)
    {
        var (savedLive, savedCounts, savedOrder) = (_liveAtEnd, _countsSolutions, _membersInAnyOrder);
        (_liveAtEnd, _countsSolutions, _membersInAnyOrder) = (liveAtEnd, countsSolutions, membersInAnyOrder);
        try
        {
            return Body(lits, 0, end, canInterpret);
        }
        finally
        {
            (_liveAtEnd, _countsSolutions, _membersInAnyOrder) = (savedLive, savedCounts, savedOrder);
        }
    }

    /// <summary>An expression whose terms are all bound, as a bool (it binds nothing); null when it is not one.</summary>
    private Expression? Test(IrExpr expr)
    {
        switch (expr)
        {
            case IrNoop:
                return True;
            case IrUnify u when Direct(u.Left) && Direct(u.Right):
                return ValueThen(Term(u.Right), v => Call(M(nameof(Evaluator.CgEqual)), Term(u.Left), v));
            case IrCallExpr c when AllDirect(c.Args) && c.Target.Special is not (SpecialCall.Walk or SpecialCall.Print):
                if (c.Inlined is not null) return Test(c.Inlined);
                if (c.Output is null && IsLowerTest(c) is { } lower)
                {
                    return Call(_e, M(nameof(Evaluator.CgIsLower)), Const(new BuiltinSite(lower.Target.Builtin!, lower.Loc)), Term(lower.Args[0]));
                }
                if (c.Output is null && CompareWithInteger(c) is { } integerTest) return integerTest;
                if (c.Output is null && c.Target.Special == SpecialCall.Member2)
                {
                    // x in coll as a test: the answer itself, not a boolean value to test for truth.
                    return WithArgs(c.Args, a => Call(M(nameof(Evaluator.CgIsMember)), a[0], a[1]));
                }
                if (c.Output is null && c.Target.Special >= SpecialCall.Equal)
                {
                    return ValueThen(Term(c.Args[0]), x => Call(M(nameof(Evaluator.CgCompare)), Constant(c.Target.Special), x, Term(c.Args[1])));
                }
                if (CallValue(c.Target, c.Args, c.Loc) is not { } value) return null;
                if (c.Output is null) return Call(M(nameof(Evaluator.CgTruthy)), value);
                if (!Direct(c.Output)) return null;
                return ValueThen(value, v => Call(M(nameof(Evaluator.CgEqual)), Term(c.Output), v));
            case IrTermExpr te when Direct(te.Term):
                return Call(M(nameof(Evaluator.CgTruthy)), Term(te.Term));
            case IrEvery ev when Direct(ev.Domain):
                return Every(ev);
            default:
                return null;
        }
    }

    /// <summary><c>v := value</c> then <paramref name="then"/>(v); false when the value is undefined.</summary>
    private static Expression ValueThen(Expression value, Func<ParameterExpression, Expression> then)
    {
        var v = Variable(typeof(RegoValue), "v");
        return Block([v], Assign(v, value), AndAlso(ReferenceNotEqual(v, NullValue), then(v)));
    }

    /// <summary>Unify a pattern with a value (undefined: no solution), then the rest.</summary>
    private Expression? Unify(IrTerm pattern, Expression value, Func<Expression> rest)
    {
        var v = Variable(typeof(RegoValue), "v");
        Expression matched;
        if (pattern is IrVar x && !_bound[x.Slot])
        {
            matched = BindSlot(x.Slot, v, rest);
        }
        else if (Direct(pattern))
        {
            matched = Condition(Call(M(nameof(Evaluator.CgEqual)), Term(pattern), v), rest(), True);
        }
        else if (Evaluator.IsSimplePattern(pattern))
        {
            // Arrays and objects of variables and constants: the interpreter's unification binds through the trail,
            // undone when the rest returns. Such patterns never need the enumerating path.
            var mark = Variable(typeof(int), "mark");
            var r = Variable(typeof(bool), "r");
            var after = WithBound(pattern.Vars, rest);
            matched = Block([mark, r],
                Assign(mark, Call(_e, M(nameof(Evaluator.CgTrailMark)))),
                Assign(r, Condition(Equal(FrameReading(nameof(Evaluator.CgUnify), Const<IrTerm>(pattern), v), Constant(0)), after, True)),
                Call(_e, M(nameof(Evaluator.CgUndo)), mark),
                r);
        }
        else
        {
            return null;
        }
        return Block([v], Assign(v, value), Condition(ReferenceEqual(v, NullValue), True, matched));
    }

    /// <summary>Store a value in a slot, run the rest with the slot bound, clear the slot.</summary>
    private Expression BindSlot(int slot, Expression value, Func<Expression> rest)
    {
        var r = Variable(typeof(bool), "r");
        var after = WithBound([slot], rest);
        return Block([r],
            Store(slot, value),
            Assign(r, after),
            Store(slot, NullValue),
            r);
    }

    /// <summary><c>some k, v in coll</c> with fresh variables and a bound collection: a loop over the members.</summary>
    private Expression? SomeIn(IrSomeIn si, Func<Expression> rest)
    {
        if (!Direct(si.Collection) || si.Value is not IrVar value || _bound[value.Slot]) return null;
        var keySlot = -1;
        if (si.Key is not null)
        {
            if (si.Key is not IrVar key || _bound[key.Slot] || key.Slot == value.Slot) return null;
            keySlot = key.Slot;
        }
        var coll = Variable(typeof(RegoValue), "coll");
        var ok = Variable(typeof(bool), "ok");
        var after = WithBound(keySlot >= 0 ? [keySlot, value.Slot] : [value.Slot], rest);
        return Block([coll, ok],
            Assign(ok, True),
            Assign(coll, Term(si.Collection)),
            IfThen(ReferenceNotEqual(coll, NullValue), MembersLoop(coll, ok, keySlot, value.Slot, after)),
            ok);
    }

    /// <summary>
    /// The loop over a collection's members that <c>some … in</c> and <c>every</c> share: each member into the key
    /// slot (-1: none) and the value slot, then <paramref name="member"/>; at the first member it is false for,
    /// <paramref name="ok"/> is set false and the loop ends. The slots are cleared after.
    /// </summary>
    private BlockExpression MembersLoop(ParameterExpression coll, ParameterExpression ok, int keySlot, int valueSlot, Expression member)
    {
        var n = Variable(typeof(int), "n");
        var i = Variable(typeof(int), "i");
        var done = Label("done");
        List<ParameterExpression> variables = [n, i];
        Expression start, count, store;
        if (_locals is { } l && keySlot < 0)
        {
            // The commonest loop, over an array's or a set's values: indexed in their array; objects through MemberAt.
            var items = Variable(typeof(RegoValue[]), "items");
            var unusedKey = Variable(typeof(RegoValue), "unusedKey");
            var hasItems = ReferenceNotEqual(items, Constant(null, typeof(RegoValue[])));
            var memberAt = _membersInAnyOrder ? nameof(Evaluator.MemberAtInAnyOrder) : nameof(Evaluator.MemberAt);
            variables.AddRange([items, unusedKey]);
            start = Assign(items, Call(M(nameof(Evaluator.MemberValues)), coll, Constant(_membersInAnyOrder)));
            count = Condition(hasItems, ArrayLength(items), Call(M(nameof(Evaluator.MemberCount)), coll));
            store = Assign(l[valueSlot], Condition(hasItems, ArrayIndex(items, i), Call(M(memberAt), coll, i, Constant(false), unusedKey)));
        }
        else
        {
            start = Empty();
            count = MemberCount(coll);
            store = StoreMember(coll, i, keySlot, valueSlot);
        }
        return Block(variables,
            start,
            Assign(n, count),
            Assign(i, Constant(0)),
            Loop(
                IfThenElse(
                    LessThan(i, n),
                    Block(
                        store,
                        IfThen(Not(member), Block(Assign(ok, Constant(false)), Break(done))),
                        PreIncrementAssign(i)),
                    Break(done)),
                done),
            keySlot >= 0 ? Store(keySlot, NullValue) : Empty(),
            Store(valueSlot, NullValue));
    }

    /// <summary>
    /// <c>every k, v in domain { body }</c> with fresh variables: a loop that stops at the first member for which the
    /// body has no solution. False when the domain is not a collection, as the interpreter's. The interpreter's when
    /// some part of the body needs it (a body has no continuation to hand over).
    /// </summary>
    private Expression Every(IrEvery ev)
    {
        var keySlot = ev.Key is IrVar k && !_bound[k.Slot] ? k.Slot : -1;
        if (ev.Value is not IrVar value || _bound[value.Slot] || (ev.Key is not null && (keySlot < 0 || keySlot == value.Slot)))
        {
            return FrameReading(nameof(Evaluator.CgEvery), Const(ev), Term(ev.Domain));
        }
        var coll = Variable(typeof(RegoValue), "domain");
        var ok = Variable(typeof(bool), "ok");
        // The body's code returns false when it was stopped, which its end does at the first solution.
        var found = Attempt(() => Not(WithBound(keySlot >= 0 ? [keySlot, value.Slot] : [value.Slot],
            () => BodyIn(ev.Body.Literals, () => Constant(false), canInterpret: false, [], countsSolutions: false))));
        if (found is null) return FrameReading(nameof(Evaluator.CgEvery), Const(ev), Term(ev.Domain));
        return Block([coll, ok],
            Assign(coll, Term(ev.Domain)),
            Assign(ok, Call(M(nameof(Evaluator.IsCollection)), coll)),
            IfThen(ok, MembersLoop(coll, ok, keySlot, value.Slot, found)),
            ok);
    }

    /// <summary>
    /// Generate a part that has no continuation to hand over to the interpreter (a comprehension's or an every's
    /// body); null when it needs the interpreter, with the bound slots as they were before the attempt.
    /// </summary>
    private Expression? Attempt(Func<Expression> generate)
    {
        var saved = (bool[])_bound.Clone();
        try
        {
            return generate();
        }
        catch (CodegenUnsupportedException)
        {
            Array.Copy(saved, _bound, saved.Length);
            return null;
        }
    }

    /// <summary>Generate <paramref name="rest"/> with the slots marked bound (restored afterwards, also when generation gives up).</summary>
    private Expression WithBound(int[] slots, Func<Expression> rest)
    {
        var newly = slots.Where(s => !_bound[s]).Distinct().ToArray();
        foreach (var s in newly) _bound[s] = true;
        try
        {
            return rest();
        }
        finally
        {
            foreach (var s in newly) _bound[s] = false;
        }
    }

    /// <summary>A call of an evaluator method that reads or binds in <c>Evaluator._frame</c>, which must then be this rule's frame.</summary>
    private MethodCallExpression FrameReading(string method, params Expression[] args)
    {
        _readsFrame = true;
        return Call(_e, M(method), args);
    }

    private Expression Slot(int slot) => _locals is { } l ? l[slot] : ArrayAccess(_frame, Constant(slot));

    /// <summary>slot = value; in the frame without the covariance check a plain array store costs.</summary>
    private Expression Store(int slot, Expression value) =>
        _locals is { } l ? Assign(l[slot], value) : Call(M(nameof(Evaluator.StoreSlot)), _frame, Constant(slot), value);

    /// <summary>The i-th member of a collection into the key slot (-1: none) and the value slot.</summary>
    private Expression StoreMember(ParameterExpression coll, ParameterExpression i, int keySlot, int valueSlot)
    {
        var (store, memberAt) = _membersInAnyOrder
            ? (nameof(Evaluator.StoreMemberInAnyOrder), nameof(Evaluator.MemberAtInAnyOrder))
            : (nameof(Evaluator.StoreMember), nameof(Evaluator.MemberAt));
        // (Loops over values alone, with locals, index the values' array: see MembersLoop.)
        if (_locals is not { } l) return Call(M(store), coll, i, _frame, Constant(keySlot), Constant(valueSlot));
        return Assign(l[valueSlot], Call(M(memberAt), coll, i, Constant(true), l[keySlot]));
    }

    /// <summary>How many members <c>some … in</c> visits: an array's count read here, other collections through MemberCount.</summary>
    private static Expression MemberCount(ParameterExpression coll) =>
        Condition(TypeIs(coll, typeof(RegoArray)), Property(Convert(coll, typeof(RegoArray)), nameof(RegoArray.Count)), Call(M(nameof(Evaluator.MemberCount)), coll));

    /// <summary>The term has one value (or none) here: no unbound variable, no multi-valued call.</summary>
    private bool Direct(IrTerm t)
    {
        if (t.Multi) return false;
        foreach (var v in t.Vars)
        {
            if (!_bound[v]) return false;
        }
        return true;
    }

    private bool AllDirect(IrTerm[] terms) => terms.All(Direct);

    /// <summary>A constant object typed as <typeparamref name="T"/>, read from the rule's <see cref="ConstantTable"/>.</summary>
    private Expression Const<T>(T value)
        where T : class =>
        _constants.Read(value, typeof(T));

    private static MethodInfo M(string name) =>
        typeof(Evaluator).GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        ?? throw new InvalidOperationException($"no method {name}");
}
