using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// Receivers of rule-body solutions. Each evaluates the rule head in the rule's frame and accumulates the
/// result. They are pooled per evaluator, with their continuation delegates created once, so evaluating a
/// rule allocates nothing beyond the values it produces.
/// </summary>
internal sealed partial class Evaluator
{
    internal abstract class RuleSink
    {
        protected RuleSink(Evaluator e)
        {
            E = e;
            BodyDone = OnBodyDone;
        }

        protected Evaluator E { get; }

        /// <summary>The rule (else-chain element) whose body is running.</summary>
        public IrRule Rule { get; set; } = null!;

        /// <summary>The body had a solution (so later else elements are skipped).</summary>
        public bool Produced { get; set; }

        /// <summary>Continuation passed to the body.</summary>
        public Cont BodyDone { get; }

        private bool OnBodyDone()
        {
            Produced = true;
            return OnSolution();
        }

        protected abstract bool OnSolution();

        /// <summary>
        /// A solution whose head term (the one <see cref="OnSolution"/> would evaluate) compiled code has already
        /// evaluated to <paramref name="head"/> (null: undefined); <paramref name="headIsConstant"/> when that term is
        /// a constant, which the code knows without the sink reading <see cref="Rule"/>. Only for sinks that evaluate
        /// one head term.
        /// </summary>
        public bool OnHead(RegoValue? head, bool headIsConstant)
        {
            Produced = true;
            return head is null || OnHeadValue(head, headIsConstant);
        }

        protected virtual bool OnHeadValue(RegoValue head, bool headIsConstant) => throw new InvalidOperationException($"{GetType().Name} takes no precomputed head");
    }

    /// <summary>Complete rules and functions: one value; a different second value is a conflict.</summary>
    private sealed class ValueSink : RuleSink
    {
        private readonly ValueCont _onValue;

        public ValueSink(Evaluator e)
            : base(e) => _onValue = OnValue;

        public RegoValue? Result { get; set; }
        public string ConflictMessage { get; set; } = "";

        /// <summary>Stop at the first value (default rules).</summary>
        public bool FirstOnly { get; set; }

        /// <summary>Whether the rule's head is a constant, when the caller knows it without reading the rule; null: ask the rule.</summary>
        public bool? KnownConstantValue { get; set; }

        protected override bool OnSolution() => E.EvalTerm(Rule.Value ?? TrueTerm, _onValue);

        protected override bool OnHeadValue(RegoValue head, bool headIsConstant) => OnValue(head);

        private bool OnValue(RegoValue v)
        {
            if (Result is null) Result = v;
            else if (!Result.Equals(v)) throw Conflict(ConflictMessage, Rule.Loc);
            // A constant head value cannot change with more solutions: stop early, as OPA does.
            return !FirstOnly && !(KnownConstantValue ?? Rule.ConstantValue);
        }
    }

    /// <summary>Partial sets: every element.</summary>
    private sealed class SetSink : RuleSink
    {
        private readonly ValueCont _add;

        public SetSink(Evaluator e)
            : base(e) => _add = v =>
            {
                Elements.Add(v);
                // A constant element cannot change with more solutions of the same rule.
                return Rule.Key is not IrConst;
            };

        /// <summary>The elements so far; <see cref="RegoSetBuilder.Build"/> hands them over and empties it for the next set.</summary>
        public RegoSetBuilder Elements { get; } = new();

        protected override bool OnSolution() => E.EvalTerm(Rule.Key!, _add);

        // Reads nothing of the rule: a partial set's plan runs compiled rules without setting Rule (see RunPlan).
        protected override bool OnHeadValue(RegoValue head, bool headIsConstant)
        {
            Elements.Add(head);
            return !headIsConstant;
        }
    }

    /// <summary>Ref-head rules: insert each solution's value (or set element) at its dynamic path.</summary>
    private sealed class ObjectSink(Evaluator e, ObjectBuilder builder) : RuleSink(e)
    {
        protected override bool OnSolution()
        {
            var r = Rule;
            var keys = new RegoValue[r.DynPath.Length];
            return E.EvalItems(r.DynPath, keys, 0, () => r.Key is not null
                ? E.EvalTerm(r.Key, v =>
                {
                    builder.AddToSet(keys, v, r.Loc);
                    return true;
                })
                : E.EvalTerm(r.Value ?? TrueTerm, v =>
                {
                    builder.Insert(keys, v, r.Loc);
                    return true;
                }));
        }
    }

    /// <summary>One key of a partial set (membership) or partial object (its value).</summary>
    private sealed class KeySink : RuleSink
    {
        private readonly ValueCont _onSetKey;
        private readonly ValueCont _onObjectKey;
        private readonly ValueCont _onObjectValue;

        public KeySink(Evaluator e)
            : base(e)
        {
            _onSetKey = v =>
            {
                if (v.Equals(Key)) Found = true;
                return !Found;
            };
            _onObjectValue = v =>
            {
                if (Result is null) Result = v;
                else if (!Result.Equals(v)) throw Conflict("object keys must be unique", Rule.Loc);
                return true;
            };
            _onObjectKey = kv => !kv.Equals(Key) || E.EvalTerm(Rule.Value ?? TrueTerm, _onObjectValue);
        }

        public RegoValue Key { get; set; } = null!;
        public bool IsSet { get; set; }
        public bool Found { get; set; }
        public RegoValue? Result { get; set; }

        protected override bool OnSolution() =>
            IsSet ? E.EvalTerm(Rule.Key!, _onSetKey) : E.EvalTerm(Rule.DynPath[0], _onObjectKey);
    }

    private readonly SinkStack<ValueSink> _valueSinks = new();
    private readonly SinkStack<SetSink> _setSinks = new();
    private readonly SinkStack<KeySink> _keySinks = new();

    private ValueSink RentValueSink(string conflictMessage, bool firstOnly)
    {
        var s = _valueSinks.Rent() ?? new ValueSink(this);
        s.Result = null;
        // Stores of references cost a barrier; the message is nearly always the one the sink had.
        if (!ReferenceEquals(s.ConflictMessage, conflictMessage)) s.ConflictMessage = conflictMessage;
        s.FirstOnly = firstOnly;
        s.KnownConstantValue = null;
        return s;
    }

    private SetSink RentSetSink() => _setSinks.Rent() ?? new SetSink(this);

    private KeySink RentKeySink(RegoValue key, bool isSet)
    {
        var s = _keySinks.Rent() ?? new KeySink(this);
        s.Key = key;
        s.IsSet = isSet;
        s.Found = false;
        s.Result = null;
        return s;
    }

    private void ReturnSink(ValueSink s)
    {
        s.Result = null;
        _valueSinks.Return(s);
    }

    private void ReturnSink(SetSink s) => _setSinks.Return(s);

    private void ReturnSink(KeySink s)
    {
        s.Key = null!;
        s.Result = null;
        _keySinks.Return(s);
    }
}
