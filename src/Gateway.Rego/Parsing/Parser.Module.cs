using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Parsing;

// Entry points, and the package and import statements.
internal sealed partial class Parser
{
    private static readonly HashSet<string> Keywords =
    [
        "package", "import", "as", "default", "else", "not", "some", "with", "null", "true", "false",
        "in", "every", "contains", "if",
    ];

    private static readonly string[] FutureKeywords = ["contains", "every", "if", "in"];

    public Module ParseModuleText()
    {
        var first = Cur;
        if (first.Kind == TokenKind.Eof) throw new RegoParseException(At(first), "empty module");
        if (first.Kind != TokenKind.Package || NextStartsRef)
        {
            if (first.Kind == TokenKind.Illegal) Illegal();
            throw new RegoParseException(At(first), _err?.Message ?? "package expected");
        }
        var package = Require(ParsePackage());
        var imports = new List<Import>();
        var rules = new List<Rule>();
        // Statement start rows, in order, for attaching METADATA blocks: rule index, or -1 package, -2 import.
        var statements = new List<(int Row, int Rule)> { (package.Loc.Row, StatementPackage) };
        while (Cur.Kind != TokenKind.Eof)
        {
            if (Cur.Kind == TokenKind.Package && !NextStartsRef) throw new RegoParseException(At(Cur), "unexpected package");
            if (Cur.Kind == TokenKind.Import && !NextStartsRef)
            {
                var import = Require(ParseImport());
                statements.Add((import.Loc.Row, StatementImport));
                imports.Add(import);
                continue;
            }
            var parsed = Require(ParseRules());
            statements.Add((parsed[0].Loc.Row, rules.Count));
            rules.AddRange(parsed);
        }
        if (_comments.Count > 0) package = AttachAnnotations(package, rules, statements);
        return new Module(SpanFrom(first), package, imports, rules, _file);
    }

    public Body ParseQueryText() => Require(ParseQueryBody());

    public Term ParseTermText()
    {
        var body = ParseQueryText();
        if (body.Literals.Count != 1)
        {
            throw new RegoParseException(body.Loc, $"expected exactly one term but got {body.Literals.Count} expressions");
        }
        var lit = body.Literals[0];
        if (lit is { Negated: false, With.Count: 0, Expr: TermExpr { Term: var term } } && term is not CallTerm) return term;
        throw new RegoParseException(lit.Loc, "expected term but got expression");
    }

    private Package? ParsePackage()
    {
        var start = Cur;
        Advance();
        if (Cur.Kind != TokenKind.Ident && !Cur.IsKeyword)
        {
            Illegal();
            return null;
        }
        var term = ParseTermKeywordHead();
        if (term is null) return null;

        var path = new List<Term>();
        switch (term)
        {
            case VarTerm v:
                path.Add(new ScalarTerm(v.Loc, new RegoString(v.Name)));
                break;
            case RefTerm { Head: VarTerm head } r:
                path.Add(new ScalarTerm(head.Loc, new RegoString(head.Name)));
                foreach (var p in r.Path)
                {
                    if (p is not ScalarTerm { Value: RegoString })
                    {
                        Error(p.Loc, $"unexpected {ValueName(p)} token: expecting string");
                        return null;
                    }
                    path.Add(p);
                }
                break;
            case RefTerm r:
                Error(r.Head.Loc, $"unexpected {ValueName(r.Head)} token: expecting var");
                return null;
            default:
                Error(term.Loc, $"unexpected {ValueName(term)} token");
                return null;
        }
        var data = new VarTerm(term.Loc with { Length = 0 }, "data");
        return new Package(SpanFrom(start), new RefTerm(term.Loc, data, path));
    }

    private Import? ParseImport()
    {
        var start = Cur;
        Advance();
        if (Cur.Kind != TokenKind.Ident && !Cur.IsKeyword)
        {
            Illegal();
            return null;
        }
        var term = ParseTermKeywordHead();
        if (term is null) return null;

        RefTerm path;
        switch (term)
        {
            case VarTerm v:
                path = new RefTerm(v.Loc, v, []);
                break;
            case RefTerm r:
                foreach (var p in r.Path)
                {
                    if (p is not ScalarTerm { Value: RegoString })
                    {
                        Error(p.Loc, $"unexpected {ValueName(p)} token: expecting string");
                        return null;
                    }
                }
                path = r;
                break;
            default:
                Error(term.Loc, "expected path");
                return null;
        }

        var root = path.Head is VarTerm rv ? rv.Name : ValueName(path.Head);
        if (root is not ("data" or "input" or "future" or "rego"))
        {
            Error(path.Loc, $"unexpected import path, must begin with one of: {{data, future, input, rego}}, got: {root}");
            return null;
        }

        string? alias = null;
        if (Cur.Kind == TokenKind.As)
        {
            Advance();
            if (Cur.Kind != TokenKind.Ident || NextStartsRef)
            {
                Illegal("expected var");
                return null;
            }
            alias = Cur.Text;
            Advance();
        }

        var names = path.Path.Select(p => ((RegoString)((ScalarTerm)p).Value).Value).ToList();
        if (root == "future")
        {
            if (names.Count == 0 || names[0] != "keywords")
            {
                Error(path.Loc, "invalid import, must be `future.keywords`");
                return null;
            }
            if (alias is not null)
            {
                Error(path.Loc, "`future` imports cannot be aliased");
                return null;
            }
            if (names.Count == 2 && !FutureKeywords.Contains(names[1]))
            {
                Error(path.Loc, $"unexpected keyword, must be one of [{string.Join(' ', FutureKeywords)}]");
                return null;
            }
        }
        else if (root == "rego")
        {
            if (names is not ["v1"])
            {
                Error(path.Loc, $"invalid import, `rego{string.Concat(names.Select(n => "." + n))}` is not supported by current capabilities");
                return null;
            }
        }
        else if (alias is null)
        {
            var last = names.Count > 0 ? names[^1] : root;
            if (Keywords.Contains(last))
            {
                Error(path.Path.Count > 0 ? path.Path[^1].Loc : path.Loc, $"unexpected import path, must not end with a keyword, got: {last}");
                return null;
            }
        }
        return new Import(SpanFrom(start), path, alias);
    }
}
