using System.Linq.Expressions;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

internal sealed partial class BodyCodegen
{
    private int _patternLoops;

    /// <summary>
    /// <c>some p in patterns; contains(x, p)</c> (or startswith, endswith) over a constant collection of strings, with
    /// nothing after it reading <c>p</c>: the idiom for "x mentions one of these". Only whether some pattern matches
    /// can make a difference then, so the two literals become one test of all the patterns at once (see
    /// <see cref="StringMatcher"/>), and the rest of the body runs once instead of once per matching pattern.
    /// <para>
    /// That is the same result where solutions are collected into a set, an object or a single value, or only
    /// tested; not where they are counted (an array comprehension, <c>count</c>, <c>sum</c>), where it is not done.
    /// Errors are the same: the rest does not read <c>p</c>, so it fails alike each time it runs, and an x that is not
    /// a string fails the builtin as the first pattern's call would. Null when the literals are not that.
    /// </para>
    /// </summary>
    private Expression? AnyStringMatch(IrLiteral[] lits, int i, Func<Expression> end, bool canInterpret)
    {
        if (_liveAtEnd is not { } live || _countsSolutions || i + 1 >= lits.Length) return null;
        if (lits[i] is not { Negated: false, With.Length: 0, Expr: IrSomeIn { Key: null, Value: IrVar p } some } || _bound[p.Slot]) return null;
        if (lits[i + 1] is not { Negated: false, With.Length: 0, Expr: IrCallExpr { Output: null, Inlined: null } call } ||
            call.Target is not { Special: SpecialCall.None, Function: null, Builtin: { Name: "contains" or "startswith" or "endswith", Arity: 2 } def } ||
            !BuiltinRegistry.IsStandard(def) || call.Args.Length != 2 || call.Args[1] is not IrVar { } part || part.Slot != p.Slot ||
            call.Args[0].Vars.Contains(p.Slot) || !Direct(call.Args[0]))
        {
            return null;
        }
        if (live.Contains(p.Slot) || lits.Skip(i + 2).Any(l => l.Vars.Contains(p.Slot))) return null;
        if (ConstantStrings(some.Collection) is not { } patterns) return null;

        var matcher = Const(new StringMatcher(StringBuiltins.StringTestOf(def.Name)!.Value, patterns));
        var site = Const(new BuiltinSite(def, call.Loc));
        _patternLoops++;
        var rest = Body(lits, i + 2, end, canInterpret);
        return Block(
            Call(_e, M(nameof(Evaluator.CgStep))),
            Call(_e, M(nameof(Evaluator.CgStep))),
            Condition(Call(_e, M(nameof(Evaluator.CgAnyStringMatch)), site, matcher, Term(call.Args[0])), rest, True));
    }

    /// <summary>The strings of a constant array or set of strings (a literal or a constant rule), in the loop's order; null otherwise.</summary>
    private string[]? ConstantStrings(IrTerm collection)
    {
        var value = collection switch
        {
            IrConst c => c.Value,
            IrRef { Root: RefRoot.Data } r when (r.Target ??= Evaluator.ResolveRuleNode(_policy.Root, r.Path)) is { Node: { } node } target &&
                target.Depth == r.Path.Length => ConstantDocument(node),
            _ => null,
        };
        IReadOnlyList<RegoValue>? items = value switch
        {
            RegoArray a => a.AsList(),
            RegoSet s => s.Sorted,
            _ => null,
        };
        if (items is null || items.Count is < 2 or > 1024) return null;
        var strings = new string[items.Count];
        for (var k = 0; k < strings.Length; k++)
        {
            if (items[k] is not RegoString str) return null;
            strings[k] = str.Value;
        }
        return strings;
    }
}
