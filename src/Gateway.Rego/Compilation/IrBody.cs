using Gateway.Rego.Ast;

namespace Gateway.Rego.Compilation;

/// <summary>A compiled body: literals in evaluation order (after safety reordering).</summary>
internal sealed class IrBody(IrLiteral[] literals)
{
    public IrLiteral[] Literals { get; set; } = literals;
}

internal sealed class IrLiteral(Location loc, IrExpr expr, bool negated, IrWith[] with)
{
    public Location Loc { get; } = loc;
    public IrExpr Expr { get; } = expr;
    public bool Negated { get; } = negated;
    public IrWith[] With { get; } = with;

    /// <summary>All slots the literal needs bound or may bind (including variables captured by closures and with values).</summary>
    public int[] Vars { get; set; } = [];
}

internal abstract class IrExpr(Location loc)
{
    public Location Loc { get; } = loc;
}

/// <summary><c>a = b</c> or <c>a := b</c>: unification.</summary>
internal sealed class IrUnify(Location loc, IrTerm left, IrTerm right) : IrExpr(loc)
{
    public IrTerm Left { get; } = left;
    public IrTerm Right { get; } = right;
}

/// <summary>A call as a statement. Output is the extra argument (<c>count(x, n)</c>) or null (then the result must be defined and not false).</summary>
internal sealed class IrCallExpr(Location loc, CallTarget target, IrTerm[] args, IrTerm? output) : IrExpr(loc)
{
    public CallTarget Target { get; } = target;
    public IrTerm[] Args { get; } = args;
    public IrTerm? Output { get; } = output;

    /// <summary>
    /// The called function's single body literal (or head value test) with these arguments substituted,
    /// evaluated instead of the call when no <c>with</c> mock is active (see Compiler.Inlining); null when not inlined.
    /// </summary>
    public IrExpr? Inlined { get; set; }
}

/// <summary>A plain term as a statement: true when defined and not false.</summary>
internal sealed class IrTermExpr(Location loc, IrTerm term) : IrExpr(loc)
{
    public IrTerm Term { get; } = term;
}

/// <summary><c>some k, v in coll</c>: enumerates coll, unifying the (declared) patterns.</summary>
internal sealed class IrSomeIn(Location loc, IrTerm? key, IrTerm value, IrTerm collection) : IrExpr(loc)
{
    public IrTerm? Key { get; } = key;
    public IrTerm Value { get; } = value;
    public IrTerm Collection { get; } = collection;
}

internal sealed class IrEvery(Location loc, IrTerm? key, IrTerm value, IrTerm domain, IrBody body) : IrExpr(loc)
{
    public IrTerm? Key { get; } = key;
    public IrTerm Value { get; } = value;
    public IrTerm Domain { get; } = domain;
    public IrBody Body { get; } = body;
}

/// <summary>A <c>some x</c> declaration: nothing to evaluate.</summary>
internal sealed class IrNoop(Location loc) : IrExpr(loc);

internal enum WithKind : byte
{
    Input,
    Data,
    /// <summary>Replace a builtin or a user function (keyed by <see cref="IrWith.MockKey"/>).</summary>
    Function,
}

/// <summary>A compiled <c>with</c> modifier.</summary>
internal sealed class IrWith(Location loc, WithKind kind, IrTerm[] path, string? mockKey, IrTerm value, CallTarget? replacement)
{
    public Location Loc { get; } = loc;
    public WithKind Kind { get; } = kind;

    /// <summary>Path below input or data (constant keys).</summary>
    public IrTerm[] Path { get; } = path;

    public string? MockKey { get; } = mockKey;

    /// <summary>The replacement value (when <see cref="Replacement"/> is null).</summary>
    public IrTerm Value { get; } = value;

    /// <summary>A function replacing the target (builtin or user function), if the value names one.</summary>
    public CallTarget? Replacement { get; } = replacement;
}

/// <summary>
/// A loop-invariant call computed once before an enumeration (see Compiler.Hoisting): binds <see cref="Slot"/> to
/// the call's value, or to a miss marker when the call is undefined or fails, so the original site evaluates it
/// again and fails (or reports its error) exactly where the policy wrote it. Always succeeds.
/// </summary>
internal sealed class IrHoist(Location loc, int slot, IrCall call) : IrExpr(loc)
{
    public int Slot { get; } = slot;
    public IrCall Call { get; } = call;
}
