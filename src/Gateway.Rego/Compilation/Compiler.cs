using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

/// <summary>
/// Compiles parsed modules into a rule tree of <see cref="IrRule"/>s: builds the tree from rule heads,
/// resolves names (imports, rule names, locals), checks and reorders bodies for safety, and rejects
/// recursion. Errors are collected and thrown together as a <see cref="RegoException"/>.
/// </summary>
internal sealed partial class Compiler
{
    private readonly BuiltinRegistry _builtins;
    private readonly DataNode _root;
    private int _nextId;
    private readonly List<RegoError> _errors = [];

    /// <summary>Rule names per package path ("a.b"): the names a module of that package can use unqualified.</summary>
    private readonly Dictionary<string, HashSet<string>> _exports = new(StringComparer.Ordinal);

    private readonly HashSet<DataNode> _defaultNodes = [];

    private Compiler(BuiltinRegistry builtins, DataNode? root = null, int nextId = 0)
    {
        _builtins = builtins;
        _nextId = nextId;
        _root = root ?? new DataNode(null, null, _nextId++);
    }

    private int NextId() => _nextId++;

    private sealed record RuleDecl(Module Module, Rule Rule, DataNode Node, Term[] DynPath, NodeKind Kind);

    /// <param name="inlineFunctions">Inline calls of small functions (Compiler.Inlining); off only to compare results in tests.</param>
    /// <param name="indexRules">Index rules on <c>input.x == const</c> (Compiler.Indexing); off only to compare results in tests.</param>
    public static CompiledPolicy CompileModules(
        IReadOnlyList<Module> modules, BuiltinRegistry builtins, bool inlineFunctions = true, int codegenThreshold = CompiledPolicy.DefaultCodegenThreshold,
        bool indexRules = true)
    {
        var c = new Compiler(builtins.Freeze());
        var decls = new List<RuleDecl>();
        foreach (var m in modules) c.DeclareModule(m, decls);
        c.CheckPathConflicts(c._root);
        c.ThrowIfErrors();
        c._root.Seal();
        foreach (var d in decls) c.CompileRuleDecl(d);
        c.ThrowIfErrors();
        c.CheckRecursion();
        c.ThrowIfErrors();
        if (indexRules) c.BuildIndexes(c._root);
        c.MarkQueryInvariantNodes();
        if (inlineFunctions) c.InlineFunctionCalls(c._root);
        return new CompiledPolicy(c._root, builtins, c._nextId) { InlinesFunctions = inlineFunctions, CodegenThreshold = codegenThreshold };
    }

    public static IrQuery CompileQuery(CompiledPolicy policy, Body query, bool valueMode)
    {
        var c = new Compiler(policy.Builtins, policy.Root, policy.NodeCount);
        var q = c.CompileQueryBody(query, valueMode);
        if (policy.InlinesFunctions) c.InlineFunctionCalls(q.Body);
        return q;
    }

    private void ThrowIfErrors()
    {
        if (_errors.Count == 0) return;
        var sorted = _errors
            .DistinctBy(e => (e.Code, e.Message, e.Location.File, e.Location.Row))
            .OrderBy(e => e.Location.File, StringComparer.Ordinal).ThenBy(e => e.Location.Row).ThenBy(e => e.Location.Col)
            .ToList();
        throw new RegoException(sorted);
    }

    private void Error(string code, string message, Location loc) => _errors.Add(new RegoError(code, message, loc));

    internal static RegoValue[] PackageKeys(Package pkg)
    {
        var keys = new RegoValue[pkg.Path.Path.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = pkg.Path.Path[i] is ScalarTerm sc ? sc.Value : new RegoString("?");
        }
        return keys;
    }

    private static string PackageText(RegoValue[] keys) =>
        string.Join('.', keys.Select(k => k is RegoString s ? s.Value : k.ToString()));

    /// <summary>Pass 1: place every rule in the tree by the ground prefix of its head ref, and record exports.</summary>
    private void DeclareModule(Module m, List<RuleDecl> decls)
    {
        var pkgKeys = PackageKeys(m.Package);
        var pkgNode = _root;
        foreach (var k in pkgKeys) pkgNode = pkgNode.GetOrAddChild(k, NextId);
        var pkgText = PackageText(pkgKeys);
        if (!_exports.TryGetValue(pkgText, out var exports)) _exports[pkgText] = exports = new HashSet<string>(StringComparer.Ordinal);
        CollectPackageAnnotations(m.Package, pkgText);

        foreach (var rule in m.Rules)
        {
            var head = rule.Head;
            if (head.Ref.Head is not VarTerm nameVar)
            {
                Error(RegoErrorCodes.CompileError, "rule head must start with a name", head.Loc);
                continue;
            }
            exports.Add(nameVar.Name);

            var elems = new List<Term>(head.Ref.Path.Count + 1) { new ScalarTerm(nameVar.Loc, new RegoString(nameVar.Name)) };
            elems.AddRange(head.Ref.Path);
            var ground = 0;
            while (ground < elems.Count && elems[ground] is ScalarTerm) ground++;

            var node = pkgNode;
            for (var i = 0; i < ground; i++) node = node.GetOrAddChild(((ScalarTerm)elems[i]).Value, NextId);
            var dyn = elems.Skip(ground).ToArray();

            NodeKind kind;
            if (head.Kind == RuleKind.Function || head.Args is not null)
            {
                if (dyn.Length > 0)
                {
                    Error(RegoErrorCodes.TypeError, "function head ref must be ground", head.Loc);
                    continue;
                }
                kind = NodeKind.Function;
            }
            else if (head.Kind == RuleKind.PartialSet)
            {
                kind = dyn.Length == 0 ? NodeKind.Set : NodeKind.Object;
            }
            else
            {
                kind = dyn.Length == 0 ? NodeKind.Complete : NodeKind.Object;
            }

            if (rule.IsDefault && kind is NodeKind.Object or NodeKind.Set)
            {
                Error(RegoErrorCodes.TypeError, "default rules must not have variables in the head ref", rule.Loc);
                continue;
            }

            if (node.Kind == NodeKind.None)
            {
                node.Kind = kind;
                node.Loc = rule.Loc;
            }
            else if (node.Kind != kind)
            {
                Error(RegoErrorCodes.TypeError, $"conflicting rules {node.PathText} found", rule.Loc);
                continue;
            }

            if (kind == NodeKind.Function)
            {
                var arity = head.Args?.Count ?? 0;
                if (node.Arity >= 0 && node.Arity != arity)
                {
                    Error(RegoErrorCodes.TypeError, $"conflicting rules {node.PathText} found", rule.Loc);
                    continue;
                }
                node.Arity = arity;
            }

            if (rule.IsDefault)
            {
                if (!_defaultNodes.Add(node))
                {
                    Error(RegoErrorCodes.TypeError, $"multiple default rules {node.PathText} found", rule.Loc);
                    continue;
                }
            }

            for (var n = node; n is not null; n = n.Parent) n.HasRules = true;
            CollectRuleAnnotations(rule, node);
            decls.Add(new RuleDecl(m, rule, node, dyn, kind));
        }
    }

    /// <summary>
    /// A complete rule, partial set or function cannot also have rules below its path (their documents
    /// could not be merged); ref-head rules with variables can, their objects merge with the children.
    /// </summary>
    private void CheckPathConflicts(DataNode node)
    {
        if (node.Kind is NodeKind.Complete or NodeKind.Set or NodeKind.Function && node.Children is not null)
        {
            var below = new List<string>();
            foreach (var c in node.Children.Values) CollectRulePaths(c, below);
            if (below.Count > 0)
            {
                below.Sort(StringComparer.Ordinal);
                Error(RegoErrorCodes.TypeError, $"rule {node.PathText} conflicts with [{string.Join(" ", below)}]", node.Loc);
            }
        }
        if (node.Children is null) return;
        foreach (var c in node.Children.Values) CheckPathConflicts(c);
    }

    private static void CollectRulePaths(DataNode n, List<string> into)
    {
        if (n.Kind != NodeKind.None) into.Add(n.PathText);
        if (n.Children is null) return;
        foreach (var c in n.Children.Values) CollectRulePaths(c, into);
    }

    /// <summary>The node at a constant path below the root, or null.</summary>
    internal static DataNode? FindNode(DataNode root, IReadOnlyList<RegoValue> path)
    {
        var n = root;
        foreach (var k in path)
        {
            n = n.Child(k);
            if (n is null) return null;
        }
        return n;
    }
}
