using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>Continuation of a search: called once per solution; returns false to stop the search.</summary>
internal delegate bool Cont();

/// <summary>Continuation receiving one value of a term.</summary>
internal delegate bool ValueCont(RegoValue value);

/// <summary>Receives the query frame for each solution; returns false to stop.</summary>
internal abstract class SolutionSink
{
    public abstract bool OnSolution(RegoValue?[] frame);
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
    private BuiltinContext? _ctx;
    private EvaluationOptions? _ctxOptions;
    private EvaluationOptions _options = EvaluationOptions.Default;
    private SolutionSink? _sink;
    private RegoValue?[] _queryFrame = [];
    private readonly Cont _rootCont;
    private RegoValue _data = RegoObject.Empty;
    private RegoValue? _input;
    private Overlay? _overlay;
    private Dictionary<string, Mock>? _mocks;
    private EvalCache _cache;
    private readonly EvalCache _rootCache;
    private RegoValue?[] _frame = [];

    private TrailEntry[] _trail = new TrailEntry[32];

    // Arguments of direct builtin calls (see CallBuiltinDirect): a stack of slots, reused call after call.
    private RegoValue[] _argStack = new RegoValue[16];
    private int _argTop;
    private int _trailTop;
    private long _steps; // as of the last check: between checks, _stepCheckAt - _stepsToCheck
    private long _stepCheckAt;
    private long _stepsToCheck;
    private int _callDepth;
    private int _bodyNest;
    private RegoException? _firstBuiltinError;
    private int _builtinErrorCount;
    private SharedNodeCache? _shared;
    private bool _inUse;

    private readonly FramePool _framePool = new();

    [ThreadStatic]
    private static Evaluator? t_cached;

    private struct TrailEntry
    {
        public RegoValue?[] Frame;
        public int Slot;
    }

    private Evaluator(CompiledPolicy policy)
    {
        _policy = policy;
        _rootCache = new EvalCache(policy.NodeCount);
        _cache = _rootCache;
        _rootCont = () => _sink!.OnSolution(_queryFrame);
    }

    /// <summary>
    /// The builtin context, created on first use (many queries call no builtin that needs one) and kept for the next
    /// query with the same options, its per-query state reset: a decision would otherwise allocate one.
    /// </summary>
    private BuiltinContext Ctx
    {
        get
        {
            if (_ctx is not null) return _ctx;
            _ctxOptions = _options;
            return _ctx = new BuiltinContext(_options.Time, _options.Cancellation)
            {
                StrictBuiltinErrors = _options.StrictBuiltinErrors,
                PrintOutput = _options.PrintOutput,
                Random = _options.Random ?? Random.Shared,
            };
        }
    }

    /// <summary>An evaluator for this thread, reused across queries of the same policy to avoid allocations.</summary>
    public static Evaluator Rent(CompiledPolicy policy)
    {
        var e = t_cached;
        if (e is not null && !e._inUse && ReferenceEquals(e._policy, policy))
        {
            e._inUse = true;
            return e;
        }
        e = new Evaluator(policy) { _inUse = true };
        t_cached = e;
        return e;
    }

    /// <summary>Run a compiled query, handing each solution's frame to the sink.</summary>
    public void Run(IrQuery query, RegoValue data, RegoValue? input, EvaluationOptions options, SolutionSink sink, SharedNodeCache? shared = null)
    {
        _shared = shared;
        _data = data;
        _input = input;
        _options = options;
        if (!ReferenceEquals(_ctxOptions, options)) _ctx = null;
        _sink = sink;
        _overlay = null;
        _mocks = null;
        _cache = _rootCache;
        _steps = 0;
        SetNextStepCheck();
        _callDepth = 0;
        _bodyNest = 0;
        _firstBuiltinError = null;
        _argTop = 0;
        var clean = false;
        try
        {
            _queryFrame = query.FrameSize == 0 ? [] : new RegoValue?[query.FrameSize];
            _frame = _queryFrame;
            EvalBody(query.Body.Literals, 0, _rootCont);
            clean = true;
        }
        finally
        {
            if (!clean)
            {
                // An error left bindings and rented frames behind: drop them rather than reuse dirty state.
                Undo(0);
                _framePool.Clear();
                Array.Clear(_argStack);
            }
            // Drop everything this query computed, so the thread's evaluator retains no documents between queries.
            _rootCache.Clear();
            _input = null;
            _data = RegoObject.Empty;
            _queryFrame = [];
            _frame = [];
            _sink = null;
            _ctx?.ResetQueryState();
            _shared = null;
            _inUse = false;
        }
        if (_firstBuiltinError is not null && options.StrictBuiltinErrors) throw _firstBuiltinError;
    }

    private RegoValue?[] RentFrame(int size) => _framePool.Rent(size);

    private void ReturnFrame(RegoValue?[] frame) => _framePool.Return(frame);

    // ---- bindings ----

    private void Bind(int slot, RegoValue value)
    {
        StoreSlot(_frame, slot, value);
        if (_trailTop == _trail.Length) Array.Resize(ref _trail, _trail.Length * 2);
        ref var e = ref _trail[_trailTop++];
        e.Frame = _frame;
        e.Slot = slot;
    }

    /// <summary>
    /// array[i] = value without the covariance check a store into a RegoValue[] costs (RegoValue is not
    /// sealed). Only for arrays this evaluator created as RegoValue?[] (frames, the argument stack).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreSlot(RegoValue?[] array, int i, RegoValue? value)
    {
        if ((uint)i >= (uint)array.Length) throw new IndexOutOfRangeException();
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), i) = value;
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

    /// <summary>
    /// Count one evaluation step; the budget, cancellation and stack are checked at <see cref="_stepCheckAt"/>. Counted
    /// down to that step, not up: a decrement and a branch on its sign, at every literal of every compiled rule.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Step()
    {
        if (--_stepsToCheck == 0) StepCheck();
    }

    private void StepCheck()
    {
        var s = _steps = _stepCheckAt;
        if (s > _options.StepBudget)
        {
            throw new RegoException(RegoErrorCodes.EvalCancel, "evaluation step budget exceeded");
        }
        if ((s & 1023) == 0)
        {
            if (_options.Cancellation.IsCancellationRequested) throw new RegoException(RegoErrorCodes.EvalCancel, "caller cancelled query execution");
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw DepthError(default);
        }
        SetNextStepCheck();
    }

    /// <summary>The next step that needs a check: past the budget, or the next multiple of 1024 (cancellation, stack).</summary>
    private void SetNextStepCheck()
    {
        var budget = _options.StepBudget;
        _stepCheckAt = Math.Min((_steps | 1023) + 1, budget == long.MaxValue ? long.MaxValue : budget + 1);
        _stepsToCheck = _stepCheckAt - _steps;
    }

    private void EnterCall(Location loc)
    {
        if (!TryEnterCall()) throw DepthError(loc);
    }

    /// <summary>One call level deeper, unless that is past the limit or the stack is nearly full (then false, level unchanged).</summary>
    private bool TryEnterCall()
    {
        // The stack check reads thread-local state; every fourth level is enough (see EvalBody).
        if (++_callDepth > _options.MaxCallDepth || ((_callDepth & 3) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            _callDepth--;
            return false;
        }
        return true;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsFalse(RegoValue v) => v is RegoBool { Value: false };
}
