using System.Runtime.CompilerServices;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// Memoised virtual documents and function results for one query. A <c>with</c> scope (and a call of a
/// mock function) evaluates against a fresh cache, since replaced input, data or functions change results.
/// </summary>
internal sealed class EvalCache(int nodeCount)
{
    /// <summary>
    /// Marks a node whose value was computed and is undefined. A RegoValue, so that the node slots are typed and a
    /// hit needs no cast; compared by reference only and never handed out.
    /// </summary>
    private static readonly RegoValue UndefinedMarker = new RegoString("\u0000undefined document");

    private RegoValue?[]? _nodes;
    private Dictionary<FunctionKey, RegoValue>? _functions;
    private Dictionary<(int Node, RegoValue Key), RegoValue>? _keyed;

    /// <summary>Forget everything (the evaluator is reused for another query).</summary>
    public void Clear()
    {
        if (_nodes is not null) Array.Clear(_nodes);
        _functions?.Clear();
        _keyed?.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetNode(int id, out RegoValue? value)
    {
        var nodes = _nodes;
        var o = nodes is null ? null : nodes[id];
        value = ReferenceEquals(o, UndefinedMarker) ? null : o;
        return o is not null;
    }

    public void SetNode(int id, RegoValue? value)
    {
        _nodes ??= new RegoValue?[nodeCount];
        Evaluator.StoreSlot(_nodes, id, value ?? UndefinedMarker);
    }

    public bool TryGetFunction(FunctionKey key, out RegoValue? value)
    {
        value = null;
        if (_functions is null || !_functions.TryGetValue(key, out var o)) return false;
        value = ReferenceEquals(o, UndefinedMarker) ? null : o;
        return true;
    }

    public void SetFunction(FunctionKey key, RegoValue? value)
    {
        _functions ??= [];
        _functions[key] = value ?? UndefinedMarker;
    }

    /// <summary>Value of a partial set/object node at one key (membership or element), computed without the whole document.</summary>
    public bool TryGetKeyed(int node, RegoValue key, out RegoValue? value)
    {
        value = null;
        if (_keyed is null || !_keyed.TryGetValue((node, key), out var o)) return false;
        value = ReferenceEquals(o, UndefinedMarker) ? null : o;
        return true;
    }

    public void SetKeyed(int node, RegoValue key, RegoValue? value)
    {
        _keyed ??= [];
        _keyed[(node, key)] = value ?? UndefinedMarker;
    }
}

/// <summary>Cache key of a function call: the function node and its argument values.</summary>
internal readonly struct FunctionKey(int node, RegoValue[] args) : IEquatable<FunctionKey>
{
    private readonly int _node = node;
    private readonly RegoValue[] _args = args;

    public bool Equals(FunctionKey other)
    {
        if (_node != other._node || _args.Length != other._args.Length) return false;
        for (var i = 0; i < _args.Length; i++)
        {
            // Structural equality, but 1 and 1.0 are equal in Rego: a cached result is still right for either.
            if (!_args[i].Equals(other._args[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is FunctionKey k && Equals(k);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_node);
        foreach (var a in _args) h.Add(a.GetHashCode());
        return h.ToHashCode();
    }
}

/// <summary>A <c>with</c> replacement of a function: either another function or a constant value.</summary>
internal sealed class Mock(Compilation.CallTarget? function, RegoValue? value)
{
    public Compilation.CallTarget? Function { get; } = function;
    public RegoValue? Value { get; } = value;
}

/// <summary>
/// <c>with data.x.y as v</c> replacements, as a persistent tree along data paths. A node with a
/// <see cref="Value"/> replaces everything below it (deeper replacements already applied to the value).
/// </summary>
internal sealed class Overlay
{
    public RegoValue? Value { get; init; }
    public Dictionary<RegoValue, Overlay>? Children { get; init; }

    public Overlay? Child(RegoValue key) => Children is not null && Children.TryGetValue(key, out var c) ? c : null;

    /// <summary>A new overlay tree with <paramref name="value"/> at <paramref name="path"/> (this tree unchanged).</summary>
    public static Overlay With(Overlay? root, ReadOnlySpan<RegoValue> path, RegoValue value)
    {
        if (path.Length == 0) return new Overlay { Value = value };
        if (root?.Value is not null)
        {
            return new Overlay { Value = Upsert(root.Value, path, value) };
        }
        var children = root?.Children is null ? new Dictionary<RegoValue, Overlay>() : new Dictionary<RegoValue, Overlay>(root.Children);
        children[path[0]] = With(root?.Child(path[0]), path[1..], value);
        return new Overlay { Children = children };
    }

    /// <summary>Apply this overlay's replacements (below its root) to a value.</summary>
    public RegoValue? ApplyTo(RegoValue? value)
    {
        if (Value is not null) return Value;
        if (Children is null) return value;
        var d = value is RegoObject o ? new Dictionary<RegoValue, RegoValue>(o.Items) : [];
        foreach (var (k, child) in Children)
        {
            var v = child.ApplyTo(d.GetValueOrDefault(k));
            if (v is null) d.Remove(k);
            else d[k] = v;
        }
        return new RegoObject(d);
    }

    /// <summary>Set <paramref name="value"/> at <paramref name="path"/> inside <paramref name="target"/>, creating objects on the way.</summary>
    public static RegoValue Upsert(RegoValue? target, ReadOnlySpan<RegoValue> path, RegoValue value)
    {
        if (path.Length == 0) return value;
        var d = target is RegoObject o ? new Dictionary<RegoValue, RegoValue>(o.Items) : [];
        d[path[0]] = Upsert(d.GetValueOrDefault(path[0]), path[1..], value);
        return new RegoObject(d);
    }
}
