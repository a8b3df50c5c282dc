using Gateway.Rego.Builtins;
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

    internal PreparedQuery(string text, CompiledPolicy policy, IrQuery query, RegoValue data)
    {
        Text = text;
        _policy = policy;
        _query = query;
        _data = data;
    }

    /// <summary>The query as written.</summary>
    public string Text { get; }

    /// <summary>The names of the variables reported in <see cref="QueryResult.Bindings"/>.</summary>
    public IReadOnlyList<string> Variables => _query.ResultVars.Select(v => v.Name).ToArray();

    /// <summary>Evaluate with the given input (null: input undefined). Throws <see cref="RegoException"/> on evaluation errors.</summary>
    public QueryResult Evaluate(RegoValue? input = null, EvaluationOptions? options = null)
    {
        List<IReadOnlyDictionary<string, RegoValue>>? bindings = null;
        List<RegoValue>? values = _query.ValueSlot >= 0 ? [] : null;
        Run(input, options, frame =>
        {
            bindings ??= [];
            bindings.Add(Bind(frame));
            if (values is not null) values.Add(frame[_query.ValueSlot]!);
            return true;
        });
        return new QueryResult(bindings is null ? [] : bindings, values);
    }

    /// <summary>
    /// Evaluate, handing each solution's bindings to <paramref name="onSolution"/> as it is found (return false
    /// to stop). Solutions found before an error are delivered before the error is thrown.
    /// </summary>
    public void Evaluate(RegoValue? input, EvaluationOptions? options, Func<IReadOnlyDictionary<string, RegoValue>, bool> onSolution) =>
        Run(input, options, frame => onSolution(Bind(frame)));

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

    private void Run(RegoValue? input, EvaluationOptions? options, Func<RegoValue?[], bool> onSolution)
    {
        options ??= EvaluationOptions.Default;
        var ctx = new BuiltinContext(options.Time, options.Cancellation)
        {
            StrictBuiltinErrors = options.StrictBuiltinErrors,
            PrintOutput = options.PrintOutput,
            Random = options.Random ?? Random.Shared,
        };
        var settings = new EvalSettings
        {
            StrictBuiltinErrors = options.StrictBuiltinErrors,
            StepBudget = options.StepBudget,
            MaxCallDepth = options.MaxCallDepth,
            Cancellation = options.Cancellation,
        };
        var evaluator = new Evaluator(_policy, _data, input, ctx, settings);
        evaluator.Run(_query, onSolution);
    }
}
