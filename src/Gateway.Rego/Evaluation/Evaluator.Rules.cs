using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>The document at a node (rules evaluated, children and base data merged), memoised.</summary>
    private RegoValue? NodeValue(DataNode node, RegoValue? baseVal)
    {
        if (_cache.TryGetNode(node.Id, out var cached)) return cached;
        RegoValue? v;
        switch (node.Kind)
        {
            case NodeKind.Complete:
                v = EvalComplete(node);
                if (node.Children is not null && v is RegoObject)
                {
                    var b = new ObjectBuilder();
                    foreach (var (k, item) in ((RegoObject)v).Items) b.MergeChild(k, item, node.Loc);
                    MergeChildren(node, baseVal, b);
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
                MergeChildren(node, baseVal, b);
                v = b.Build();
                break;
            }
            case NodeKind.Function:
                v = null;
                break;
            default:
                v = PackageValue(node, baseVal);
                break;
        }
        _cache.SetNode(node.Id, v);
        return v;
    }

    private void MergeChildren(DataNode node, RegoValue? baseVal, ObjectBuilder b)
    {
        foreach (var child in node.SortedChildren)
        {
            var cv = NodeValue(child, Lookup(baseVal, child.Key!));
            if (cv is not null) b.MergeChild(child.Key!, cv, child.Loc);
        }
    }

    /// <summary>A package (or intermediate) node: base data overlaid with each child's document; undefined children are left out.</summary>
    private RegoValue PackageValue(DataNode node, RegoValue? baseVal)
    {
        if (node.Children is null) return baseVal ?? RegoObject.Empty;
        var d = baseVal is RegoObject bo ? new Dictionary<RegoValue, RegoValue>(bo.Items) : new Dictionary<RegoValue, RegoValue>();
        foreach (var child in node.SortedChildren)
        {
            var cv = NodeValue(child, Lookup(baseVal, child.Key!));
            if (cv is not null) d[child.Key!] = cv;
        }
        return new RegoObject(d);
    }

    /// <summary>
    /// Run a rule (and its else chain) and report each head value. For a function, <paramref name="args"/>
    /// are unified with the parameters first. The callback returns false to stop early.
    /// </summary>
    private void EvalRule(IrRule rule, RegoValue[]? args, Func<IrRule, bool> onSolution)
    {
        EnterCall(rule.Loc);
        var savedFrame = _frame;
        try
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                var produced = false;
                _frame = new RegoValue?[r.FrameSize];
                var frame = _frame;
                var lits = r.Body.Literals;
                Cont body = () =>
                {
                    produced = true;
                    return onSolution(r);
                };
                if (args is null || args.Length == 0) EvalBody(lits, 0, body);
                else BindArgs(r.Args, args, 0, () => EvalBody(lits, 0, body));
                if (produced) break;
            }
        }
        finally
        {
            _frame = savedFrame;
            ExitCall();
        }
    }

    private bool BindArgs(IrTerm[] patterns, RegoValue[] args, int i, Cont k)
    {
        if (i == patterns.Length) return k();
        return UnifyValue(patterns[i], args[i], () => BindArgs(patterns, args, i + 1, k));
    }

    private RegoValue? EvalComplete(DataNode node)
    {
        RegoValue? result = null;
        foreach (var rule in node.Rules)
        {
            EvalRule(rule, null, r => EvalTerm(r.Value ?? TrueTerm, v =>
            {
                if (result is null) result = v;
                else if (!result.Equals(v)) throw Conflict("complete rules must not produce multiple outputs", r.Loc);
                return !r.ConstantValue;
            }));
        }
        if (result is null && node.Default is not null)
        {
            EvalRule(node.Default, null, r => EvalTerm(r.Value ?? TrueTerm, v =>
            {
                result ??= v;
                return false;
            }));
        }
        return result;
    }

    private static readonly IrConst TrueTerm = new(default, RegoBool.True);

    private RegoSet EvalPartialSet(DataNode node)
    {
        var set = new HashSet<RegoValue>();
        foreach (var rule in node.Rules)
        {
            EvalRule(rule, null, r => EvalTerm(r.Key!, v =>
            {
                set.Add(v);
                return true;
            }));
        }
        return new RegoSet(set);
    }

    private void EvalObjectRules(DataNode node, ObjectBuilder b)
    {
        foreach (var rule in node.Rules)
        {
            EvalRule(rule, null, r =>
            {
                var keys = new RegoValue[r.DynPath.Length];
                return EvalItems(r.DynPath, keys, 0, () => r.Key is not null
                    ? EvalTerm(r.Key, v =>
                    {
                        b.AddToSet(keys, v, r.Loc);
                        return true;
                    })
                    : EvalTerm(r.Value ?? TrueTerm, v =>
                    {
                        b.Insert(keys, v, r.Loc);
                        return true;
                    }));
            });
        }
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
        if (_cache.TryGetNode(node.Id, out var full))
        {
            element = full is null ? null : Lookup(full, key);
            return true;
        }
        if (_cache.TryGetKeyed(node.Id, key, out element)) return true;

        if (node.Kind == NodeKind.Set)
        {
            var found = false;
            foreach (var rule in node.Rules)
            {
                EvalRuleForKey(rule, rule.Key!, key, r => EvalTerm(r.Key!, v =>
                {
                    if (v.Equals(key)) found = true;
                    return !found;
                }));
                if (found) break;
            }
            element = found ? key : null;
        }
        else
        {
            RegoValue? result = null;
            foreach (var rule in node.Rules)
            {
                EvalRuleForKey(rule, rule.DynPath[0], key, r => EvalTerm(r.DynPath[0], kv => !kv.Equals(key) || EvalTerm(r.Value ?? TrueTerm, v =>
                {
                    if (result is null) result = v;
                    else if (!result.Equals(v)) throw Conflict("object keys must be unique", r.Loc);
                    return true;
                })));
            }
            element = result;
        }
        _cache.SetKeyed(node.Id, key, element);
        return true;
    }

    /// <summary>Evaluate a rule with its key pattern pre-bound to <paramref name="key"/> when the pattern is simple.</summary>
    private void EvalRuleForKey(IrRule rule, IrTerm keyPattern, RegoValue key, Func<IrRule, bool> onSolution)
    {
        EnterCall(rule.Loc);
        var savedFrame = _frame;
        try
        {
            _frame = new RegoValue?[rule.FrameSize];
            var lits = rule.Body.Literals;
            if (IsSimplePattern(rule.Body, keyPattern)) UnifyValue(keyPattern, key, () => EvalBody(lits, 0, () => onSolution(rule)));
            else EvalBody(lits, 0, () => onSolution(rule));
        }
        finally
        {
            _frame = savedFrame;
            ExitCall();
        }
    }

    private static bool IsSimplePattern(IrBody body, IrTerm t) => t switch
    {
        IrConst => true,
        IrVar => true,
        IrArray a => a.Items.All(i => IsSimplePattern(body, i)),
        IrObject o => o.Keys.All(k => k is IrConst) && o.Values.All(i => IsSimplePattern(body, i)),
        _ => false,
    };

    // ---- functions ----

    private RegoValue? CallFunction(DataNode fn, RegoValue[] args, Compilation.CallTarget target)
    {
        var key = new FunctionKey(fn.Id, args);
        if (_cache.TryGetFunction(key, out var cached)) return cached;
        RegoValue? result = null;
        foreach (var rule in fn.Rules)
        {
            EvalRule(rule, args, r => EvalTerm(r.Value ?? TrueTerm, v =>
            {
                if (result is null) result = v;
                else if (!result.Equals(v)) throw Conflict("functions must not produce multiple outputs for same inputs", r.Loc);
                return !r.ConstantValue;
            }));
        }
        if (result is null && fn.Default is not null)
        {
            EvalRule(fn.Default, args, r => EvalTerm(r.Value ?? TrueTerm, v =>
            {
                result ??= v;
                return false;
            }));
        }
        _cache.SetFunction(key, result);
        return result;
    }
}
