using Gateway.Rego.Ast;
using Gateway.Rego.Evaluation.Codegen;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

internal enum NodeKind : byte
{
    /// <summary>A package or an intermediate ref-head segment: its value is an object of its children.</summary>
    None,
    /// <summary>Complete rules: one value.</summary>
    Complete,
    /// <summary><c>p contains x</c>: a set.</summary>
    Set,
    /// <summary>Rules with variables in the head ref (<c>p[k] := v</c>, <c>p[a].b[c] contains d</c>): an object built from every solution.</summary>
    Object,
    /// <summary>Functions: not part of the document, only callable.</summary>
    Function,
}

/// <summary>
/// A node of the rule tree keyed by data path. Packages and ground head-ref prefixes are intermediate
/// nodes; rules sit at the node named by the ground prefix of their head ref.
/// </summary>
internal sealed class DataNode
{
    private Dictionary<RegoValue, DataNode>? _children;

    public DataNode(RegoValue? key, DataNode? parent, int id)
    {
        Key = key;
        Parent = parent;
        Id = id;
        PathText = parent is null ? "data" : parent.PathText + FormatKey(key!);
    }

    public RegoValue? Key { get; }
    public DataNode? Parent { get; }
    public int Id { get; }

    /// <summary>The node's data path as text, e.g. "data.test.p" (for messages and mock keys).</summary>
    public string PathText { get; }

    public NodeKind Kind { get; set; }
    public List<IrRule> Rules { get; } = [];

    /// <summary>Rules hashed by the value of one input ref they all compare with a constant; null when not worth it.</summary>
    public RuleIndex? Index { get; set; }

    /// <summary>
    /// The rules of a partial set laid out for evaluation once some are compiled (see Evaluation.Codegen.RulePlan):
    /// each rule with the index value it requires and its compiled code, side by side in one array.
    /// </summary>
    public Evaluation.Codegen.PlannedRule[]? Plan;

    /// <summary>
    /// A complete rule that is the node's one definition, once compiled without a frame (see
    /// Evaluation.Codegen.RulePlan.Publish): the evaluator runs it directly, not through rule selection and else chains.
    /// </summary>
    public Evaluation.Codegen.SingleRule? Single;
    public IrRule? Default { get; set; }

    /// <summary>
    /// The node's document depends on neither input nor anything else that changes between evaluations of a
    /// prepared query (see Compiler.Purity): it may be computed once and shared by later evaluations.
    /// </summary>
    public bool QueryInvariant { get; set; }
    public int Arity { get; set; } = -1;

    /// <summary>Where the rules were first declared (for conflict errors).</summary>
    public Location Loc { get; set; }

    /// <summary>Rules at or below this node (so the node is not plain base data).</summary>
    public bool HasRules { get; set; }

    public IReadOnlyDictionary<RegoValue, DataNode>? Children => _children;

    /// <summary>Children in key order: rule-tree iteration follows OPA's sorted key order.</summary>
    public DataNode[] SortedChildren { get; private set; } = [];

    public DataNode? Child(RegoValue key) => _children is not null && _children.TryGetValue(key, out var c) ? c : null;

    public DataNode GetOrAddChild(RegoValue key, Func<int> nextId)
    {
        _children ??= [];
        if (!_children.TryGetValue(key, out var c))
        {
            c = new DataNode(key, this, nextId());
            _children[key] = c;
        }
        return c;
    }

    /// <summary>Finish construction: sort children (recursively).</summary>
    public void Seal()
    {
        if (_children is null) return;
        var arr = _children.Values.ToArray();
        Array.Sort(arr, static (a, b) => a.Key!.CompareTo(b.Key));
        SortedChildren = arr;
        foreach (var c in arr) c.Seal();
    }

    private static string FormatKey(RegoValue key) =>
        key is RegoString s && IsIdentifier(s.Value) ? "." + s.Value : "[" + key + "]";

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    public override string ToString() => PathText;
}

/// <summary>
/// One compiled rule definition (one element of an else chain). Args are the parameter patterns of a
/// function; DynPath is the part of the head ref after the node's ground prefix (variables, refs);
/// Key is the element of a <c>contains</c> rule; Value is the head value (null means true).
/// </summary>
internal sealed class IrRule
{
    public required Location Loc { get; init; }
    public required DataNode Node { get; init; }
    public IrTerm[] Args { get; init; } = [];
    public IrTerm[] DynPath { get; init; } = [];
    public IrTerm? Key { get; init; }
    public IrTerm? Value { get; init; }
    public required IrBody Body { get; set; }
    public IrRule? Else { get; set; }
    public bool IsDefault { get; init; }
    public int FrameSize { get; set; }
    public string[] SlotNames { get; set; } = [];

    /// <summary>
    /// A top-level literal of the body of the form <c>input.a.b == "const"</c> (or <c>=</c>): when the input
    /// value differs the body cannot succeed, so the rule is skipped without evaluating it.
    /// </summary>
    public IrRef? IndexRef { get; set; }

    public RegoValue? IndexValue { get; set; }

    /// <summary>The body's compiled code, once it has run often enough (see Evaluation/Codegen).</summary>
    public RuleCode Code { get; } = new();

    /// <summary>The head value is a constant, so one solution of the body is enough (OPA's early exit).</summary>
    public bool ConstantValue => (Value is null || Value is IrConst) && DynPath.Length == 0 && Key is null;
}

/// <summary>
/// Rules of a node selected by the value of an input ref (OPA's rule indexing, for the common case of
/// many rules each testing <c>input.x == "const"</c>). Each array keeps the rules' source order.
/// </summary>
internal sealed class RuleIndex(IrRef inputRef, Dictionary<RegoValue, IrRule[]> byValue, IrRule[] unindexed)
{
    public IrRef InputRef { get; } = inputRef;

    /// <summary>For each constant: the rules testing for it plus every rule the index cannot exclude.</summary>
    public Dictionary<RegoValue, IrRule[]> ByValue { get; } = byValue;

    /// <summary>Rules to evaluate when the input value matches no constant (or is undefined).</summary>
    public IrRule[] Unindexed { get; } = unindexed;
}
