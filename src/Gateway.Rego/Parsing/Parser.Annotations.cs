using Gateway.Rego.Ast;
using Gateway.Rego.Values;

namespace Gateway.Rego.Parsing;

// Attaching METADATA blocks to the statement that follows them, with OPA's default scopes and checks.
internal sealed partial class Parser
{
    private const int StatementPackage = -1;
    private const int StatementImport = -2;

    /// <summary>Returns the package with its annotations; rule annotations are set on <paramref name="rules"/> in place.</summary>
    private Package AttachAnnotations(Package package, List<Rule> rules, List<(int Row, int Rule)> statements)
    {
        var blocks = AnnotationParser.FindBlocks(_file, _comments);
        if (blocks.Count == 0) return package;

        var packageAnnotations = new List<Annotation>();
        var ruleAnnotations = new Dictionary<int, List<Annotation>>();
        foreach (var block in blocks)
        {
            var parsed = AnnotationParser.Parse(block);
            int? target = null;
            foreach (var (row, index) in statements)
            {
                if (row > block.Loc.Row)
                {
                    target = index;
                    break;
                }
            }
            var targetKind = target switch
            {
                null => "",
                StatementPackage => "package",
                StatementImport => "import",
                _ => "rule",
            };
            var scope = parsed.Scope ?? targetKind switch
            {
                "rule" => parsed.Entrypoint ? AnnotationParser.ScopeDocument : AnnotationParser.ScopeRule,
                "package" => AnnotationParser.ScopePackage,
                _ => targetKind,
            };
            var have = targetKind.Length > 0 ? $" (have {targetKind})" : "";
            switch (scope)
            {
                case AnnotationParser.ScopeRule or AnnotationParser.ScopeDocument:
                    if (targetKind != "rule") throw new RegoParseException(block.Loc, $"annotation scope '{scope}' must be applied to rule{have}");
                    break;
                case AnnotationParser.ScopePackage or AnnotationParser.ScopeSubpackages:
                    if (targetKind != "package") throw new RegoParseException(block.Loc, $"annotation scope '{scope}' must be applied to package{have}");
                    break;
                default:
                    throw new RegoParseException(block.Loc,
                        $"invalid annotation scope '{scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'");
            }
            if (parsed.Entrypoint && scope is not (AnnotationParser.ScopeDocument or AnnotationParser.ScopePackage))
            {
                throw new RegoParseException(block.Loc, $"annotation entrypoint applied to non-document or package scope '{scope}'");
            }

            parsed.Fields[new RegoString("scope")] = new RegoString(scope);
            var annotation = new Annotation(block.Loc, scope, new RegoObject(parsed.Fields));
            if (target == StatementPackage)
            {
                packageAnnotations.Add(annotation);
            }
            else
            {
                if (!ruleAnnotations.TryGetValue(target!.Value, out var list)) ruleAnnotations[target.Value] = list = [];
                list.Add(annotation);
            }
        }

        foreach (var (index, list) in ruleAnnotations) rules[index] = rules[index] with { Annotations = list };
        return packageAnnotations.Count == 0 ? package : package with { Annotations = packageAnnotations };
    }
}
