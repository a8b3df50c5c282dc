using System.Runtime.CompilerServices;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>Continuation of a search: called once per solution; returns false to stop the search.</summary>
internal delegate bool Cont();

/// <summary>Continuation receiving one value of a term.</summary>
internal delegate bool ValueCont(RegoValue value);

/// <summary>Per-evaluation settings the engine passes down.</summary>
internal sealed class EvalSettings
{
    public bool StrictBuiltinErrors { get; init; }
    public long StepBudget { get; init; } = long.MaxValue;
    public int MaxCallDepth { get; init; } = 2_000;
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// Top-down evaluator with backtracking, in continuation-passing style. Variables live in a frame per
/// rule evaluation (slots assigned by the compiler); bindings are recorded on a trail and undone on
/// backtracking. Virtual documents are computed whole, memoised per query (per <c>with</c> scope), and
/// then iterated, so a rule's frame is never suspended while its caller continues.
/// One evaluator serves one query on one thread.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly CompiledPolicy _policy;
    private readonly BuiltinContext _ctx;
    private readonly EvalSettings _settings;
    private readonly RegoValue _data;
    private RegoValue? _input;
    private Overlay? _overlay;
    private Dictionary<string, Mock>? _mocks;
    private EvalCache _cache;
    private RegoValue?[] _frame = [];

    private TrailEntry[] _trail = new TrailEntry[32];
    private int _trailTop;
    private long _steps;
    private int _callDepth;

    private struct TrailEntry
    {
        public RegoValue?[] Frame;
        public int Slot;
    }

    public Evaluator(CompiledPolicy policy, RegoValue data, RegoValue? input, BuiltinContext ctx, EvalSettings settings)
    {
        _policy = policy;
        _data = data;
        _input = input;
        _ctx = ctx;
        _settings = settings;
        _cache = new EvalCache(policy.NodeCount);
    }

    /// <summary>Run a compiled query; <paramref name="onSolution"/> sees the query frame for each solution.</summary>
    public void Run(IrQuery query, Func<RegoValue?[], bool> onSolution)
    {
        _frame = new RegoValue?[query.FrameSize];
        var frame = _frame;
        EvalBody(query.Body.Literals, 0, () => onSolution(frame));
    }

    // ---- bindings ----

    private void Bind(int slot, RegoValue value)
    {
        _frame[slot] = value;
        if (_trailTop == _trail.Length) Array.Resize(ref _trail, _trail.Length * 2);
        ref var e = ref _trail[_trailTop++];
        e.Frame = _frame;
        e.Slot = slot;
    }

    private void Undo(int mark)
    {
        while (_trailTop > mark)
        {
            ref var e = ref _trail[--_trailTop];
            e.Frame[e.Slot] = null;
            e.Frame = null!;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool AllBound(int[] vars)
    {
        var f = _frame;
        foreach (var v in vars)
        {
            if (f[v] is null) return false;
        }
        return true;
    }

    /// <summary>All variables bound and no multi-valued call inside: the term has at most one value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsDirect(IrTerm t) => !t.Multi && AllBound(t.Vars);

    // ---- limits ----

    private void Step()
    {
        var s = ++_steps;
        if (s > _settings.StepBudget)
        {
            throw new RegoException(RegoErrorCodes.EvalCancel, "evaluation step budget exceeded");
        }
        if ((s & 1023) == 0)
        {
            if (_settings.Cancellation.IsCancellationRequested) throw new RegoException(RegoErrorCodes.EvalCancel, "caller cancelled query execution");
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw DepthError(default);
        }
    }

    private void EnterCall(Location loc)
    {
        if (++_callDepth > _settings.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            _callDepth--;
            throw DepthError(loc);
        }
    }

    private void ExitCall() => _callDepth--;

    private static RegoException DepthError(Location loc) =>
        new(RegoErrorCodes.EvalInternal, "maximum evaluation depth exceeded", loc);

    private static RegoException Conflict(string message, Location loc) => new(RegoErrorCodes.EvalConflict, message, loc);

    // ---- value helpers ----

    /// <summary>Index into a collection: array by integer, object by key, set by membership. Null if undefined.</summary>
    internal static RegoValue? Lookup(RegoValue? coll, RegoValue key)
    {
        switch (coll)
        {
            case RegoObject o:
                return o.Get(key);
            case RegoArray a:
                if (key is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count) return a[i];
                return null;
            case RegoSet s:
                return s.Contains(key) ? key : null;
            default:
                return null;
        }
    }

    private static bool IsFalse(RegoValue v) => v is RegoBool { Value: false };
}
