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
    /// <para>
    /// When x is <c>lower(y)</c> and no pattern has a capital or a non-ASCII letter, an ASCII y is compared ignoring
    /// case instead, with no lowered copy; the hoisting pass has usually moved <c>lower(y)</c> out of the pattern
    /// loop, and that hoist is then skipped (see <see cref="FeedsOnlyALowerPatternTest"/>).
    /// </para>
    /// </summary>
    private Expression? AnyStringMatch(IrLiteral[] lits, int i, Func<Expression> end, bool canInterpret)
    {
        if (_liveAtEnd is not { } live || _countsSolutions || PatternTestAt(lits, i) is not { } pt || _bound[pt.Pattern]) return null;
        if (live.Contains(pt.Pattern)) return null;

        var site = Const(new BuiltinSite(pt.Def, pt.Call.Loc));
        var matcher = Const(new StringMatcher(pt.Test, pt.Patterns, ignoreAsciiCase: pt.Lower is not null));
        var matches = pt.Lower is { } lower
            ? Call(_e, M(nameof(Evaluator.CgAnyLowerStringMatch)), site, Const(new BuiltinSite(lower.Target.Builtin!, lower.Loc)), matcher, Term(lower.Args[0]))
            : Call(_e, M(nameof(Evaluator.CgAnyStringMatch)), site, matcher, Term(pt.Call.Args[0]));
        _patternLoops++;
        var rest = Body(lits, i + 2, end, canInterpret);
        return Block(
            Call(_e, M(nameof(Evaluator.CgStep))),
            Call(_e, M(nameof(Evaluator.CgStep))),
            Condition(matches, rest, True));
    }

    /// <summary>
    /// What literals i and i + 1 are when they are a pattern-list test (see <see cref="AnyStringMatch"/>), as far as the
    /// literals alone tell: the pattern variable, the call, its test, the patterns, and the <c>lower</c> call when x is
    /// one (also when hoisted) and the patterns allow comparing ignoring case. Null when they are not.
    /// </summary>
    private PatternTest? PatternTestAt(IrLiteral[] lits, int i)
    {
        if (i + 1 >= lits.Length) return null;
        if (lits[i] is not { Negated: false, With.Length: 0, Expr: IrSomeIn { Key: null, Value: IrVar p } some }) return null;
        if (lits[i + 1] is not { Negated: false, With.Length: 0, Expr: IrCallExpr { Output: null, Inlined: null } call } ||
            call.Target is not { Special: SpecialCall.None, Function: null, Builtin: { Name: "contains" or "startswith" or "endswith", Arity: 2 } def } ||
            !BuiltinRegistry.IsStandard(def) || call.Args.Length != 2 || call.Args[1] is not IrVar { } part || part.Slot != p.Slot ||
            call.Args[0].Vars.Contains(p.Slot) || !Direct(call.Args[0]))
        {
            return null;
        }
        if (lits.Skip(i + 2).Any(l => l.Vars.Contains(p.Slot))) return null;
        if (ConstantStrings(some.Collection) is not { } patterns) return null;
        var operand = call.Args[0] is IrHoisted h ? h.Original : call.Args[0];
        var lower = LowerCallOf(operand) is { } l && patterns.All(IsLowerAscii) ? l : null;
        return new PatternTest(p.Slot, call, def, StringBuiltins.StringTestOf(def.Name)!.Value, patterns, lower, (call.Args[0] as IrHoisted)?.Slot);
    }

    /// <summary>
    /// Whether the hoist at literal i computes only the <c>lower(y)</c> that the pattern-list test right after it
    /// compares ignoring case: it need not run (a hoisted slot is read at its one site only). Should the test not be
    /// generated after all, the site finds the slot empty and makes the call itself, as after any hoist that missed.
    /// </summary>
    private bool FeedsOnlyALowerPatternTest(IrLiteral[] lits, int i, IrHoist hoist)
    {
        var j = i + 1;
        while (j < lits.Length && lits[j].Expr is IrHoist) j++;
        return PatternTestAt(lits, j) is { Lower: not null } pt && pt.HoistedSlot == hoist.Slot;
    }

    private sealed record PatternTest(int Pattern, IrCallExpr Call, BuiltinDefinition Def, StringBuiltins.StringTest Test, string[] Patterns, IrCall? Lower, int? HoistedSlot);

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
