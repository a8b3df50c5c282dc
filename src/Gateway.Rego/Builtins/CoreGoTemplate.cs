using System.Globalization;
using System.Text;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// A subset of Go's text/template for strings.render_template: text, {{pipeline}} with fields, variables, literals,
/// function calls and pipes; if/else if/else, range (with $i, $v :=, else, break, continue), with/else; variable
/// declaration and assignment; trim markers and comments; the builtin functions and, or, not, len, index, slice,
/// print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery. define/template/block are not supported.
/// Variables are seen as OPA hands them to Go: JSON-decoded, numbers as json.Number. A missing key prints "&lt;undefined&gt;".
/// </summary>
internal static partial class CoreGoTemplate
{
    public static string Render(string template, RegoObject vars)
    {
        var nodes = new Parser(template).ParseTemplate();
        var exec = new Executor(template);
        var sb = new StringBuilder();
        exec.Run(sb, nodes, FromRego(vars));
        return sb.ToString();
    }

    // ---- AST ----
    private abstract record Node(int Pos);
    private sealed record TextNode(int Pos, string Text) : Node(Pos);
    private sealed record ActionNode(int Pos, Pipe Pipe) : Node(Pos);
    private sealed record IfNode(int Pos, Pipe Pipe, List<Node> Then, List<Node>? Else) : Node(Pos);
    private sealed record WithNode(int Pos, Pipe Pipe, List<Node> Then, List<Node>? Else) : Node(Pos);
    private sealed record RangeNode(int Pos, Pipe Pipe, List<Node> Body, List<Node>? Else) : Node(Pos);
    private sealed record BreakNode(int Pos) : Node(Pos);
    private sealed record ContinueNode(int Pos) : Node(Pos);

    private sealed record Pipe(int Pos, List<string> Decl, bool IsAssign, List<Command> Cmds);
    private sealed record Command(int Pos, List<Arg> Args);

    private abstract record Arg(int Pos);
    private sealed record DotArg(int Pos) : Arg(Pos);
    private sealed record FieldArg(int Pos, string[] Names) : Arg(Pos);
    private sealed record VariableArg(int Pos, string Name, string[] Names) : Arg(Pos);
    private sealed record LiteralArg(int Pos, object? Value) : Arg(Pos);
    private sealed record IdentifierArg(int Pos, string Name) : Arg(Pos);
    private sealed record PipeArg(int Pos, Pipe Pipe, string[] Names) : Arg(Pos);

    /// <summary>A map lookup that found nothing.</summary>
    private sealed class Missing
    {
        public static readonly Missing Instance = new();
    }

    /// <summary>Go's json.Number: a string type holding the number's text.</summary>
    private sealed record JsonNumber(string Text);

    /// <summary>Values as Go sees them after OPA's ast.As: nil, bool, json.Number, string, []any, map[string]any.</summary>
    private static object? FromRego(RegoValue v) => v switch
    {
        RegoNull => null,
        RegoBool b => b.Value,
        RegoNumber n => new JsonNumber(n.ToJsonText()),
        RegoString s => s.Value,
        RegoArray a => a.AsList().Select(FromRego).ToList(),
        RegoSet s => s.Sorted.Select(FromRego).ToList(),
        RegoObject o => ToMap(o),
        _ => null,
    };

    private static SortedDictionary<string, object?> ToMap(RegoObject o)
    {
        var map = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in o.Items) map[k is RegoString s ? s.Value : RegoJson.ToJson(k)] = FromRego(v);
        return map;
    }

    private static BuiltinException Error(string source, int pos, string message)
    {
        var line = 1;
        for (var i = 0; i < pos && i < source.Length; i++)
        {
            if (source[i] == '\n') line++;
        }
        return new BuiltinException($"template: template:{line}: {message}");
    }

    // ---- Parser ----
    private sealed class Parser(string src)
    {
        private int _pos;
        private int _rangeDepth;

        public List<Node> ParseTemplate()
        {
            var (nodes, terminator, at) = ParseList();
            if (terminator is not null) throw Error(src, at, $"unexpected {{{{{terminator}}}}}");
            return nodes;
        }

        /// <summary>Parse nodes until {{end}} or {{else ...}}; returns which keyword stopped it (null at end of input).</summary>
        private (List<Node> Nodes, string? Terminator, int At) ParseList()
        {
            var nodes = new List<Node>();
            while (_pos < src.Length)
            {
                var open = src.IndexOf("{{", _pos, StringComparison.Ordinal);
                if (open < 0)
                {
                    nodes.Add(new TextNode(_pos, src[_pos..]));
                    _pos = src.Length;
                    break;
                }
                var text = src[_pos..open];
                var inner = open + 2;
                var trimLeft = inner + 1 < src.Length && src[inner] == '-' && IsSpace(src[inner + 1]);
                if (trimLeft)
                {
                    text = text.TrimEnd(' ', '\t', '\r', '\n');
                    inner += 2;
                }
                if (text.Length > 0) nodes.Add(new TextNode(_pos, text));
                var close = FindClose(inner);
                if (close < 0) throw Error(src, open, "unclosed action");
                var contentEnd = close;
                var after = close + 2;
                if (close >= 2 && src[close - 1] == '-' && IsSpace(src[close - 2]) && close - 2 >= inner)
                {
                    contentEnd = close - 2;
                    while (after < src.Length && IsSpace(src[after])) after++;
                }
                var content = src[inner..contentEnd];
                _pos = after;
                var trimmed = content.Trim(' ', '\t', '\r', '\n');
                if (trimmed.StartsWith("/*", StringComparison.Ordinal))
                {
                    if (!trimmed.EndsWith("*/", StringComparison.Ordinal)) throw Error(src, open, "unclosed comment");
                    continue;
                }
                var lexer = new Lexer(src, inner, contentEnd);
                var first = lexer.Peek();
                if (first.Kind == TokKind.Ident)
                {
                    switch (first.Text)
                    {
                        case "end":
                            lexer.Next();
                            lexer.ExpectEnd("end");
                            return (nodes, "end", open);
                        case "else":
                            lexer.Next();
                            _elseLexer = lexer;
                            return (nodes, "else", open);
                        case "if" or "with" or "range":
                            lexer.Next();
                            nodes.Add(ParseControl(first.Text, open, lexer));
                            continue;
                        case "break" or "continue":
                            lexer.Next();
                            lexer.ExpectEnd(first.Text);
                            if (_rangeDepth == 0) throw Error(src, open, $"{{{{{first.Text}}}}} outside {{{{range}}}}");
                            nodes.Add(first.Text == "break" ? new BreakNode(open) : new ContinueNode(open));
                            continue;
                        case "define" or "template" or "block":
                            throw Error(src, open, $"{{{{{first.Text}}}}} is not supported by strings.render_template here");
                    }
                }
                var pipe = ParsePipe(lexer, allowDecl: true);
                lexer.ExpectEnd("command");
                nodes.Add(new ActionNode(open, pipe));
            }
            return (nodes, null, _pos);
        }

        private Lexer? _elseLexer;

        private Node ParseControl(string keyword, int open, Lexer lexer)
        {
            var pipe = ParsePipe(lexer, allowDecl: true);
            lexer.ExpectEnd(keyword);
            if (keyword == "range") _rangeDepth++;
            var (body, term, at) = ParseList();
            if (keyword == "range") _rangeDepth--;
            List<Node>? elseNodes = null;
            if (term is null) throw Error(src, at, $"unexpected EOF in {keyword}");
            if (term == "else")
            {
                var el = _elseLexer!;
                var next = el.Peek();
                if (next.Kind == TokKind.Ident && (next.Text == "if" || next.Text == "with") && keyword != "range")
                {
                    // {{else if ...}} / {{else with ...}}: a nested control that consumes the shared {{end}}.
                    el.Next();
                    if (next.Text != keyword) throw Error(src, at, $"unexpected {{{{else {next.Text}}}}} in {keyword}");
                    elseNodes = [ParseControl(next.Text, at, el)];
                    return keyword == "if" ? new IfNode(open, pipe, body, elseNodes) : new WithNode(open, pipe, body, elseNodes);
                }
                el.ExpectEnd("else");
                var (elseBody, term2, at2) = ParseList();
                if (term2 != "end") throw Error(src, at2, term2 is null ? $"unexpected EOF in {keyword}" : "expected end; found {{else}}");
                elseNodes = elseBody;
            }
            return keyword switch
            {
                "if" => new IfNode(open, pipe, body, elseNodes),
                "with" => new WithNode(open, pipe, body, elseNodes),
                _ => new RangeNode(open, pipe, body, elseNodes),
            };
        }

        private Pipe ParsePipe(Lexer lexer, bool allowDecl)
        {
            var pos = lexer.Peek().Pos;
            var decl = new List<string>();
            var isAssign = false;
            if (allowDecl && lexer.Peek().Kind == TokKind.Variable)
            {
                var save = lexer.Save();
                var v1 = lexer.Next();
                var t = lexer.Peek();
                if (t.Kind == TokKind.Comma)
                {
                    lexer.Next();
                    var v2 = lexer.Next();
                    if (v2.Kind != TokKind.Variable) throw Error(src, v2.Pos, "expected variable in declaration");
                    var op = lexer.Next();
                    if (op.Kind is not (TokKind.Declare or TokKind.Assign)) throw Error(src, op.Pos, "expected := or = in declaration");
                    decl.Add(v1.Text);
                    decl.Add(v2.Text);
                    isAssign = op.Kind == TokKind.Assign;
                }
                else if (t.Kind is TokKind.Declare or TokKind.Assign)
                {
                    lexer.Next();
                    decl.Add(v1.Text);
                    isAssign = t.Kind == TokKind.Assign;
                }
                else
                {
                    lexer.Restore(save);
                }
            }
            var cmds = new List<Command>();
            while (true)
            {
                var args = new List<Arg>();
                var cmdPos = lexer.Peek().Pos;
                while (true)
                {
                    var t = lexer.Peek();
                    if (t.Kind is TokKind.End or TokKind.Pipe or TokKind.RightParen) break;
                    args.Add(ParseOperand(lexer));
                }
                if (args.Count == 0) throw Error(src, cmdPos, "missing value for command");
                cmds.Add(new Command(cmdPos, args));
                if (lexer.Peek().Kind != TokKind.Pipe) break;
                lexer.Next();
            }
            return new Pipe(pos, decl, isAssign, cmds);
        }

        private Arg ParseOperand(Lexer lexer)
        {
            var t = lexer.Next();
            switch (t.Kind)
            {
                case TokKind.Dot: return new DotArg(t.Pos);
                case TokKind.Field: return new FieldArg(t.Pos, t.Text.Split('.', StringSplitOptions.RemoveEmptyEntries));
                case TokKind.Variable:
                    var parts = t.Text.Split('.');
                    return new VariableArg(t.Pos, parts[0], parts[1..]);
                case TokKind.String: return new LiteralArg(t.Pos, t.Value);
                case TokKind.Number: return new LiteralArg(t.Pos, t.Value);
                case TokKind.Ident:
                    return t.Text switch
                    {
                        "true" => new LiteralArg(t.Pos, true),
                        "false" => new LiteralArg(t.Pos, false),
                        "nil" => new LiteralArg(t.Pos, null),
                        _ when Executor.IsFunction(t.Text) => new IdentifierArg(t.Pos, t.Text),
                        _ => throw Error(src, t.Pos, $"function \"{t.Text}\" not defined"),
                    };
                case TokKind.LeftParen:
                    var inner = ParsePipe(lexer, allowDecl: false);
                    var close = lexer.Next();
                    if (close.Kind != TokKind.RightParen) throw Error(src, close.Pos, "unclosed left paren");
                    var chain = lexer.Peek().Kind == TokKind.Field && lexer.Peek().Pos == close.Pos + 1
                        ? lexer.Next().Text.Split('.', StringSplitOptions.RemoveEmptyEntries)
                        : [];
                    return new PipeArg(t.Pos, inner, chain);
                default:
                    throw Error(src, t.Pos, $"unexpected {Describe(t)} in operand");
            }
        }

        private static string Describe(Token t) => t.Kind switch
        {
            TokKind.End => "end of action",
            TokKind.RightParen => "right paren",
            _ => $"\"{t.Text}\"",
        };

        /// <summary>The "}}" closing the action starting at from, skipping over quoted strings and comments.</summary>
        private int FindClose(int from)
        {
            var i = from;
            while (i < src.Length)
            {
                var c = src[i];
                if (c == '"' || c == '\'')
                {
                    i++;
                    while (i < src.Length && src[i] != c)
                    {
                        if (src[i] == '\\') i++;
                        i++;
                    }
                    i++;
                    continue;
                }
                if (c == '`')
                {
                    var end = src.IndexOf('`', i + 1);
                    if (end < 0) return -1;
                    i = end + 1;
                    continue;
                }
                if (c == '/' && i + 1 < src.Length && src[i + 1] == '*')
                {
                    var end = src.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0) return -1;
                    i = end + 2;
                    continue;
                }
                if (c == '}' && i + 1 < src.Length && src[i + 1] == '}') return i;
                i++;
            }
            return -1;
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
    }
}
