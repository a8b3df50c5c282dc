using System.Linq.Expressions;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

internal sealed partial class BodyCodegen
{
    /// <summary>The value of a term whose variables are bound (<see cref="Direct"/>): a RegoValue, null when undefined.</summary>
    private Expression Term(IrTerm t)
    {
        if (++_nesting > MaxNesting) throw new CodegenUnsupportedException("term nesting");
        try
        {
            switch (t)
            {
                case IrConst c:
                    return Const<RegoValue>(c.Value);
                case IrVar x:
                    return Slot(x.Slot);
                case IrRef r:
                    return Ref(r);
                case IrCall c when Folded(c) is { } folded:
                    return Const(folded);
                case IrCall { Inlined: { } inlined }:
                    return Term(inlined);
                case IrCall c:
                    return CallValue(c.Target, c.Args, c.Loc) ?? Interpret(t);
                case IrHoisted h:
                    return HoistedUse(h);
                case IrComprehension comp:
                    return Comprehension(comp);
                case IrArray a:
                    return WithArgs(a.Items, v => New(typeof(RegoArray).GetConstructor([typeof(RegoValue[])])!, NewArrayInit(typeof(RegoValue), v)));
                case IrSet set:
                    return WithArgs(set.Items, v => Call(M(nameof(Evaluator.CgSetOf)), NewArrayInit(typeof(RegoValue), v)));
                case IrObject o:
                    // Key, value, key, value: the order the interpreter evaluates them in.
                    var pairs = o.Keys.Zip(o.Values, (k, v) => new[] { k, v }).SelectMany(p => p).ToArray();
                    return WithArgs(pairs, v => Call(M(nameof(Evaluator.CgObjectOf)), NewArrayInit(typeof(RegoValue), v)));
                default:
                    // Template strings: the interpreter's.
                    return Interpret(t);
            }
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>A hoisted call's use site: the slot's value, or the call made here when the hoisted one missed.</summary>
    private Expression HoistedUse(IrHoisted h)
    {
        var call = h.Original;
        if (!AllDirect(call.Args) || call.Inlined is not null || CallValue(call.Target, call.Args, call.Loc) is not { } again)
        {
            return FrameReading(nameof(Evaluator.CgHoisted), Slot(h.Slot), Const(h));
        }
        var v = Variable(typeof(RegoValue), "hoisted");
        return Block([v],
            Assign(v, Slot(h.Slot)),
            Condition(AndAlso(ReferenceNotEqual(v, NullValue), ReferenceNotEqual(v, Const<RegoValue>(Evaluator.HoistMiss))), v, again));
    }

    private MethodCallExpression Interpret(IrTerm t) => FrameReading(nameof(Evaluator.CgEval), Const<IrTerm>(t));

    /// <summary>
    /// A reference: input and local roots walk their path inline; a data ref that leads to a rule node reads the
    /// node's memoised document (a complete rule's document may be indexed further). Other data refs (partial
    /// sets and objects looked up by key, base data, paths through packages) are the interpreter's.
    /// </summary>
    private Expression Ref(IrRef r)
    {
        var path = r.Path;
        if (!path.All(p => p is IrConst or IrVar)) return Interpret(r);
        Expression cur;
        int start;
        switch (r.Root)
        {
            case RefRoot.Input:
                cur = Call(_e, M(nameof(Evaluator.CgInput)));
                start = 0;
                break;
            case RefRoot.Term when SplitPart(r) is { } part:
                cur = part;
                start = 1;
                break;
            case RefRoot.Term:
                cur = Term(r.Head!);
                start = 0;
                break;
            default:
            {
                var target = r.Target ??= Evaluator.ResolveRuleNode(_policy.Root, path);
                if (target.Node is not { } node || (target.Depth < path.Length && node.Kind != NodeKind.Complete)) return Interpret(r);
                cur = ConstantDocument(node) is { } doc ? Const(doc) : Call(_e, M(nameof(Evaluator.CgNode)), Const(node));
                start = target.Depth;
                break;
            }
        }
        for (var i = start; i < path.Length; i++)
        {
            cur = path[i] is IrConst c
                ? Call(M(nameof(Evaluator.CgLookupAt)), cur, Const(new KeySite(c.Value)))
                : Call(M(nameof(Evaluator.CgLookup)), cur, Slot(((IrVar)path[i]).Slot));
        }
        return cur;
    }

    /// <summary>
    /// The document of a rule node that is one unconditional constant (<c>max_layers := 64</c>), which compiled code
    /// may use directly: it runs only without <c>with</c> overlays, the one thing that could replace it.
    /// </summary>
    private static RegoValue? ConstantDocument(DataNode node)
    {
        if (node.Kind != NodeKind.Complete || node.Children is not null || node.Rules.Count != 1) return null;
        var rule = node.Rules[0];
        return rule.Else is null && rule.IndexRef is null && rule.Body.Literals.All(IsTrivial) && rule.Value is IrConst c ? c.Value : null;
    }

    private static bool IsTrivial(IrLiteral lit) =>
        lit.With.Length == 0 && !lit.Negated && lit.Expr is IrNoop or IrTermExpr { Term: IrConst { Value: RegoBool { Value: true } } };

    /// <summary>
    /// <c>split(s, d)[i]</c>, the idiom for "the part before the first d": the one part, without building the array
    /// and the other parts (see <see cref="Evaluator.CgSplitPart"/>). Null when the ref is not that.
    /// </summary>
    private Expression? SplitPart(IrRef r)
    {
        if (r.Head is not IrCall { Inlined: null, Target: { Special: SpecialCall.None, Function: null, Builtin: { Name: "split", Arity: 2 } def } } call ||
            call.Args.Length != 2 || r.Path.Length == 0 || !BuiltinRegistry.IsStandard(def))
        {
            return null;
        }
        // Ref() admits only constant and variable path elements; a variable holds any value, checked at run time.
        var index = r.Path[0] is IrConst c ? Const<RegoValue>(c.Value) : Slot(((IrVar)r.Path[0]).Slot);
        var site = Const(new BuiltinSite(def, call.Loc));
        return WithArgs(call.Args, a => Call(_e, M(nameof(Evaluator.CgSplitPart)), site, a[0], a[1], index));
    }

    // Standard builtins cheap and pure enough to compute while generating code, when their arguments are constants.
    private static readonly HashSet<string> Foldable = new(StringComparer.Ordinal) { "plus", "minus", "mul", "div", "rem", "abs", "round", "ceil", "floor" };

    /// <summary>
    /// The value of arithmetic on constants (<c>1000 * 1000 * 86400</c>), computed now; null when the term is not
    /// that, or its computation fails or is undefined: then it is computed, and fails, where the policy says.
    /// </summary>
    private static RegoValue? Folded(IrTerm t, int depth = 0)
    {
        if (t is IrConst c) return c.Value;
        if (depth > MaxNesting || t is not IrCall { Target: { Special: SpecialCall.None, Function: null, Builtin: { } def } } call ||
            !Foldable.Contains(def.Name) || !BuiltinRegistry.IsStandard(def) || call.Args.Length != def.Arity)
        {
            return null;
        }
        var args = new RegoValue[call.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (Folded(call.Args[i], depth + 1) is not { } v) return null;
            args[i] = v;
        }
        try
        {
            return def.Function(new BuiltinContext(), args);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// A call with bound arguments as a value: comparisons and membership inline, builtins with their arguments in
    /// locals, user functions through the evaluator (memoised). Null for the calls only the interpreter makes.
    /// </summary>
    private Expression? CallValue(CallTarget target, IrTerm[] args, Location loc)
    {
        switch (target.Special)
        {
            case >= SpecialCall.Equal:
                return WithArgs(args, a => Call(M(nameof(Evaluator.CgCompareValue)), Constant(target.Special), a[0], a[1]));
            case SpecialCall.Member2:
                return WithArgs(args, a => Call(M(nameof(Evaluator.CgMember)), a[0], a[1]));
            case SpecialCall.None:
                break;
            default:
                return null;
        }
        if (target.Function is not null)
        {
            return InlineFunction(target.Function, args)
                ?? WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgFunction)), Const(target), NewArrayInit(typeof(RegoValue), a)));
        }
        if (target.Builtin is not { } def) return null;
        var site = Const(new BuiltinSite(def, loc));
        if (def.Arity == args.Length && BuiltinRegistry.IsStandard(def))
        {
            // The commonest tests, called without the builtin protocol when the argument types are the usual ones.
            switch (def.Name)
            {
                case "count" or "sum" when args[0] is IrComprehension { Kind: ComprehensionKind.Array } comp && Aggregate(def.Name, comp, site) is { } aggregate:
                    return aggregate;
                case "contains" or "startswith" or "endswith":
                    var test = StringBuiltins.StringTestOf(def.Name)!.Value;
                    if (LowerOperand(args) is { } lowered)
                    {
                        var (lowerSite, part) = lowered;
                        return WithArgs([((IrCall)args[0]).Args[0]], a => Call(_e, M(nameof(Evaluator.CgLowerStringTest)), Constant(test), site, lowerSite, a[0], part));
                    }
                    return WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgStringTest)), Constant(test), site, a[0], a[1]));
                case "count":
                    return WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgCount)), site, a[0]));
                case "object.get" when args[1] is IrConst { Value: var key }:
                {
                    // A constant key or path: each key looked up through its own site, at the position it had last time.
                    KeySite[] path = key is RegoArray keys ? [.. keys.Items.ToArray().Select(k => new KeySite(k))] : [new KeySite(key)];
                    var single = key is not RegoArray;
                    return WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgObjectGetAt)), site, a[0], a[1], Const(path), Constant(single), a[2]));
                }
                case "object.get":
                    return WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgObjectGet)), site, a[0], a[1], a[2]));
            }
        }
        return (def.Arity == args.Length ? args.Length : -1) switch
        {
            1 => WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgBuiltin1)), site, a[0])),
            2 => WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgBuiltin2)), site, a[0], a[1])),
            3 => WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgBuiltin3)), site, a[0], a[1], a[2])),
            _ => WithArgs(args, a => Call(_e, M(nameof(Evaluator.CgBuiltinN)), Const(target), NewArrayInit(typeof(RegoValue), a), Constant(loc))),
        };
    }

    /// <summary>
    /// <c>contains(lower(x), "…")</c> and the like, the idiom for a case-insensitive test, with a constant ASCII part
    /// that has no capital: the lower call's site and the part, for a test that needs no lowered copy of x
    /// (see <see cref="Evaluator.CgLowerStringTest"/>). Null when the arguments are not that.
    /// </summary>
    private (Expression LowerSite, Expression Part)? LowerOperand(IrTerm[] args)
    {
        if (LowerCallOf(args[0]) is not { } lower || args[1] is not IrConst { Value: RegoString part } || !IsLowerAscii(part.Value)) return null;
        return (Const(new BuiltinSite(lower.Target.Builtin!, lower.Loc)), Const(part));
    }

    /// <summary>The term when it is <c>lower(x)</c> of the standard library, called directly; null otherwise.</summary>
    private IrCall? LowerCallOf(IrTerm term) =>
        term is IrCall { Inlined: null, Target: { Special: SpecialCall.None, Function: null, Builtin: { Name: "lower", Arity: 1 } lower } } call &&
        call.Args.Length == 1 && BuiltinRegistry.IsStandard(lower) && Direct(call.Args[0])
            ? call
            : null;

    /// <summary>ASCII without capitals: ASCII text lowered contains it exactly when the text contains it ignoring case.</summary>
    private static bool IsLowerAscii(string s) => System.Text.Ascii.IsValid(s) && !s.Any(char.IsAsciiLetterUpper);

    /// <summary>
    /// Evaluate arguments left to right into locals, stopping at the first undefined one (the call is then
    /// undefined: null, or false for a test), then <paramref name="use"/> them. Constants and bound variables need no local or check.
    /// </summary>
    private Expression WithArgs(IrTerm[] args, Func<Expression[], Expression> use)
    {
        var values = new Expression[args.Length];
        var computed = new (ParameterExpression Local, Expression Value)?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case IrConst c:
                    values[i] = Const<RegoValue>(c.Value);
                    break;
                case IrVar x:
                    values[i] = Slot(x.Slot);
                    break;
                default:
                    var local = Variable(typeof(RegoValue), $"a{i}");
                    computed[i] = (local, Term(args[i]));
                    values[i] = local;
                    break;
            }
        }
        var result = use(values);
        // A value (undefined: null), or a test (undefined: false).
        var type = result.Type == typeof(bool) ? typeof(bool) : typeof(RegoValue);
        var undefined = type == typeof(bool) ? Constant(false) : NullValue;
        for (var i = args.Length - 1; i >= 0; i--)
        {
            if (computed[i] is not { } c) continue;
            result = Block(type, [c.Local],
                Assign(c.Local, c.Value),
                Condition(ReferenceEqual(c.Local, NullValue), undefined, result, type));
        }
        return result;
    }

    /// <summary>
    /// A comprehension generated inline, its body in the enclosing frame with the enclosing bindings known; the
    /// interpreter's when some part of its body needs the interpreter (a comprehension has no continuation to hand
    /// the rest of its body to).
    /// </summary>
    private Expression Comprehension(IrComprehension c)
    {
        var generated = Attempt(() => c.Kind switch
        {
            ComprehensionKind.Array => Collect(c, typeof(List<RegoValue>), (acc, v) => Call(acc, typeof(List<RegoValue>).GetMethod("Add")!, v),
                acc => New(typeof(RegoArray).GetConstructor([typeof(RegoValue[])])!, Call(acc, typeof(List<RegoValue>).GetMethod("ToArray")!))),
            ComprehensionKind.Set => Collect(c, typeof(RegoSetBuilder), (acc, v) => Call(acc, typeof(RegoSetBuilder).GetMethod(nameof(RegoSetBuilder.Add))!, v),
                acc => Call(acc, typeof(RegoSetBuilder).GetMethod(nameof(RegoSetBuilder.Build))!)),
            _ => ObjectComprehension(c),
        });
        if (generated is not null) return generated;
        _interpreted++;
        return Interpret(c);
    }

    /// <summary>
    /// <c>count([x | …])</c> or <c>sum([x | …])</c>: the comprehension's body run with a counter or an accumulator
    /// instead of building the array. A non-number makes <c>sum</c> fail as the builtin does, after the whole body
    /// has run, as when the array is built first (see <see cref="Evaluator.CgSumResult"/>). Null when the body needs
    /// the interpreter: then the array is built.
    /// </summary>
    private Expression? Aggregate(string name, IrComprehension c, Expression site)
    {
        var acc = Variable(typeof(long), "acc");
        var big = Variable(typeof(RegoNumber), "big");
        var bad = Variable(typeof(RegoValue), "bad");
        var body = Attempt(() => BodyIn(c.Body.Literals, () =>
        {
            if (!Direct(c.Head)) throw new CodegenUnsupportedException("comprehension head enumerates");
            var v = Variable(typeof(RegoValue), "v");
            var add = name == "count" ? (Expression)PreIncrementAssign(acc) : Call(M(nameof(Evaluator.CgSumAdd)), acc, big, bad, v);
            return Block([v], Assign(v, Term(c.Head)), IfThen(ReferenceNotEqual(v, NullValue), add), True);
        }, canInterpret: false, c.Head.Vars, countsSolutions: true));
        if (body is null) return null;
        var result = name == "count"
            ? (Expression)Convert(Call(typeof(RegoNumber).GetMethod(nameof(RegoNumber.Of), [typeof(long)])!, acc), typeof(RegoValue))
            : Call(_e, M(nameof(Evaluator.CgSumResult)), site, acc, big, bad);
        // Block variables keep their values between runs of a block (in a loop): each aggregate starts afresh.
        return Block(typeof(RegoValue), [acc, big, bad],
            Assign(acc, Constant(0L)), Assign(big, Constant(null, typeof(RegoNumber))), Assign(bad, NullValue), body, result);
    }

    private Expression Collect(IrComprehension c, Type accType, Func<ParameterExpression, ParameterExpression, Expression> add, Func<ParameterExpression, Expression> build)
    {
        var acc = Variable(accType, "acc");
        var body = BodyIn(c.Body.Literals, () =>
        {
            if (!Direct(c.Head)) throw new CodegenUnsupportedException("comprehension head enumerates");
            var v = Variable(typeof(RegoValue), "v");
            return Block([v], Assign(v, Term(c.Head)), IfThen(ReferenceNotEqual(v, NullValue), add(acc, v)), True);
        }, canInterpret: false, c.Head.Vars, countsSolutions: c.Kind == ComprehensionKind.Array);
        return Block(typeof(RegoValue), [acc], Assign(acc, New(accType)), body, build(acc));
    }

    private Expression ObjectComprehension(IrComprehension c)
    {
        var d = Variable(typeof(Dictionary<RegoValue, RegoValue>), "d");
        var body = BodyIn(c.Body.Literals, () =>
        {
            if (!Direct(c.Head) || !Direct(c.Value!)) throw new CodegenUnsupportedException("comprehension head enumerates");
            // As the interpreter: the value is evaluated only when the key is defined.
            return Block(ValueThen(Term(c.Head), key => Block(Call(M(nameof(Evaluator.CgObjectAdd)), d, key, Term(c.Value!), Constant(c.Loc)), True)), True);
        }, canInterpret: false, SlotSet.Union(c.Head.Vars, c.Value!.Vars), countsSolutions: false);
        return Block(typeof(RegoValue), [d], Assign(d, New(typeof(Dictionary<RegoValue, RegoValue>))), body,
            New(typeof(RegoObject).GetConstructor([typeof(Dictionary<RegoValue, RegoValue>)])!, d));
    }
}
