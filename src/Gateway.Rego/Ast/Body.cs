namespace Gateway.Rego.Ast;

/// <summary>A query or rule body: literals evaluated in order, all of which must be true.</summary>
public sealed record Body(Location Loc, IReadOnlyList<Literal> Literals)
{
    public static Body Empty(Location loc) => new(loc, []);
}

/// <summary>One literal of a body: an expression, possibly negated with <c>not</c>, with <c>with</c> modifiers.</summary>
public sealed record Literal(Location Loc, Expr Expr, bool Negated, IReadOnlyList<WithModifier> With);

/// <summary><c>with target as value</c>: target is a ref rooted at input, data, or naming a function/builtin.</summary>
public sealed record WithModifier(Location Loc, RefTerm Target, Term Value);

/// <summary>The closed set of expression forms inside a literal.</summary>
public abstract record Expr(Location Loc);

/// <summary>A term used as an expression: a call (including operators such as <c>x := 1</c>, <c>a == b</c>) or a plain term (true if defined and not false).</summary>
public sealed record TermExpr(Location Loc, Term Term) : Expr(Loc);

/// <summary><c>some x, y</c>: declares local variables.</summary>
public sealed record SomeDecl(Location Loc, IReadOnlyList<VarTerm> Vars) : Expr(Loc);

/// <summary><c>some v in coll</c> / <c>some k, v in coll</c>: Key is null in the one-variable form. Key and Value may be patterns (terms).</summary>
public sealed record SomeIn(Location Loc, Term? Key, Term Value, Term Collection) : Expr(Loc);

/// <summary><c>every v in coll { body }</c> / <c>every k, v in coll { body }</c>.</summary>
public sealed record Every(Location Loc, Term? Key, Term Value, Term Domain, Body Body) : Expr(Loc);
