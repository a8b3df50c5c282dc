using Gateway.Rego.Compilation;
using Gateway.Rego.Evaluation;
using Gateway.Rego.Values;

namespace Gateway.Rego;

/// <summary>
/// A query compiled against a fixed set of modules and data. Immutable and safe to evaluate from many
/// threads at once; each evaluation has its own state.
/// </summary>
public sealed class PreparedQuery
{
    private readonly CompiledPolicy _policy;
    private readonly IrQuery _query;
    private readonly RegoValue _data;

    // Documents that are the same for every evaluation (they read neither input nor anything that varies), computed once.
    private readonly SharedNodeCache _shared;

    internal PreparedQuery(string text, CompiledPolicy policy, IrQuery query, RegoValue data)
    {
        Text = text;
        _policy = policy;
        _query = query;
        _data = data;
        _shared = new SharedNodeCache(policy.NodeCount);
    }

    /// <summary>The query as written.</summary>
    public string Text { get; }

    /// <summary>The names of the variables reported in <see cref="QueryResult.Bindings"/>.</summary>
    public IReadOnlyList<string> Variables => _query.ResultVars.Select(v => v.Name).ToArray();

    /// <summary>Evaluate with the given input (null: input undefined). Throws <see cref="RegoException"/> on evaluation errors.</summary>
    public QueryResult Evaluate(RegoValue? input = null, EvaluationOptions? options = null)
    {
        var collector = new Collector(this);
        Evaluator.Rent(_policy).Run(_query, _data, input, options ?? EvaluationOptions.Default, collector, _shared);
        return collector.Result();
    }

    /// <summary>
    /// Evaluate, handing each solution's bindings to <paramref name="onSolution"/> as it is found (return false
    /// to stop). Solutions found before an error are delivered before the error is thrown.
    /// </summary>
    public void Evaluate(RegoValue? input, EvaluationOptions? options, Func<IReadOnlyDictionary<string, RegoValue>, bool> onSolution) =>
        Evaluator.Rent(_policy).Run(_query, _data, input, options ?? EvaluationOptions.Default, new Callback(this, onSolution), _shared);

    private IReadOnlyDictionary<string, RegoValue> Bind(RegoValue?[] frame)
    {
        var vars = _query.ResultVars;
        if (vars.Length == 0) return QueryResult.NoBindings;
        var d = new Dictionary<string, RegoValue>(vars.Length, StringComparer.Ordinal);
        foreach (var (name, slot) in vars)
        {
            if (frame[slot] is { } v) d[name] = v;
        }
        return d;
    }

    /// <summary>Collects solutions; the first is kept inline so the common single-solution query allocates little.</summary>
    private sealed class Collector(PreparedQuery q) : SolutionSink
    {
        private IReadOnlyDictionary<string, RegoValue>? _firstBinding;
        private RegoValue? _firstValue;
        private List<IReadOnlyDictionary<string, RegoValue>>? _bindings;
        private List<RegoValue>? _values;

        public override bool OnSolution(RegoValue?[] frame)
        {
            var b = q.Bind(frame);
            var v = q._query.ValueSlot >= 0 ? frame[q._query.ValueSlot] : null;
            if (_firstBinding is null)
            {
                _firstBinding = b;
                _firstValue = v;
                return true;
            }
            if (_bindings is null)
            {
                _bindings = [_firstBinding];
                if (_firstValue is not null) _values = [_firstValue];
            }
            _bindings.Add(b);
            if (v is not null) _values?.Add(v);
            return true;
        }

        public QueryResult Result()
        {
            if (_firstBinding is null) return new QueryResult([], null);
            if (_bindings is null) return new QueryResult(_firstBinding, _firstValue);
            return new QueryResult(_bindings, _values);
        }
    }

    private sealed class Callback(PreparedQuery q, Func<IReadOnlyDictionary<string, RegoValue>, bool> onSolution) : SolutionSink
    {
        public override bool OnSolution(RegoValue?[] frame) => onSolution(q.Bind(frame));
    }
}
