namespace Gateway.Rego.Ast;

/// <summary>A parsed Rego module (one file).</summary>
public sealed record Module(Location Loc, Package Package, IReadOnlyList<Import> Imports, IReadOnlyList<Rule> Rules, string FileName);

/// <summary><c>package a.b</c>: Path is the full ref rooted at data (data.a.b).</summary>
public sealed record Package(Location Loc, RefTerm Path)
{
    /// <summary>Package- and subpackages-scoped <c># METADATA</c> blocks written before the package statement.</summary>
    public IReadOnlyList<Annotation> Annotations { get; init; } = [];
}

/// <summary><c>import data.x.y as z</c> / <c>import input.foo</c> / <c>import rego.v1</c> / <c>import future.keywords.in</c>.</summary>
public sealed record Import(Location Loc, RefTerm Path, string? Alias);

public enum RuleKind
{
    /// <summary><c>p := 1</c>, <c>p if {…}</c>, <c>a.b.c := x if {…}</c>: one value.</summary>
    Complete,
    /// <summary><c>p contains x if {…}</c> (and legacy <c>p[x] { }</c> without a value): a set.</summary>
    PartialSet,
    /// <summary><c>p[k] := v if {…}</c>, <c>a.b[k].c := v</c> where a variable occurs in the head ref: an object.</summary>
    PartialObject,
    /// <summary><c>f(x) := y if {…}</c>.</summary>
    Function,
}

/// <summary>
/// A rule head. <see cref="Ref"/> is the head reference relative to the package (for <c>a.b[c].d := 1</c>
/// it is Ref(Var a, [Scalar "b", Var c, Scalar "d"])). <see cref="Key"/> is the element of a partial set
/// (<c>contains x</c>). <see cref="Value"/> is the assigned value, or null when written without one
/// (then the value is <c>true</c>). <see cref="Args"/> are the parameters of a function.
/// <see cref="Assign"/> is true when written with <c>:=</c>.
/// </summary>
public sealed record RuleHead(Location Loc, RefTerm Ref, RuleKind Kind, IReadOnlyList<Term>? Args, Term? Key, Term? Value, bool Assign);

/// <summary>
/// A rule: head, body (an empty body means <c>true</c>), the <c>else</c> chain (each else has its own
/// value and body and shares the head's ref and args), and whether it is a <c>default</c> rule.
/// </summary>
public sealed record Rule(Location Loc, RuleHead Head, Body Body, Rule? Else, bool IsDefault)
{
    /// <summary>Rule- and document-scoped <c># METADATA</c> blocks written directly before this rule.</summary>
    public IReadOnlyList<Annotation> Annotations { get; init; } = [];
}
