using Gateway.Rego.Values;

namespace Gateway.Rego.Ast;

/// <summary>
/// A <c># METADATA</c> comment block. <see cref="Scope"/> is "rule", "document", "package" or
/// "subpackages" (defaulted from what the block precedes, as OPA does); <see cref="Value"/> is the
/// object <c>rego.metadata.rule()</c> / <c>rego.metadata.chain()</c> report for it (it includes "scope").
/// Rule- and document-scoped blocks hang on the rule they precede; package- and subpackages-scoped
/// ones on the package. A document-scoped block applies to every rule with the same path.
/// </summary>
public sealed record Annotation(Location Loc, string Scope, RegoObject Value);
