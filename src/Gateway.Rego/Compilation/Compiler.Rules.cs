using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

internal sealed partial class Compiler
{
    private readonly Dictionary<Module, Dictionary<string, GlobalRef>> _moduleGlobals = new(ReferenceEqualityComparer.Instance);

    private void SetModuleContext(Module m)
    {
        if (_moduleGlobals.TryGetValue(m, out var cached))
        {
            _globals = cached;
            return;
        }
        var pkgKeys = PackageKeys(m.Package);
        var globals = new Dictionary<string, GlobalRef>(StringComparer.Ordinal);
        if (_exports.TryGetValue(PackageText(pkgKeys), out var names))
        {
            foreach (var n in names) globals[n] = new GlobalRef(RefRoot.Data, [.. pkgKeys, new RegoString(n)]);
        }
        foreach (var imp in m.Imports)
        {
            if (imp.Path.Head is not VarTerm root) continue;
            if (root.Name is not ("data" or "input")) continue; // future.keywords, rego.v1
            if (!imp.Path.Path.All(p => p is ScalarTerm))
            {
                Error(RegoErrorCodes.CompileError, "import path must be ground", imp.Loc);
                continue;
            }
            var keys = imp.Path.Path.Select(KeyOf).ToArray();
            string alias;
            if (imp.Alias is not null) alias = imp.Alias;
            else if (keys.Length == 0) continue; // "import input" / "import data" change nothing
            else if (keys[^1] is RegoString last) alias = last.Value;
            else continue;
            globals[alias] = new GlobalRef(root.Name == "data" ? RefRoot.Data : RefRoot.Input, keys);
        }
        _globals = globals;
        _moduleGlobals[m] = globals;
    }

    /// <summary>Pass 2: compile a rule with its else chain and attach it to its node.</summary>
    private void CompileRuleDecl(RuleDecl d)
    {
        SetModuleContext(d.Module);
        _ruleContext = (d.Rule, d.Node, PackageKeys(d.Module.Package));
        IrRule? first = null;
        IrRule? prev = null;
        for (var r = d.Rule; r is not null; r = r.Else)
        {
            var ir = CompileRuleDef(d, r);
            if (first is null) first = ir;
            else prev!.Else = ir;
            prev = ir;
        }
        if (d.Rule.IsDefault) d.Node.Default = first;
        else d.Node.Rules.Add(first!);
    }

    private IrRule CompileRuleDef(RuleDecl d, Rule r)
    {
        _frame = new Frame();
        var root = new Scope(null);
        var args = d.Rule.Head.Args ?? [];
        foreach (var a in args)
        {
            if (a is RefTerm { Head: VarTerm { Name: "input" or "data" } } || a is VarTerm { Name: "input" or "data" })
            {
                Error(RegoErrorCodes.CompileError, $"args must not shadow {a} (use a different variable name)", a.Loc);
            }
            DeclarePatternVars(a, root, DeclKind.Arg);
        }
        CollectBodyNames(r.Body, root);

        var irArgs = CompileTerms(args, root);
        var body = CompileBody(r.Body, root);
        var dyn = CompileTerms(d.DynPath, root);
        var head = r.Head;
        var key = head.Key is null ? null : CompileTerm(head.Key, root);
        var value = head.Value is null ? null : CompileTerm(head.Value, root);

        // Arguments that are not plain patterns (e.g. a template string) are matched after the body
        // binds their variables, as OPA does: f(<term>) becomes f(__arg) with "__arg = <term>" in the body.
        List<IrLiteral>? argChecks = null;
        for (var i = 0; i < irArgs.Length; i++)
        {
            if (IsArgPattern(irArgs[i])) continue;
            var slot = _frame.Add("__arg", true, 0);
            var v = new IrVar(irArgs[i].Loc, slot, "__arg") { Vars = [slot] };
            (argChecks ??= []).Add(new IrLiteral(irArgs[i].Loc, new IrUnify(irArgs[i].Loc, v, irArgs[i]), false, []) { Vars = SlotSet.Union(v.Vars, irArgs[i].Vars) });
            irArgs[i] = v;
        }
        if (argChecks is not null) body = new IrBody([.. body.Literals, .. argChecks]);

        // Safety: function args are bound by the caller.
        var safe = new HashSet<int>();
        foreach (var a in irArgs) safe.UnionWith(a.Vars);
        CheckBodySafety(body, safe);
        CheckHeadSafety([.. dyn, key, value], safe, head.Loc);

        return new IrRule
        {
            Loc = r.Loc,
            Node = d.Node,
            Args = irArgs,
            DynPath = dyn,
            Key = key,
            Value = value,
            Body = body,
            IsDefault = r.IsDefault,
            FrameSize = _frame.Names.Count,
            SlotNames = [.. _frame.Names],
        };
    }

    private static bool IsArgPattern(IrTerm t) => t switch
    {
        IrVar or IrConst => true,
        IrArray a => a.Items.All(IsArgPattern),
        IrObject o => o.Keys.All(k => k is IrConst) && o.Values.All(IsArgPattern),
        _ => false,
    };

    private IrQuery CompileQueryBody(Body query, bool valueMode)
    {
        _frame = new Frame();
        _globals = new Dictionary<string, GlobalRef>(StringComparer.Ordinal);
        var root = new Scope(null);
        CollectBodyNames(query, root);
        var body = CompileBody(query, root);

        var valueSlot = -1;
        if (valueMode && body.Literals.Length == 1 && body.Literals[0] is { Negated: false, Expr: IrTermExpr te } lit)
        {
            // A single-term query reports the term's value, even false (as OPA's rego API does).
            valueSlot = _frame.Add("$value", true, 0);
            var v = new IrVar(te.Loc, valueSlot, "$value") { Vars = [valueSlot] };
            body.Literals[0] = new IrLiteral(lit.Loc, new IrUnify(te.Loc, v, te.Term), false, lit.With) { Vars = SlotSet.Union(lit.Vars, v.Vars) };
        }

        CheckBodySafety(body, []);
        ThrowIfErrors();

        var results = new List<(string, int)>();
        foreach (var (name, slot) in root.Declared) results.Add((name, slot));
        foreach (var (name, slot) in root.Implicit) results.Add((name, slot));
        results.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return new IrQuery
        {
            Body = body,
            FrameSize = _frame.Names.Count,
            SlotNames = [.. _frame.Names],
            ResultVars = [.. results],
            ValueSlot = valueSlot,
        };
    }
}
