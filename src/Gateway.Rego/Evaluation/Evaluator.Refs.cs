using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    // ---- refs whose path is fully bound: one value ----

    private RegoValue? EvalRefDirect(IrRef r)
    {
        switch (r.Root)
        {
            case RefRoot.Input:
                return LookupPath(_input, r.Path, 0);
            case RefRoot.Term:
                return LookupPath(Eval(r.Head!), r.Path, 0);
            default:
                if (_overlay is null)
                {
                    var t = r.Target ??= ResolveRuleNode(_policy.Root, r.Path);
                    if (t.Node is not null) return LookupBelowRuleNode(t.Node, r.Path, t.Depth);
                }
                return LookupData(r.Path);
        }
    }

    /// <summary>Follow constant path elements through package nodes to the first rule node, if there is one.</summary>
    internal static RuleNodeTarget ResolveRuleNode(DataNode root, IrTerm[] path)
    {
        var node = root;
        for (var i = 0; ; i++)
        {
            if (node.Kind != NodeKind.None) return new RuleNodeTarget(node, i);
            if (i == path.Length || path[i] is not IrConst c) return RuleNodeTarget.None;
            var child = node.Child(c.Value);
            if (child is null) return RuleNodeTarget.None;
            node = child;
        }
    }

    /// <summary>
    /// What <see cref="LookupData"/> does once its walk reaches a rule node (without overlays): base data along
    /// the way does not matter there, so a ref resolved to its rule node can start here.
    /// </summary>
    private RegoValue? LookupBelowRuleNode(DataNode node, IrTerm[] path, int i)
    {
        if (i == path.Length) return NodeValue(node);
        var key0 = Eval(path[i]);
        if (key0 is null) return null;
        if (TryKeyedLookup(node, key0, out var element)) return LookupPath(element, path, i + 1);
        var v = NodeValue(node);
        return v is null ? null : LookupPath(Lookup(v, key0), path, i + 1);
    }

    private RegoValue? LookupPath(RegoValue? v, IrTerm[] path, int i)
    {
        for (; i < path.Length && v is not null; i++)
        {
            var key = Eval(path[i]);
            if (key is null) return null;
            v = Lookup(v, key);
        }
        return v;
    }

    /// <summary>Walk the rule tree, base data and with-overlays along a bound path.</summary>
    private RegoValue? LookupData(IrTerm[] path)
    {
        DataNode? node = _policy.Root;
        RegoValue? baseVal = _data;
        var ov = _overlay;
        for (var i = 0; i < path.Length; i++)
        {
            if (ov?.Value is not null) return LookupBasePath(ov.Value, path, i);
            if (node is null)
            {
                return LookupBasePath(ov is null ? baseVal : ov.ApplyTo(baseVal), path, i);
            }
            if (node.Kind != NodeKind.None)
            {
                var key0 = Eval(path[i]);
                if (key0 is null) return null;
                if (ov is null && TryKeyedLookup(node, key0, out var element))
                {
                    return LookupPath(element, path, i + 1);
                }
                var v = ValueAt(node, baseVal, ov);
                return v is null ? null : LookupPath(Lookup(v, key0), path, i + 1);
            }
            var key = Eval(path[i]);
            if (key is null) return null;
            node = node.Child(key);
            baseVal = BaseLookup(baseVal, key);
            ov = OverlayChild(ov, key);
        }
        if (ov?.Value is not null) return ov.Value;
        return node is null ? (ov is null ? baseVal : ov.ApplyTo(baseVal)) : ValueAt(node, baseVal, ov);
    }

    /// <summary>
    /// The document at a rule-tree node with overlays applied. A rule node's document is its rules' value;
    /// a package's is its base data merged with its virtual documents, base data winning where the two
    /// cannot be merged (OPA's evalTree extent).
    /// </summary>
    private RegoValue? ValueAt(DataNode node, RegoValue? baseVal, Overlay? ov)
    {
        if (ov?.Value is not null) return ov.Value;
        var v = NodeValue(node);
        if (node.Kind == NodeKind.None && baseVal is not null) v = MergeBase(baseVal, v!);
        return ov is null ? v : ov.ApplyTo(v);
    }

    private static RegoValue MergeBase(RegoValue baseVal, RegoValue virtualVal)
    {
        if (baseVal is not RegoObject bo || virtualVal is not RegoObject vo) return baseVal;
        if (vo.Count == 0) return bo;
        if (bo.Count == 0) return vo;
        var d = new Dictionary<RegoValue, RegoValue>(bo.Items);
        foreach (var (k, v) in vo.Items)
        {
            d[k] = d.TryGetValue(k, out var b) ? MergeBase(b, v) : v;
        }
        return new RegoObject(d);
    }

    /// <summary>
    /// Index base data (the store): as in OPA's storage paths, a number key also finds an object's key
    /// written as that number's text (<c>data[2]</c> reads <c>{"2": …}</c>).
    /// </summary>
    private static RegoValue? BaseLookup(RegoValue? baseVal, RegoValue key)
    {
        var v = Lookup(baseVal, key);
        if (v is null && baseVal is RegoObject o && key is RegoNumber n) v = o.Get(new RegoString(n.ToJsonText()));
        return v;
    }

    private static Overlay? OverlayChild(Overlay? ov, RegoValue key)
    {
        if (ov is null) return null;
        var c = ov.Child(key);
        if (c is null && key is RegoNumber n) c = ov.Child(new RegoString(n.ToJsonText()));
        return c;
    }

    private RegoValue? LookupBasePath(RegoValue? v, IrTerm[] path, int i)
    {
        for (; i < path.Length && v is not null; i++)
        {
            var key = Eval(path[i]);
            if (key is null) return null;
            v = BaseLookup(v, key);
        }
        return v;
    }

    // ---- refs with unbound variables: enumerate ----

    private bool EvalRefEnum(IrRef r, ValueCont k)
    {
        switch (r.Root)
        {
            case RefRoot.Input:
                return _input is null || WalkValue(_input, r.Path, 0, k);
            case RefRoot.Term:
                return EvalTerm(r.Head!, h => WalkValue(h, r.Path, 0, k));
            default:
                return WalkData(_policy.Root, _data, _overlay, r.Path, 0, k);
        }
    }

    /// <summary>Walk a ground value along a path; path terms with unbound variables enumerate the collection's keys.</summary>
    private bool WalkValue(RegoValue v, IrTerm[] path, int i, ValueCont k)
    {
        while (i < path.Length)
        {
            var p = path[i];
            if (IsDirect(p))
            {
                var key = Eval(p);
                if (key is null) return true;
                var next = Lookup(v, key);
                if (next is null) return true;
                v = next;
                i++;
                continue;
            }
            var rest = i + 1;
            return EnumerateEntries(v, p, (_, child) => WalkValue(child, path, rest, k));
        }
        return k(v);
    }

    /// <summary>For each key of a collection that unifies with the key pattern, continue with the element.</summary>
    private bool EnumerateEntries(RegoValue coll, IrTerm keyPattern, Func<RegoValue, RegoValue, bool> k)
    {
        switch (coll)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var item = a[i];
                    var key = RegoNumber.Of(i);
                    if (!UnifyValue(keyPattern, key, () => k(key, item))) return false;
                }
                return true;
            case RegoObject o:
                foreach (var key in o.SortedKeys)
                {
                    var item = o.Items[key];
                    if (!UnifyValue(keyPattern, key, () => k(key, item))) return false;
                }
                return true;
            case RegoSet s:
                foreach (var item in s.SortedArray)
                {
                    if (!UnifyValue(keyPattern, item, () => k(item, item))) return false;
                }
                return true;
            default:
                return true;
        }
    }

    private bool WalkData(DataNode? node, RegoValue? baseVal, Overlay? ov, IrTerm[] path, int i, ValueCont k)
    {
        while (true)
        {
            if (ov?.Value is not null) return WalkBase(ov.Value, path, i, k);
            if (node is null)
            {
                var v = ov is null ? baseVal : ov.ApplyTo(baseVal);
                return v is null || WalkBase(v, path, i, k);
            }
            if (node.Kind != NodeKind.None || i == path.Length)
            {
                if (node.Kind != NodeKind.None && i < path.Length && ov is null && IsDirect(path[i]))
                {
                    var key0 = Eval(path[i]);
                    if (key0 is null) return true;
                    if (TryKeyedLookup(node, key0, out var element))
                    {
                        return element is null || WalkValue(element, path, i + 1, k);
                    }
                }
                var v = ValueAt(node, baseVal, ov);
                return v is null || WalkValue(v, path, i, k);
            }
            var p = path[i];
            if (IsDirect(p))
            {
                var key = Eval(p);
                if (key is null) return true;
                node = node.Child(key);
                baseVal = BaseLookup(baseVal, key);
                ov = OverlayChild(ov, key);
                i++;
                continue;
            }
            return EnumerateDataKeys(node, baseVal, ov, path, i, k);
        }
    }

    /// <summary>Walk base data: bound number keys also find object keys written as their text.</summary>
    private bool WalkBase(RegoValue v, IrTerm[] path, int i, ValueCont k)
    {
        while (i < path.Length && IsDirect(path[i]))
        {
            var key = Eval(path[i]);
            if (key is null) return true;
            var next = BaseLookup(v, key);
            if (next is null) return true;
            v = next;
            i++;
        }
        return WalkValue(v, path, i, k);
    }

    private bool EnumerateDataKeys(DataNode node, RegoValue? baseVal, Overlay? ov, IrTerm[] path, int i, ValueCont k)
    {
        if (node.Children is null && ov?.Children is null)
        {
            // An empty package: its document is just the base data (if any).
            var v = ValueAt(node, baseVal, ov);
            return v is null || WalkValue(v, path, i, k);
        }
        var keys = new List<RegoValue>();
        foreach (var c in node.SortedChildren) keys.Add(c.Key!);
        if (baseVal is RegoObject bo) keys.AddRange(bo.SortedKeys);
        if (ov?.Children is not null) keys.AddRange(ov.Children.Keys);
        keys.Sort();
        var p = path[i];
        var next = i + 1;
        RegoValue? prev = null;
        foreach (var key in keys)
        {
            if (prev is not null && prev.Equals(key)) continue;
            prev = key;
            var child = node.Child(key);
            var childBase = BaseLookup(baseVal, key);
            var childOv = ov?.Child(key);
            if (!UnifyValue(p, key, () => WalkData(child, childBase, childOv, path, next, k))) return false;
        }
        return true;
    }
}
