using System.Text;
using System.Text.RegularExpressions;
using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Tests.Parsing;

/// <summary>
/// Renders AST nodes as compact, unambiguous text so tests can assert whole trees: calls as
/// <c>name(args)</c>, refs as <c>head.a[x]</c> (a ref with no path as <c>ref(head)</c>), strings quoted.
/// </summary>
internal static partial class AstPrinter
{
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    public static string Print(Term t) => t switch
    {
        ScalarTerm s => s.Value.ToString(),
        VarTerm v => v.Name,
        RefTerm { Path.Count: 0 } r => $"ref({Print(r.Head)})",
        RefTerm r => Print(r.Head) + string.Concat(r.Path.Select(PathElement)),
        CallTerm c => $"{c.Name}({string.Join(", ", c.Args.Select(Print))})",
        ArrayTerm a => $"[{string.Join(", ", a.Items.Select(Print))}]",
        SetTerm { Items.Count: 0 } => "set()",
        SetTerm s => $"{{{string.Join(", ", s.Items.Select(Print))}}}",
        ObjectTerm o => $"{{{string.Join(", ", o.Items.Select(kv => $"{Print(kv.Key)}: {Print(kv.Value)}"))}}}",
        ArrayComprehension a => $"[{Print(a.Head)} | {Print(a.Body)}]",
        SetComprehension s => $"{{{Print(s.Head)} | {Print(s.Body)}}}",
        ObjectComprehension o => $"{{{Print(o.Key)}: {Print(o.Value)} | {Print(o.Body)}}}",
        TemplateStringTerm ts => PrintTemplate(ts),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t.GetType().Name),
    };

    private static string PathElement(Term p) =>
        p is ScalarTerm { Value: RegoString s } && Identifier().IsMatch(s.Value) ? "." + s.Value : $"[{Print(p)}]";

    private static string PrintTemplate(TemplateStringTerm ts)
    {
        var sb = new StringBuilder(ts.Raw ? "$`" : "$\"");
        foreach (var part in ts.Parts)
        {
            if (part.Text is not null) sb.Append(part.Text);
            else sb.Append('{').Append(Print(part.Expr!)).Append(PrintWith(part.With)).Append('}');
        }
        return sb.Append(ts.Raw ? '`' : '"').ToString();
    }

    public static string Print(Body b) => string.Join("; ", b.Literals.Select(Print));

    public static string Print(Literal l) => (l.Negated ? "not " : "") + Print(l.Expr) + PrintWith(l.With);

    private static string PrintWith(IReadOnlyList<WithModifier> with) =>
        string.Concat(with.Select(w => $" with {Print(w.Target)} as {Print(w.Value)}"));

    public static string Print(Expr e) => e switch
    {
        TermExpr t => Print(t.Term),
        SomeDecl s => "some " + string.Join(", ", s.Vars.Select(v => v.Name)),
        SomeIn s => "some " + (s.Key is null ? "" : Print(s.Key) + ", ") + Print(s.Value) + " in " + Print(s.Collection),
        Every ev => "every " + (ev.Key is null ? "" : Print(ev.Key) + ", ") + Print(ev.Value) + " in " + Print(ev.Domain) + " { " + Print(ev.Body) + " }",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };

    /// <summary>A rule as <c>[default ]Kind head[(args)][ contains key][ := value] { body }[ else …]</c>.</summary>
    public static string Print(Rule r)
    {
        var h = r.Head;
        var sb = new StringBuilder();
        if (r.IsDefault) sb.Append("default ");
        sb.Append(h.Kind).Append(' ').Append(Print(h.Ref));
        if (h.Args is not null) sb.Append('(').Append(string.Join(", ", h.Args.Select(Print))).Append(')');
        if (h.Key is not null) sb.Append(" contains ").Append(Print(h.Key));
        if (h.Value is not null) sb.Append(h.Assign ? " := " : " = ").Append(Print(h.Value));
        sb.Append(" { ").Append(Print(r.Body)).Append(" }");
        for (var e = r.Else; e is not null; e = e.Else)
        {
            sb.Append(" else");
            if (e.Head.Value is not null) sb.Append(e.Head.Assign ? " := " : " = ").Append(Print(e.Head.Value));
            sb.Append(" { ").Append(Print(e.Body)).Append(" }");
        }
        return sb.ToString();
    }
}
