using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// A rule body compiled to IL: evaluates the body in <paramref name="frame"/> (the rule's frame, entry bindings
/// in place) and hands each solution to <paramref name="sink"/>, with the head already evaluated when it can be;
/// false when the sink stopped the search.
/// </summary>
internal delegate bool CompiledBody(Evaluator e, RegoValue?[] frame, Evaluator.RuleSink sink);

/// <summary>A compiled body and what its generation found out (see the fields of the same names on <see cref="RuleCode"/>).</summary>
internal readonly record struct GeneratedBody(CompiledBody Code, int InterpretedLiterals, bool ReadsEvaluatorFrame, bool FrameFree, int PatternLoops, bool MembersInAnyOrder);
