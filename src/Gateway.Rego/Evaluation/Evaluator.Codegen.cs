using System.Runtime.CompilerServices;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Evaluation.Codegen;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// The entry into rule bodies compiled to IL (see Codegen/BodyCodegen) and the operations the generated code
/// calls back into. Generated code keeps its variables in the same frame slots the interpreter uses, so it can
/// hand any literal it does not handle itself to <see cref="EvalBody"/> and get identical results.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// Run a rule body whose entry bindings are the compiled code's (none, or a function's parameters): compiled
    /// once the body has run often enough (<see cref="CompiledPolicy.CodegenThreshold"/>), interpreted otherwise.
    /// Compiled code assumes no <c>with</c> is active: mocks replace inlined calls, overlays change data refs.
    /// </summary>
    private bool RunRuleBody(IrRule r, RuleSink sink)
    {
        if (_mocks is null && _overlay is null && CompiledBodyOf(r) is { } code) return code(this, _frame, sink);
        return EvalBody(r.Body.Literals, 0, sink.BodyDone);
    }

    /// <summary>What EvalRule does, for the common case of a compiled rule without else and without arguments.</summary>
    private void RunCompiledRule(IrRule rule, CompiledBody code, RuleSink sink)
    {
        if (rule.IndexRef is { } ir && !InputHas(ir, rule.IndexValue!)) return;
        EnterCall(rule.Loc);
        sink.Rule = rule;
        sink.Produced = false;
        if (rule.Code.FrameFree)
        {
            code(this, [], sink);
            ExitCall();
            return;
        }
        var frame = RentFrame(rule.FrameSize);
        if (rule.Code.ReadsEvaluatorFrame)
        {
            var savedFrame = _frame;
            _frame = frame;
            code(this, frame, sink);
            _frame = savedFrame;
        }
        else
        {
            code(this, frame, sink);
        }
        ReturnFrame(frame);
        ExitCall();
    }

    private CompiledBody? CompiledBodyOf(IrRule r)
    {
        var state = r.Code;
        if (state.Body is { } compiled) return compiled;
        var threshold = _policy.CodegenThreshold;
        if (threshold < 0 || state.Failed || ++state.Runs <= threshold) return null;
        return RuleCodeCompiler.CompileOrSchedule(_policy, r);
    }

    // ---- called by generated code (public to it only through these names) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CgStep() => Step();

    internal RegoValue? CgInput() => _input;

    internal RegoValue? CgNode(DataNode node) => _cache.TryGetNode(node.Id, out var v) ? v : NodeValue(node);

    /// <summary>The interpreter's value of a term whose variables are bound.</summary>
    internal RegoValue? CgEval(IrTerm t) => Eval(t);

    /// <summary>The interpreter evaluates literals [i..] then calls k: for what generated code does not handle.</summary>
    internal bool CgInterpret(IrLiteral[] lits, int i, Cont k) => EvalBody(lits, i, k);

    internal bool CgHasSolution(IrExpr expr) => HasSolution(expr);

    internal bool CgEvery(IrEvery ev, RegoValue? domain) => domain is not null && EveryHolds(ev, domain);

    internal RegoValue CgHoist(IrHoist h) => HoistValue(h);

    /// <summary>A hoisted call's use site: the value computed before the loop, or the call itself after a miss.</summary>
    internal RegoValue? CgHoisted(RegoValue? hoisted, IrHoisted h) =>
        hoisted is not null && !ReferenceEquals(hoisted, HoistMiss) ? hoisted : CallDirect(h.Original.Target, h.Original.Args, h.Loc);

    internal int CgTrailMark() => _trailTop;

    internal void CgUndo(int mark) => Undo(mark);

    /// <summary>Unify a simple pattern (see IsSimplePattern) with a value: 0 yes (bindings kept on the trail), 1 no, 2 too complex.</summary>
    internal int CgUnify(IrTerm pattern, RegoValue value) => (int)TryUnifyDirect(pattern, value);

    /// <summary>
    /// A builtin with its arity checked when the code was generated. The arguments travel in a buffer on the stack:
    /// builtins see a span and keep nothing.
    /// </summary>
    internal RegoValue? CgBuiltin1(BuiltinSite site, RegoValue a)
    {
        var buf = new ArgBuffer();
        buf[0] = a;
        return CallBuiltinFunction(site.Def, ((ReadOnlySpan<RegoValue>)buf)[..1], in site.Loc);
    }

    internal RegoValue? CgBuiltin2(BuiltinSite site, RegoValue a, RegoValue b)
    {
        var buf = new ArgBuffer();
        buf[0] = a;
        buf[1] = b;
        return CallBuiltinFunction(site.Def, ((ReadOnlySpan<RegoValue>)buf)[..2], in site.Loc);
    }

    internal RegoValue? CgBuiltin3(BuiltinSite site, RegoValue a, RegoValue b, RegoValue c)
    {
        var buf = new ArgBuffer();
        buf[0] = a;
        buf[1] = b;
        buf[2] = c;
        return CallBuiltinFunction(site.Def, buf, in site.Loc);
    }

    internal RegoValue? CgBuiltinN(CallTarget t, RegoValue[] args, Location loc) => InvokeBuiltin(t, args, loc);

    /// <summary>
    /// <c>split(s, d)[index]</c>: the part between the index-th and the next occurrence of d (as string.Split numbers
    /// them), or undefined past the last; anything unusual (non-strings, an empty delimiter) goes through the builtin.
    /// </summary>
    internal RegoValue? CgSplitPart(BuiltinSite split, RegoValue s, RegoValue d, RegoValue index)
    {
        if (s is RegoString text && d is RegoString delimiter && delimiter.Value.Length > 0 && index is RegoNumber n && n.TryGetInt32(out var k) && k >= 0)
        {
            if (!StringBuiltins.TrySplitPart(text.Value, delimiter.Value, k, out var part)) return null;
            var (offset, length) = part.GetOffsetAndLength(text.Value.Length);
            // Parts are short names (an environment variable's, a registry host): usually pooled already, then no copy.
            return length == text.Value.Length ? text : RegoStringPool.Shared.GetOrAdd(text.Value.AsSpan(offset, length));
        }
        return Lookup(CgBuiltin2(split, s, d), index);
    }

    /// <summary>contains / startswith / endswith called directly when both arguments are strings; else the builtin (its type error).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RegoValue? CgStringTest(StringBuiltins.StringTest test, BuiltinSite site, RegoValue s, RegoValue part) =>
        s is RegoString x && part is RegoString y ? StringBuiltins.Test(test, x.Value, y.Value) : CgBuiltin2(site, s, part);

    /// <summary>
    /// object.get with a constant key (<paramref name="single"/>) or path, its keys' sites in <paramref name="path"/>:
    /// on an object, the walk <see cref="ObjectBuiltins.Get"/> makes, each step through its site; the builtin (its
    /// type error) for anything else.
    /// </summary>
    internal RegoValue? CgObjectGetAt(BuiltinSite site, RegoValue obj, RegoValue key, KeySite[] path, bool single, RegoValue fallback)
    {
        if (obj is not RegoObject o) return CgBuiltin3(site, obj, key, fallback);
        if (single) return o.Get(path[0]) ?? fallback;
        RegoValue? current = o;
        foreach (var step in path)
        {
            current = current switch
            {
                RegoObject x => x.Get(step),
                RegoArray or RegoSet => ObjectBuiltins.Find(current, [step.Key]),
                _ => null,
            };
            if (current is null) return fallback;
        }
        return current;
    }

    /// <summary>object.get called directly on an object; the builtin (its type error) for anything else.</summary>
    internal RegoValue? CgObjectGet(BuiltinSite site, RegoValue obj, RegoValue key, RegoValue fallback) =>
        obj is RegoObject o ? ObjectBuiltins.Get(o, key, fallback) : CgBuiltin3(site, obj, key, fallback);

    /// <summary>
    /// <c>contains(lower(x), part)</c> (or startswith, endswith) for a part of ASCII without capitals: on an ASCII x,
    /// the same as comparing x ignoring ASCII case, without the lowered copy; otherwise lower is called as written
    /// (Unicode lowering, or its type error), then the test.
    /// </summary>
    internal RegoValue? CgLowerStringTest(StringBuiltins.StringTest test, BuiltinSite site, BuiltinSite lower, RegoValue x, RegoString part)
    {
        if (x is RegoString s && System.Text.Ascii.IsValid(s.Value)) return StringBuiltins.Test(test, s.Value, part.Value, StringComparison.OrdinalIgnoreCase);
        return CgBuiltin1(lower, x) is { } lowered ? CgStringTest(test, site, lowered, part) : null;
    }

    /// <summary>
    /// Whether x contains (starts with, ends with) one of the matcher's patterns (BodyCodegen.AnyStringMatch). An x that
    /// is not a string fails as the loop's first call would (a builtin error, then no solution); undefined, nothing.
    /// </summary>
    internal bool CgAnyStringMatch(BuiltinSite site, StringMatcher matcher, RegoValue? x)
    {
        if (x is RegoString s) return matcher.Matches(s.Value);
        if (x is not null && matcher.First is { } first) CgStringTest(matcher.Test, site, x, first);
        return false;
    }

    /// <summary>
    /// <c>lower(x) == x</c>: an ASCII x is compared with its lowered self by looking for a capital, without the copy;
    /// any other x is lowered as written (Unicode lowering, or lower's error), then compared; undefined x: false.
    /// </summary>
    internal bool CgIsLower(BuiltinSite lower, RegoValue? x)
    {
        if (x is RegoString s && System.Text.Ascii.IsValid(s.Value)) return !s.Value.AsSpan().ContainsAnyInRange('A', 'Z');
        return x is not null && CgBuiltin1(lower, x) is { } lowered && lowered.Equals(x);
    }

    /// <summary>
    /// Whether lower(x) contains (starts with, ends with) one of the matcher's patterns, all ASCII without capitals: an
    /// ASCII x is compared ignoring case, with no lowered copy; any other x is lowered as written (Unicode lowering,
    /// or lower's error for a non-string), then matched.
    /// </summary>
    internal bool CgAnyLowerStringMatch(BuiltinSite site, BuiltinSite lower, StringMatcher matcher, RegoValue? x)
    {
        if (x is RegoString s && System.Text.Ascii.IsValid(s.Value)) return matcher.MatchesIgnoringCase(s.Value);
        return x is not null && CgAnyStringMatch(site, matcher, CgBuiltin1(lower, x));
    }

    /// <summary>count called directly; the builtin for values it rejects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RegoValue? CgCount(BuiltinSite site, RegoValue v) => AggregateBuiltins.Count(v) ?? CgBuiltin1(site, v);

    /// <summary>One element of a fused <c>sum([x | …])</c>: added in a long while it can be, then as numbers; the first non-number is kept.</summary>
    internal static void CgSumAdd(ref long acc, ref RegoNumber? big, ref RegoValue? bad, RegoValue v)
    {
        if (bad is not null) return;
        if (v is not RegoNumber n)
        {
            bad = v;
            return;
        }
        if (big is null && n.TryGetInt64(out var x) && RegoNumber.TryAdd(acc, x, out var r))
        {
            acc = r;
            return;
        }
        big = (big ?? RegoNumber.Of(acc)) + n;
    }

    /// <summary>
    /// A fused sum's value; with a non-number among the elements, the builtin called on that element alone, which
    /// fails with the very error (code, message, location) the whole array would have given.
    /// </summary>
    internal RegoValue? CgSumResult(BuiltinSite site, long acc, RegoNumber? big, RegoValue? bad) =>
        bad is not null ? CgBuiltin1(site, new RegoArray([bad])) : big ?? RegoNumber.Of(acc);

    [InlineArray(3)]
    private struct ArgBuffer
    {
        private RegoValue _first;
    }

    /// <summary>A user function with bound arguments (memoised like every call).</summary>
    internal RegoValue? CgFunction(CallTarget t, RegoValue[] args) => InvokeUnmocked(t, args, default);

    // ---- static helpers ----

    internal static bool CgTruthy(RegoValue? v) => v is not null && !IsFalse(v);

    internal static bool CgEqual(RegoValue? a, RegoValue? b) => a is not null && b is not null && a.Equals(b);

    internal static bool CgCompare(SpecialCall op, RegoValue? a, RegoValue? b) => a is not null && b is not null && Compare(op, a, b).Value;

    // x compared with an integer constant n (the constant itself for anything but a 64-bit integer x): one method per
    // operator, so that each is a few instructions the JIT inlines into the rule's code.
    internal static bool CgEqualsInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l == n : CgCompare(SpecialCall.Equal, x, constant);

    internal static bool CgNotEqualsInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l != n : CgCompare(SpecialCall.NotEqual, x, constant);

    internal static bool CgLessThanInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l < n : CgCompare(SpecialCall.Lt, x, constant);

    internal static bool CgAtMostInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l <= n : CgCompare(SpecialCall.Lte, x, constant);

    internal static bool CgGreaterThanInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l > n : CgCompare(SpecialCall.Gt, x, constant);

    internal static bool CgAtLeastInteger(RegoValue? x, long n, RegoValue constant) =>
        x is RegoNumber v && v.TryGetInt64(out var l) ? l >= n : CgCompare(SpecialCall.Gte, x, constant);

    internal static RegoValue? CgCompareValue(SpecialCall op, RegoValue? a, RegoValue? b) => a is null || b is null ? null : Compare(op, a, b);

    internal static RegoValue? CgMember(RegoValue? x, RegoValue? coll) => x is null || coll is null ? null : RegoBool.Of(IsMember(x, coll));

    /// <summary><c>x in coll</c> as a test: true when both are defined and x is a member.</summary>
    internal static bool CgIsMember(RegoValue? x, RegoValue? coll) => x is not null && coll is not null && IsMember(x, coll);

    internal static RegoValue? CgLookup(RegoValue? coll, RegoValue? key) => key is null ? null : Lookup(coll, key);

    /// <summary>A constant key looked up through its site (see <see cref="KeySite"/>); other collections as <see cref="Lookup"/>.</summary>
    // Called, not inlined, with the object lookup inlined into it: each of a policy's hundred-odd lookup sites is
    // then a call, not a type test and two calls, and the rule bodies are 8% smaller (37.5 KB against 41 for the
    // admission benchmark's 57), which measured about 1% faster; called with the lookup not inlined, 2% slower.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static RegoValue? CgLookupAt(RegoValue? coll, KeySite site) => coll is RegoObject o ? o.Get(site) : Lookup(coll, site.Key);

    /// <summary>A set literal's value from its items' values.</summary>
    internal static RegoValue CgSetOf(RegoValue[] items) => RegoSet.OfOwned(items);

    /// <summary>An object literal's value from its keys' and values' values, interleaved; a repeated key keeps the last value, as the interpreter's.</summary>
    internal static RegoValue CgObjectOf(RegoValue[] keysAndValues)
    {
        var d = new Dictionary<RegoValue, RegoValue>(keysAndValues.Length / 2);
        for (var i = 0; i < keysAndValues.Length; i += 2) d[keysAndValues[i]] = keysAndValues[i + 1];
        return new RegoObject(d);
    }

    internal static void CgObjectAdd(Dictionary<RegoValue, RegoValue> d, RegoValue? key, RegoValue? value, Location loc)
    {
        if (key is not null && value is not null) AddComprehensionEntry(d, key, value, loc);
    }
}
