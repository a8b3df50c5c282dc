using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Compilation;

/// <summary>
/// <c>rego.metadata.chain()</c> and <c>rego.metadata.rule()</c>: the <c># METADATA</c> annotations that
/// apply to the rule a call appears in. They depend only on the source, so each call compiles to a constant.
/// The chain runs from the rule outwards: the rule's own annotations (or just its path), document-scoped
/// ones for its path, the package's, then subpackages-scoped ones of the package and its ancestors.
/// </summary>
internal sealed partial class Compiler
{
    private readonly Dictionary<DataNode, List<Annotation>> _documentAnnotations = [];
    private readonly Dictionary<string, List<Annotation>> _packageAnnotations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Annotation>> _subpackageAnnotations = new(StringComparer.Ordinal);

    /// <summary>The rule being compiled (null for queries): annotations and ground path.</summary>
    private (Rule Rule, DataNode Node, RegoValue[] Package)? _ruleContext;

    private void CollectPackageAnnotations(Package pkg, string pkgText)
    {
        foreach (var a in pkg.Annotations)
        {
            var into = a.Scope == "subpackages" ? _subpackageAnnotations : _packageAnnotations;
            if (!into.TryGetValue(pkgText, out var list)) into[pkgText] = list = [];
            list.Add(a);
        }
    }

    private void CollectRuleAnnotations(Rule rule, DataNode node)
    {
        foreach (var a in rule.Annotations)
        {
            if (a.Scope != "document") continue;
            if (!_documentAnnotations.TryGetValue(node, out var list)) _documentAnnotations[node] = list = [];
            list.Add(a);
        }
    }

    /// <summary>The constant value of a metadata call, or null if the name is not one.</summary>
    private RegoValue? MetadataCall(string name) => name switch
    {
        "rego.metadata.chain" => MetadataChain(),
        "rego.metadata.rule" => MetadataRule(),
        _ => null,
    };

    private RegoValue MetadataRule()
    {
        if (_ruleContext is not { } ctx) return RegoObject.Empty;
        foreach (var a in ctx.Rule.Annotations)
        {
            if (a.Scope == "rule") return a.Value;
        }
        return _documentAnnotations.TryGetValue(ctx.Node, out var docs) && docs.Count > 0 ? docs[0].Value : RegoObject.Empty;
    }

    private RegoValue MetadataChain()
    {
        if (_ruleContext is not { } ctx) return RegoArray.Empty;
        var chain = new List<RegoValue>();
        var rulePath = NodePath(ctx.Node);
        var own = ctx.Rule.Annotations.Where(a => a.Scope == "rule").ToList();
        if (own.Count == 0) chain.Add(ChainEntry(rulePath, null));
        foreach (var a in own) chain.Add(ChainEntry(rulePath, a.Value));
        if (_documentAnnotations.TryGetValue(ctx.Node, out var docs))
        {
            foreach (var a in docs) chain.Add(ChainEntry(rulePath, a.Value));
        }
        var pkgText = PackageText(ctx.Package);
        if (_packageAnnotations.TryGetValue(pkgText, out var pkgs))
        {
            foreach (var a in pkgs) chain.Add(ChainEntry(new RegoArray(ctx.Package), a.Value));
        }
        for (var n = ctx.Package.Length; n >= 1; n--)
        {
            var prefix = ctx.Package[..n];
            if (!_subpackageAnnotations.TryGetValue(PackageText(prefix), out var subs)) continue;
            foreach (var a in subs) chain.Add(ChainEntry(new RegoArray(prefix), a.Value));
        }
        return new RegoArray([.. chain]);
    }

    private static RegoArray NodePath(DataNode node)
    {
        var keys = new List<RegoValue>();
        for (var n = node; n.Parent is not null; n = n.Parent) keys.Add(n.Key!);
        keys.Reverse();
        return new RegoArray([.. keys]);
    }

    private static RegoObject ChainEntry(RegoArray path, RegoObject? annotations)
    {
        var d = new Dictionary<RegoValue, RegoValue> { [new RegoString("path")] = path };
        if (annotations is not null) d[new RegoString("annotations")] = annotations;
        return new RegoObject(d);
    }
}
