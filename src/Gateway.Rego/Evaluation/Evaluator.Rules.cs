using System.Runtime.CompilerServices;
using Gateway.Rego.Compilation;
using Gateway.Rego.Evaluation.Codegen;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>The virtual document at a node (rules evaluated, children merged), memoised; base data is merged by <see cref="ValueAt"/>.</summary>
    private RegoValue? NodeValue(DataNode node)
    {
        if (_cache.TryGetNode(node.Id, out var cached)) return cached;
        // Query-invariant documents are shared across evaluations, except under with (which may change them).
        var shared = node.QueryInvariant && ReferenceEquals(_cache, _rootCache) ? _shared : null;
        if (shared is not null && shared.TryGet(node.Id, out cached))
        {
            _cache.SetNode(node.Id, cached);
            return cached;
        }
        var errorsBefore = _builtinErrorCount;
        RegoValue? v;
        switch (node.Kind)
        {
            case NodeKind.Complete:
                v = Volatile.Read(ref node.Single) is { } single && _mocks is null && _overlay is null ? EvalSingleRule(single) : EvalComplete(node);
                if (node.Children is not null && v is RegoObject obj)
                {
                    var b = new ObjectBuilder();
                    foreach (var (k, item) in obj.Items) b.MergeChild(k, item, node.Loc);
                    MergeChildren(node, b);
                    v = b.Build();
                }
                break;
            case NodeKind.Set:
                v = EvalPartialSet(node);
                break;
            case NodeKind.Object:
            {
                var b = new ObjectBuilder();
                EvalObjectRules(node, b);
                MergeChildren(node, b);
                v = b.Build();
                break;
            }
            case NodeKind.Function:
                v = null;
                break;
            default:
                v = PackageValue(node);
                break;
        }
        _cache.SetNode(node.Id, v);
        // A builtin error made part of the document undefined: keep it out of the shared cache, so that every
        // evaluation sees (and in strict mode reports) the error.
        if (shared is not null && _builtinErrorCount == errorsBefore) shared.Set(node.Id, v);
        return v;
    }

    private void MergeChildren(DataNode node, ObjectBuilder b)
    {
        foreach (var child in node.SortedChildren)
        {
            var cv = NodeValue(child);
            if (cv is not null) b.MergeChild(child.Key!, cv, child.Loc);
        }
    }

    /// <summary>A package (or intermediate) node: an object of its children's documents; undefined children are left out.</summary>
    private RegoObject PackageValue(DataNode node)
    {
        if (node.Children is null) return RegoObject.Empty;
        var d = new Dictionary<RegoValue, RegoValue>();
        foreach (var child in node.SortedChildren)
        {
            var cv = NodeValue(child);
            if (cv is not null) d[child.Key!] = cv;
        }
        return new RegoObject(d);
    }

    /// <summary>
    /// Run a rule (and its else chain), handing each body solution to the sink (which evaluates the head in the
    /// rule's frame). For a function, <paramref name="args"/> are unified with the parameters first. An else
    /// element runs only when the elements before it produced nothing.
    /// </summary>
    private void EvalRule(IrRule rule, RegoValue[]? args, RuleSink sink)
    {
        if (args is null && rule.Else is null && rule.Code.Body is { } code && _mocks is null && _overlay is null)
        {
            RunCompiledRule(rule, code, sink);
            return;
        }
        EnterCall(rule.Loc);
        var savedFrame = _frame;
        for (var r = rule; r is not null; r = r.Else)
        {
            if (r.IndexRef is { } ir && !InputHas(ir, r.IndexValue!)) continue;
            sink.Rule = r;
            sink.Produced = false;
            var frame = RentFrame(r.FrameSize);
            _frame = frame;
            if (args is null || args.Length == 0) RunRuleBody(r, sink);
            else BindArgsThenBody(r, args, sink);
            ReturnFrame(frame);
            if (sink.Produced) break;
        }
        // Not restored on exceptions: an error ends the whole evaluation.
        _frame = savedFrame;
        ExitCall();
    }

    private void BindArgsThenBody(IrRule r, RegoValue[] args, RuleSink sink)
    {
        var mark = _trailTop;
        for (var i = 0; i < r.Args.Length; i++)
        {
            var m = TryUnifyDirect(r.Args[i], args[i]);
            if (m == Match.Yes) continue;
            Undo(mark);
            if (m == Match.No) return;
            BindArgs(r.Args, args, 0, RestOfBody(r.Body.Literals, 0, sink.BodyDone));
            return;
        }
        RunRuleBody(r, sink);
        Undo(mark);
    }

    /// <summary>A rule's own input equality (<see cref="IrRule.IndexRef"/>) holds: the input has the value at the path.</summary>
    private bool InputHas(IrRef path, RegoValue value) => value.Equals(LookupPath(_input, path.Path, 0));

    /// <summary>The rules of a node that can succeed for the current input (all of them unless the node is indexed).</summary>
    private IReadOnlyList<IrRule> SelectRules(DataNode node)
    {
        var ix = node.Index;
        if (ix is null) return node.Rules;
        var v = LookupPath(_input, ix.InputRef.Path, 0);
        return v is not null && ix.ByValue.TryGetValue(v, out var rules) ? rules : ix.Unindexed;
    }

    private bool BindArgs(IrTerm[] patterns, RegoValue[] args, int i, Cont k)
    {
        if (i == patterns.Length) return k();
        return UnifyValue(patterns[i], args[i], () => BindArgs(patterns, args, i + 1, k));
    }

    /// <summary>Evaluate the rules of a node or function (and its default) to their single value.</summary>
    private RegoValue? EvalSingleValue(DataNode node, RegoValue[]? args, string conflictMessage)
    {
        var sink = RentValueSink(conflictMessage, firstOnly: false);
        var rules = SelectRules(node);
        for (var ri = 0; ri < rules.Count; ri++) EvalRule(rules[ri], args, sink);
        if (sink.Result is null && node.Default is not null)
        {
            sink.FirstOnly = true;
            EvalRule(node.Default, args, sink);
        }
        var result = sink.Result;
        ReturnSink(sink);
        return result;
    }

    private const string CompleteConflict = "complete rules must not produce multiple outputs";

    private RegoValue? EvalComplete(DataNode node) => EvalSingleValue(node, null, CompleteConflict);

    /// <summary>
    /// A node's one complete rule, compiled without a frame (<see cref="DataNode.Single"/>): what EvalComplete does for it, directly.
    /// Everything it needs is in <paramref name="single"/>: the rule itself is read only for an error's location.
    /// </summary>
    private RegoValue? EvalSingleRule(SingleRule single)
    {
        if (single.CheckRef is { } check && !InputHas(check, single.CheckValue!)) return null;
        if (!TryEnterCall()) throw DepthError(single.Rule.Loc);
        if (single.ValueCode is { } valueCode)
        {
            var value = valueCode(this);
            ExitCall();
            return value;
        }
        var sink = RentValueSink(CompleteConflict, firstOnly: false);
        if (!ReferenceEquals(sink.Rule, single.Rule)) sink.Rule = single.Rule;
        sink.KnownConstantValue = single.ConstantValue;
        sink.Produced = false;
        single.Code(this, [], sink);
        ExitCall();
        var result = sink.Result;
        ReturnSink(sink);
        return result;
    }

    internal static readonly IrConst TrueTerm = new(default, RegoBool.True);

    private RegoSet EvalPartialSet(DataNode node)
    {
        var sink = RentSetSink();
        if (Volatile.Read(ref node.Plan) is { } plan && _mocks is null && _overlay is null)
        {
            RunPlan(node, plan, sink);
        }
        else
        {
            var rules = SelectRules(node);
            for (var ri = 0; ri < rules.Count; ri++) EvalRule(rules[ri], null, sink);
        }
        var set = sink.Elements.Build();
        ReturnSink(sink);
        return set;
    }

    /// <summary>
    /// A partial set's rules through its plan: the rules the index selects, in order, compiled ones called directly.
    /// One call level for them all (EvalRule counts one per rule): a set of fifty rules is not fifty levels deep.
    /// </summary>
    private void RunPlan(DataNode node, PlannedRule[] plan, RuleSink sink)
    {
        var selector = node.Index is { } ix ? LookupPath(_input, ix.InputRef.Path, 0) : null;
        EnterCall(node.Loc);
        for (var i = 0; i < plan.Length; i++)
        {
            ref readonly var p = ref plan[i];
            if (p.Required is { } required && (selector is null || !required.Equals(selector))) continue;
            // The rule's own input test first, compiled or not: a rule it always fails never runs, so never gets
            // compiled, and EvalRule would read the rule itself (a cache miss) only to make the same test.
            if (p.CheckRef is { } check && !InputHas(check, p.CheckValue!)) continue;
            if (Volatile.Read(ref Unsafe.AsRef(in p.Code)) is { } code)
            {
                // sink.Rule is not set: planned code is frame-free, so it reaches the sink only through OnHead, and
                // the set sink's OnHeadValue reads nothing of the rule. A store per rule, with its barrier, saved.
                sink.Produced = false;
                code(this, [], sink);
            }
            else
            {
                EvalRule(p.Rule, null, sink);
            }
        }
        ExitCall();
    }

    private void EvalObjectRules(DataNode node, ObjectBuilder b)
    {
        var sink = new ObjectSink(this, b);
        var rules = SelectRules(node);
        for (var ri = 0; ri < rules.Count; ri++) EvalRule(rules[ri], null, sink);
    }

    /// <summary>
    /// Look up one key of a partial set or simple partial object without computing the whole document:
    /// the rules are evaluated with the key bound (as OPA does), and the answer memoised per key.
    /// </summary>
    private bool TryKeyedLookup(DataNode node, RegoValue key, out RegoValue? element)
    {
        element = null;
        if (node.Kind is not (NodeKind.Set or NodeKind.Object) || node.Children is not null) return false;
        if (node.Kind == NodeKind.Object)
        {
            foreach (var r in node.Rules)
            {
                if (r.DynPath.Length != 1 || r.Key is not null) return false;
            }
        }
        if (_cache.TryGetNode(node.Id, out var full) ||
            (node.QueryInvariant && ReferenceEquals(_cache, _rootCache) && _shared is not null && _shared.TryGet(node.Id, out full)))
        {
            element = full is null ? null : Lookup(full, key);
            return true;
        }
        if (_cache.TryGetKeyed(node.Id, key, out element)) return true;

        var sink = RentKeySink(key, node.Kind == NodeKind.Set);
        var rules = SelectRules(node);
        for (var ri = 0; ri < rules.Count && !sink.Found; ri++)
        {
            var rule = rules[ri];
            EvalRuleForKey(rule, sink.IsSet ? rule.Key! : rule.DynPath[0], key, sink);
        }
        element = sink.IsSet ? (sink.Found ? key : null) : sink.Result;
        ReturnSink(sink);
        _cache.SetKeyed(node.Id, key, element);
        return true;
    }

    /// <summary>Evaluate a rule with its key pattern pre-bound to <paramref name="key"/> when the pattern is simple.</summary>
    private void EvalRuleForKey(IrRule rule, IrTerm keyPattern, RegoValue key, RuleSink sink)
    {
        if (rule.IndexRef is { } ir && !InputHas(ir, rule.IndexValue!)) return;
        EnterCall(rule.Loc);
        var savedFrame = _frame;
        var frame = RentFrame(rule.FrameSize);
        _frame = frame;
        sink.Rule = rule;
        sink.Produced = false;
        var lits = rule.Body.Literals;
        if (IsSimplePattern(keyPattern))
        {
            var mark = _trailTop;
            var m = TryUnifyDirect(keyPattern, key);
            if (m == Match.Yes) EvalBody(lits, 0, sink.BodyDone);
            Undo(mark);
            if (m == Match.Complex) UnifyValue(keyPattern, key, RestOfBody(lits, 0, sink.BodyDone));
        }
        else
        {
            EvalBody(lits, 0, sink.BodyDone);
        }
        ReturnFrame(frame);
        _frame = savedFrame;
        ExitCall();
    }

    /// <summary>Variables, constants, and arrays/objects (constant keys) of them: can be unified before the body runs.</summary>
    internal static bool IsSimplePattern(IrTerm t)
    {
        switch (t)
        {
            case IrConst or IrVar:
                return true;
            case IrArray a:
                foreach (var i in a.Items)
                {
                    if (!IsSimplePattern(i)) return false;
                }
                return true;
            case IrObject o:
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    if (o.Keys[i] is not IrConst || !IsSimplePattern(o.Values[i])) return false;
                }
                return true;
            default:
                return false;
        }
    }

    // ---- functions ----

    private RegoValue? CallFunction(DataNode fn, RegoValue[] args)
    {
        var key = new FunctionKey(fn.Id, args);
        if (_cache.TryGetFunction(key, out var cached)) return cached;
        var result = EvalSingleValue(fn, args, "functions must not produce multiple outputs for same inputs");
        _cache.SetFunction(key, result);
        return result;
    }
}
