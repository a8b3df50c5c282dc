using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

/// <summary>
/// The compiled form of a term. Names are resolved (locals to frame slots, rule and import names to
/// data refs, calls to builtins or rule-tree nodes) so that evaluation does no lookups by name.
/// </summary>
internal abstract class IrTerm(Location loc)
{
    public Location Loc { get; } = loc;

    /// <summary>
    /// Frame slots this term reads (or binds, when used as a pattern), outside nested closures, plus the
    /// outer variables that nested closures capture. When every one is bound the term has at most one value
    /// and can be evaluated without enumeration.
    /// </summary>
    public int[] Vars { get; set; } = [];

    /// <summary>The term can have several values even when its variables are bound (it contains a <c>walk</c> call).</summary>
    public bool Multi { get; set; }
}

internal sealed class IrConst(Location loc, RegoValue value) : IrTerm(loc)
{
    public RegoValue Value { get; } = value;
}

internal sealed class IrVar(Location loc, int slot, string name) : IrTerm(loc)
{
    public int Slot { get; } = slot;
    public string Name { get; } = name;
}

internal enum RefRoot : byte
{
    Data,
    Input,
    /// <summary>The head is a term evaluated to a value (a local variable, a collection literal, a call).</summary>
    Term,
}

/// <summary>A reference rooted at data, input, or an evaluated head term.</summary>
internal sealed class IrRef(Location loc, RefRoot root, IrTerm? head, IrTerm[] path) : IrTerm(loc)
{
    public RefRoot Root { get; } = root;
    public IrTerm? Head { get; } = head;
    public IrTerm[] Path { get; } = path;

    /// <summary>
    /// For a data ref: the rule node its constant prefix leads to, resolved on first evaluation (the rule tree
    /// is fixed), or <see cref="RuleNodeTarget.None"/>. One reference, so racing threads publish whole values.
    /// </summary>
    public RuleNodeTarget? Target { get; set; }
}

/// <summary>A data ref's constant prefix path[0..Depth) leads through packages to the rule node Node.</summary>
internal sealed class RuleNodeTarget(DataNode? node, int depth)
{
    public static readonly RuleNodeTarget None = new(null, -1);
    public DataNode? Node { get; } = node;
    public int Depth { get; } = depth;
}

internal sealed class IrArray(Location loc, IrTerm[] items) : IrTerm(loc)
{
    public IrTerm[] Items { get; } = items;
}

internal sealed class IrSet(Location loc, IrTerm[] items) : IrTerm(loc)
{
    public IrTerm[] Items { get; } = items;
}

internal sealed class IrObject(Location loc, IrTerm[] keys, IrTerm[] values) : IrTerm(loc)
{
    public IrTerm[] Keys { get; } = keys;
    public IrTerm[] Values { get; } = values;
}

internal enum ComprehensionKind : byte { Array, Set, Object }

/// <summary>An array, set or object comprehension: Head (and Value for objects) are evaluated for each solution of Body.</summary>
internal sealed class IrComprehension(Location loc, ComprehensionKind kind, IrTerm head, IrTerm? value, IrBody body) : IrTerm(loc)
{
    public ComprehensionKind Kind { get; } = kind;
    public IrTerm Head { get; } = head;
    public IrTerm? Value { get; } = value;
    public IrBody Body { get; set; } = body;
}

/// <summary>A call used as a value (<c>x := f(y)</c>). The target is resolved at compile time.</summary>
internal sealed class IrCall(Location loc, CallTarget target, IrTerm[] args) : IrTerm(loc)
{
    public CallTarget Target { get; } = target;
    public IrTerm[] Args { get; } = args;

    /// <summary>
    /// The called function's head value with these arguments substituted, evaluated instead of the call when
    /// no <c>with</c> mock is active (see Compiler.Inlining); null when the call is not inlined.
    /// </summary>
    public IrTerm? Inlined { get; set; }
}

/// <summary>
/// A template string. Each embedded expression is evaluated like a set comprehension of its values:
/// none gives "&lt;undefined&gt;", one is formatted, more than one is a conflict.
/// Parts are either literal text (Expr null) or an embedded expression (Text null).
/// </summary>
internal sealed class IrTemplate(Location loc, string?[] texts, IrTerm?[] exprs) : IrTerm(loc)
{
    public string?[] Texts { get; } = texts;
    public IrTerm?[] Exprs { get; } = exprs;

    /// <summary>With modifiers written inside an embedded expression (<c>$"{a with input as 1}"</c>), per part; null when none.</summary>
    public IrWith[]?[]? Withs { get; init; }
}

internal enum SpecialCall : byte
{
    None,
    Eq,
    Assign,
    Member2,
    Member3,
    Walk,
    Print,
    Trace,

    // The comparison operators, evaluated inline (no argument array, no builtin context).
    Equal,
    NotEqual,
    Lt,
    Lte,
    Gt,
    Gte,
}

/// <summary>What a call resolves to: a builtin, a user function node, or one of the calls the evaluator implements itself.</summary>
internal sealed class CallTarget(string name, int arity)
{
    /// <summary>Dotted name: builtin name ("count") or the function's data path ("data.test.f"). Mocks are keyed by it.</summary>
    public string Name { get; } = name;
    public int Arity { get; } = arity;
    public BuiltinDefinition? Builtin { get; init; }
    public DataNode? Function { get; init; }
    public SpecialCall Special { get; init; }
}

/// <summary>
/// The use site of a hoisted call (see <see cref="IrHoist"/>): the value computed before the enumeration, or, on a
/// miss, the original call evaluated here. Its Vars are the original call's, so boundness is unchanged.
/// </summary>
internal sealed class IrHoisted(IrCall original, int slot) : IrTerm(original.Loc)
{
    public IrCall Original { get; } = original;
    public int Slot { get; } = slot;
}
