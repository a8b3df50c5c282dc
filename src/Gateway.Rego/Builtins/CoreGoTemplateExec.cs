using System.Globalization;
using System.Text;

namespace Gateway.Rego.Builtins;

internal static partial class CoreGoTemplate
{
    private enum Flow { Normal, Break, Continue }

    private sealed class Executor(string src)
    {
        private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
        {
            "and", "or", "not", "len", "index", "slice", "print", "printf", "println",
            "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery",
        };

        private readonly List<(string Name, object? Value)> _vars = [];

        public static bool IsFunction(string name) => Functions.Contains(name);

        public void Run(StringBuilder sb, List<Node> nodes, object? data)
        {
            _vars.Add(("$", data));
            Walk(sb, nodes, data);
        }

        private Flow Walk(StringBuilder sb, List<Node> nodes, object? dot)
        {
            foreach (var node in nodes)
            {
                var flow = WalkNode(sb, node, dot);
                if (flow != Flow.Normal) return flow;
            }
            return Flow.Normal;
        }

        private Flow WalkNode(StringBuilder sb, Node node, object? dot)
        {
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    return Flow.Normal;
                case ActionNode a:
                {
                    var value = EvalPipe(dot, a.Pipe);
                    if (a.Pipe.Decl.Count == 0) sb.Append(PrintValue(value));
                    return Flow.Normal;
                }
                case IfNode n:
                {
                    var mark = _vars.Count;
                    var value = EvalPipe(dot, n.Pipe);
                    var flow = IsTrue(value) ? Walk(sb, n.Then, dot) : n.Else is null ? Flow.Normal : Walk(sb, n.Else, dot);
                    Pop(mark);
                    return flow;
                }
                case WithNode n:
                {
                    var mark = _vars.Count;
                    var value = EvalPipe(dot, n.Pipe);
                    var flow = IsTrue(value) ? Walk(sb, n.Then, value) : n.Else is null ? Flow.Normal : Walk(sb, n.Else, dot);
                    Pop(mark);
                    return flow;
                }
                case RangeNode r:
                    return WalkRange(sb, r, dot);
                case BreakNode:
                    return Flow.Break;
                case ContinueNode:
                    return Flow.Continue;
                default:
                    return Flow.Normal;
            }
        }

        private Flow WalkRange(StringBuilder sb, RangeNode r, object? dot)
        {
            var mark = _vars.Count;
            var value = EvalPipeValue(dot, r.Pipe);
            IEnumerable<(object? Key, object? Elem)> items = value switch
            {
                List<object?> list => list.Select((e, i) => ((object?)(long)i, e)),
                SortedDictionary<string, object?> map => map.Select(kv => ((object?)kv.Key, kv.Value)),
                long n => Enumerable.Range(0, (int)Math.Clamp(n, 0, int.MaxValue)).Select(i => ((object?)(long)i, (object?)(long)i)),
                null or Missing => [],
                _ => throw Error(src, r.Pos, $"range can't iterate over {GoPrint(value)}"),
            };
            var any = false;
            foreach (var (key, elem) in items)
            {
                any = true;
                var iterationMark = _vars.Count;
                if (r.Pipe.Decl.Count == 1) SetVar(r.Pipe.Decl[0], elem, r.Pipe.IsAssign, r.Pos);
                else if (r.Pipe.Decl.Count == 2)
                {
                    SetVar(r.Pipe.Decl[0], key, r.Pipe.IsAssign, r.Pos);
                    SetVar(r.Pipe.Decl[1], elem, r.Pipe.IsAssign, r.Pos);
                }
                var flow = Walk(sb, r.Body, elem);
                Pop(iterationMark);
                if (flow == Flow.Break) break;
            }
            Pop(mark);
            if (!any && r.Else is not null) return Walk(sb, r.Else, dot);
            return Flow.Normal;
        }

        private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

        private void SetVar(string name, object? value, bool assign, int pos)
        {
            if (!assign)
            {
                _vars.Add((name, value));
                return;
            }
            for (var i = _vars.Count - 1; i >= 0; i--)
            {
                if (_vars[i].Name == name)
                {
                    _vars[i] = (name, value);
                    return;
                }
            }
            throw Error(src, pos, $"undefined variable: {name}");
        }

        private object? LookupVar(string name, int pos)
        {
            for (var i = _vars.Count - 1; i >= 0; i--)
            {
                if (_vars[i].Name == name) return _vars[i].Value;
            }
            throw Error(src, pos, $"undefined variable: {name}");
        }

        /// <summary>Evaluate a pipeline and apply its declaration (not used by range, which binds per iteration).</summary>
        private object? EvalPipe(object? dot, Pipe pipe)
        {
            var value = EvalPipeValue(dot, pipe);
            foreach (var name in pipe.Decl) SetVar(name, value, pipe.IsAssign, pipe.Pos);
            return value;
        }

        private object? EvalPipeValue(object? dot, Pipe pipe)
        {
            object? value = null;
            var hasFinal = false;
            foreach (var cmd in pipe.Cmds)
            {
                value = EvalCommand(dot, cmd, value, hasFinal);
                hasFinal = true;
            }
            return value;
        }

        private object? EvalCommand(object? dot, Command cmd, object? final, bool hasFinal)
        {
            var first = cmd.Args[0];
            if (first is IdentifierArg fn)
            {
                var args = cmd.Args.Skip(1).Select(a => EvalArg(dot, a)).ToList();
                if (hasFinal) args.Add(final);
                return Call(fn, args);
            }
            if (cmd.Args.Count > 1 || hasFinal) throw Error(src, cmd.Pos, "can't give argument to non-function");
            return EvalArg(dot, first);
        }

        private object? EvalArg(object? dot, Arg arg) => arg switch
        {
            DotArg => dot,
            FieldArg f => Chain(dot, f.Names, f.Pos),
            VariableArg v => Chain(LookupVar(v.Name, v.Pos), v.Names, v.Pos),
            LiteralArg l => l.Value,
            IdentifierArg fn => Call(fn, []),
            PipeArg p => Chain(EvalPipeValue(dot, p.Pipe), p.Names, p.Pos),
            _ => null,
        };

        private object? Chain(object? value, string[] names, int pos)
        {
            foreach (var name in names)
            {
                value = value switch
                {
                    SortedDictionary<string, object?> map => map.TryGetValue(name, out var v) ? v : Missing.Instance,
                    null or Missing => Missing.Instance,
                    _ => throw Error(src, pos, $"can't evaluate field {name} in type {GoTypeName(value)}"),
                };
            }
            return value;
        }

        private object? Call(IdentifierArg fn, List<object?> args)
        {
            try
            {
                return CallFunction(fn.Name, args);
            }
            catch (TemplateFuncException e)
            {
                throw Error(src, fn.Pos, $"executing \"template\" at <{fn.Name}>: error calling {fn.Name}: {e.Message}");
            }
        }
    }

    private sealed class TemplateFuncException(string message) : Exception(message);

    /// <summary>Go's template truth: false, 0, nil, and empty strings, slices and maps are false.</summary>
    private static bool IsTrue(object? v) => v switch
    {
        null or Missing => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        JsonNumber n => n.Text.Length > 0,
        List<object?> l => l.Count > 0,
        SortedDictionary<string, object?> m => m.Count > 0,
        _ => true,
    };

    /// <summary>How text/template prints an action's value.</summary>
    private static string PrintValue(object? v) => v switch
    {
        Missing => "<undefined>",
        null => "<no value>",
        _ => GoPrint(v),
    };

    /// <summary>fmt's %v of a decoded JSON value.</summary>
    private static string GoPrint(object? v) => v switch
    {
        null => "<nil>",
        Missing => "<nil>",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => CoreGoFormatter.Sprintf("%v", [new CoreGoFormatter.GoFloat(d)]),
        string s => s,
        JsonNumber n => n.Text,
        List<object?> list => "[" + string.Join(" ", list.Select(GoPrint)) + "]",
        SortedDictionary<string, object?> map => "map[" + string.Join(" ", map.Select(kv => kv.Key + ":" + GoPrint(kv.Value))) + "]",
        _ => v.ToString() ?? "",
    };

    private static string GoTypeName(object? v) => v switch
    {
        null or Missing => "<nil>",
        bool => "bool",
        long => "int",
        double => "float64",
        string => "string",
        JsonNumber => "json.Number",
        List<object?> => "[]interface {}",
        SortedDictionary<string, object?> => "map[string]interface {}",
        _ => "interface {}",
    };

    private static CoreGoFormatter.GoArg ToGoArg(object? v) => v switch
    {
        null or Missing => new CoreGoFormatter.GoNil(),
        bool b => new CoreGoFormatter.GoBool(b),
        long l => new CoreGoFormatter.GoInt(l),
        double d => new CoreGoFormatter.GoFloat(d),
        string s => new CoreGoFormatter.GoString(s),
        JsonNumber n => new CoreGoFormatter.GoString(n.Text, "json.Number"),
        _ => new CoreGoFormatter.GoString(GoPrint(v), GoTypeName(v)),
    };
}
