using Gateway.Rego.Values;

namespace Gateway.Rego.Ast;

/// <summary>
/// A Rego term: the closed set of expression-level nodes. Every node carries its source location so
/// that compile and evaluation errors point at the offending line.
/// </summary>
public abstract record Term(Location Loc);

/// <summary>A literal scalar or a constant collection already known to be ground: null, boolean, number or string.</summary>
public sealed record ScalarTerm(Location Loc, RegoValue Value) : Term(Loc);

/// <summary>A variable. The parser keeps the wildcard as the name "_"; the compiler renames each wildcard to a fresh variable.</summary>
public sealed record VarTerm(Location Loc, string Name) : Term(Loc)
{
    public bool IsWildcard => Name == "_";
}

/// <summary>
/// A reference: a head (a variable such as <c>data</c>, <c>input</c> or a local; or a collection/call term)
/// followed by path elements. <c>a.b[x]</c> is Ref(Var a, [Scalar "b", Var x]).
/// </summary>
public sealed record RefTerm(Location Loc, Term Head, IReadOnlyList<Term> Path) : Term(Loc);

public sealed record ArrayTerm(Location Loc, IReadOnlyList<Term> Items) : Term(Loc);

public sealed record SetTerm(Location Loc, IReadOnlyList<Term> Items) : Term(Loc);

public sealed record ObjectTerm(Location Loc, IReadOnlyList<KeyValuePair<Term, Term>> Items) : Term(Loc);

public sealed record ArrayComprehension(Location Loc, Term Head, Body Body) : Term(Loc);

public sealed record SetComprehension(Location Loc, Term Head, Body Body) : Term(Loc);

public sealed record ObjectComprehension(Location Loc, Term Key, Term Value, Body Body) : Term(Loc);

/// <summary>
/// A call of a builtin or a user function: <c>count(x)</c>, <c>data.lib.f(1)</c>, and every infix
/// operator, which the parser turns into a call by OPA's operator name:
/// <c>=</c> eq, <c>:=</c> assign, <c>==</c> equal, <c>!=</c> neq, <c>&lt;</c> lt, <c>&lt;=</c> lte,
/// <c>&gt;</c> gt, <c>&gt;=</c> gte, <c>+</c> plus, <c>-</c> minus, <c>*</c> mul, <c>/</c> div,
/// <c>%</c> rem, <c>&amp;</c> and, <c>|</c> or, <c>x in xs</c> internal.member_2,
/// <c>k, v in xs</c> internal.member_3; unary minus on a non-literal is minus(0, x).
/// <see cref="Operator"/> is the dotted name as written (a ref such as <c>data.lib.f</c> keeps its path).
/// </summary>
public sealed record CallTerm(Location Loc, RefTerm Operator, IReadOnlyList<Term> Args) : Term(Loc)
{
    /// <summary>The dotted operator name, e.g. "count", "internal.member_2", "data.lib.f".</summary>
    public string Name { get; } = RefNames.Dotted(Operator);
}

/// <summary>String interpolation <c>$"a {x} b"</c>: literal text parts and embedded terms, in order.</summary>
public sealed record TemplateStringTerm(Location Loc, IReadOnlyList<TemplatePart> Parts, bool Raw) : Term(Loc);

/// <summary>A part of a template string: either literal text or an embedded expression term.</summary>
public sealed record TemplatePart(string? Text, Term? Expr)
{
    /// <summary>
    /// <c>with</c> modifiers written inside the embedded expression, as in <c>$"{a with input as 1}"</c>
    /// (OPA allows a whole literal there). Empty for text parts and for most expressions.
    /// </summary>
    public IReadOnlyList<WithModifier> With { get; init; } = [];
}

public static class RefNames
{
    /// <summary>Dotted text of a ref whose path elements are all strings: data.a.b → "data.a.b".</summary>
    public static string Dotted(RefTerm r)
    {
        var head = r.Head is VarTerm v ? v.Name : "?";
        if (r.Path.Count == 0) return head;
        var sb = new System.Text.StringBuilder(head);
        foreach (var p in r.Path)
        {
            sb.Append('.');
            sb.Append(p is ScalarTerm { Value: RegoString s } ? s.Value : "?");
        }
        return sb.ToString();
    }
}
