using System.Text;
using Gateway.Rego.Ast;
using Gateway.Rego.Builtins;
using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>A call whose arguments are all bound: evaluate them and call once.</summary>
    private RegoValue? CallDirect(CallTarget target, IrTerm[] argTerms, Location loc)
    {
        if (target.Function is null && _mocks is null) return CallBuiltinDirect(target, argTerms, loc);
        var args = argTerms.Length == 0 ? [] : new RegoValue[argTerms.Length];
        for (var i = 0; i < args.Length; i++)
        {
            var v = Eval(argTerms[i]);
            if (v is null) return null;
            args[i] = v;
        }
        return Invoke(target, args, loc);
    }

    /// <summary>
    /// A builtin (or special) call with bound arguments, unmocked. The arguments go to a slice of the
    /// evaluator's argument stack instead of a new array: builtins see a span and keep nothing, so the
    /// slots are reused by the next call. Nested calls in the arguments take the slots above ours.
    /// </summary>
    private RegoValue? CallBuiltinDirect(CallTarget target, IrTerm[] argTerms, Location loc)
    {
        var n = argTerms.Length;
        var start = _argTop;
        if (start + n > _argStack.Length) Array.Resize(ref _argStack, Math.Max(_argStack.Length * 2, start + n));
        _argTop = start + n;
        RegoValue? result = null;
        var defined = true;
        for (var i = 0; i < n; i++)
        {
            var v = Eval(argTerms[i]);
            if (v is null)
            {
                defined = false;
                break;
            }
            // Re-read the field: evaluating the argument may have grown the stack.
            StoreSlot(_argStack, start + i, v);
        }
        if (defined) result = InvokeBuiltin(target, new ReadOnlySpan<RegoValue>(_argStack, start, n), loc);
        Array.Clear(_argStack, start, n);
        _argTop = start;
        return result;
    }

    /// <summary>A call used as a statement: the result is unified with the output argument, or must be defined and not false.</summary>
    private bool EvalCallExpr(IrCallExpr c, Cont k)
    {
        switch (c.Target.Special)
        {
            case SpecialCall.Print:
                return EvalPrint(c, k);
            case SpecialCall.Walk when !IsMocked(c.Target):
            {
                var args = new RegoValue[1];
                return EvalItems(c.Args, args, 0, () => Walk(args[0], pair => c.Output is null ? k() : UnifyValue(c.Output, pair, k)));
            }
        }
        var argv = new RegoValue[c.Args.Length];
        return EvalItems(c.Args, argv, 0, () =>
        {
            var r = Invoke(c.Target, (RegoValue[])argv.Clone(), c.Loc);
            if (r is null) return true;
            if (c.Output is not null) return UnifyValue(c.Output, r, k);
            return IsFalse(r) || k();
        });
    }

    /// <summary>A call used as a value whose arguments enumerate.</summary>
    private bool EvalCallValue(IrCall c, ValueCont k)
    {
        var argv = new RegoValue[c.Args.Length];
        if (c.Target.Special == SpecialCall.Walk && !IsMocked(c.Target))
        {
            return EvalItems(c.Args, argv, 0, () => Walk(argv[0], k));
        }
        return EvalItems(c.Args, argv, 0, () =>
        {
            var r = Invoke(c.Target, (RegoValue[])argv.Clone(), c.Loc);
            return r is null || k(r);
        });
    }

    private bool IsMocked(CallTarget t) => _mocks is not null && _mocks.ContainsKey(t.Name);

    /// <summary>Call a builtin, user function or special call, honouring <c>with</c> mocks.</summary>
    private RegoValue? Invoke(CallTarget target, RegoValue[] args, Location loc)
    {
        if (_mocks is not null && _mocks.TryGetValue(target.Name, out var mock))
        {
            if (mock.Value is not null) return mock.Value;
            // A replacement function runs without the mocks of the with that installed it (OPA: mocks do not chain),
            // and against a fresh cache since results may differ from unmocked calls.
            var savedMocks = _mocks;
            var savedCache = _cache;
            _mocks = null;
            _cache = new EvalCache(_policy.NodeCount);
            try
            {
                return InvokeUnmocked(mock.Function!, args, loc);
            }
            finally
            {
                _mocks = savedMocks;
                _cache = savedCache;
            }
        }
        return InvokeUnmocked(target, args, loc);
    }

    private RegoValue? InvokeUnmocked(CallTarget target, RegoValue[] args, Location loc)
    {
        if (target.Function is not null)
        {
            if (args.Length != target.Function.Arity) return null;
            return CallFunction(target.Function, args);
        }
        return InvokeBuiltin(target, args, loc);
    }

    /// <summary>A builtin or special call (not a user function), unmocked.</summary>
    private RegoValue? InvokeBuiltin(CallTarget target, ReadOnlySpan<RegoValue> args, Location loc)
    {
        switch (target.Special)
        {
            case >= SpecialCall.Equal:
                return Compare(target.Special, args[0], args[1]);
            case SpecialCall.Member2:
                return RegoBool.Of(IsMember(args[0], args[1]));
            case SpecialCall.Member3:
                return RegoBool.Of(IsMember3(args[0], args[1], args[2]));
            case SpecialCall.Trace:
                return RegoBool.True;
            case SpecialCall.Walk:
            {
                // walk used through a mock or as a plain value: the first pair only is not meaningful; return all as a set.
                var pairs = new HashSet<RegoValue>();
                Walk(args[0], p =>
                {
                    pairs.Add(p);
                    return true;
                });
                return new RegoSet(pairs);
            }
        }
        var def = target.Builtin;
        if (def is null) throw new RegoException(RegoErrorCodes.EvalInternal, $"unsupported built-in {target.Name}", loc);
        if (args.Length != def.Arity) return null;
        return CallBuiltinFunction(def, args, loc);
    }

    /// <summary>Run a builtin's implementation; its failures become builtin errors (see below), never crashes.</summary>
    private RegoValue? CallBuiltinFunction(BuiltinDefinition def, ReadOnlySpan<RegoValue> args, in Location loc)
    {
        try
        {
            return def.Function(Ctx, args);
        }
        catch (BuiltinException e)
        {
            // As in OPA, a failing builtin makes its expression undefined and evaluation goes on; in strict
            // mode the first such error is reported when evaluation ends.
            RecordBuiltinError(e is BuiltinTypeException ? RegoErrorCodes.EvalType : RegoErrorCodes.EvalBuiltin, $"{def.Name}: {e.Message}", loc);
            return null;
        }
        catch (RegoException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new RegoException(RegoErrorCodes.EvalCancel, "caller cancelled query execution", loc);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            // A builtin failing in an unforeseen way is still a builtin error, never a crash of the evaluation.
            RecordBuiltinError(RegoErrorCodes.EvalBuiltin, $"{def.Name}: {e.Message}", loc);
            return null;
        }
    }

    private void RecordBuiltinError(string code, string message, Location loc)
    {
        _builtinErrorCount++;
        _firstBuiltinError ??= new RegoException(code, message, loc);
    }

    private static RegoBool Compare(SpecialCall op, RegoValue a, RegoValue b) => RegoBool.Of(op switch
    {
        SpecialCall.Equal => a.Equals(b),
        SpecialCall.NotEqual => !a.Equals(b),
        SpecialCall.Lt => a.CompareTo(b) < 0,
        SpecialCall.Lte => a.CompareTo(b) <= 0,
        SpecialCall.Gt => a.CompareTo(b) > 0,
        _ => a.CompareTo(b) >= 0,
    });

    private static bool IsMember(RegoValue x, RegoValue coll) => coll switch
    {
        RegoArray a => Contains(a.Items, x),
        RegoSet s => s.Contains(x),
        RegoObject o => o.Items.Values.Contains(x),
        _ => false,
    };

    /// <summary>A plain loop: pooled strings are usually the same object, and no interface is called per element.</summary>
    private static bool Contains(ReadOnlySpan<RegoValue> items, RegoValue x)
    {
        foreach (var item in items)
        {
            if (ReferenceEquals(item, x) || item.Equals(x)) return true;
        }
        return false;
    }

    private static bool IsMember3(RegoValue key, RegoValue value, RegoValue coll)
    {
        var v = coll switch
        {
            RegoArray or RegoObject => Lookup(coll, key),
            _ => null,
        };
        return v is not null && v.Equals(value);
    }

    /// <summary><c>walk(x)</c>: every [path, value] pair of x, the root first, children in key order.</summary>
    private bool Walk(RegoValue root, ValueCont k)
    {
        var path = new List<RegoValue>();
        return WalkRec(root, path, k);
    }

    private bool WalkRec(RegoValue v, List<RegoValue> path, ValueCont k)
    {
        if (!k(new RegoArray([new RegoArray([.. path]), v]))) return false;
        switch (v)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    path.Add(RegoNumber.Of(i));
                    var ok = WalkRec(a[i], path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok) return false;
                }
                break;
            case RegoObject o:
                foreach (var key in o.SortedKeys)
                {
                    path.Add(key);
                    var ok = WalkRec(o.Items[key], path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok) return false;
                }
                break;
            case RegoSet s:
                foreach (var item in s.SortedArray)
                {
                    path.Add(item);
                    var ok = WalkRec(item, path, k);
                    path.RemoveAt(path.Count - 1);
                    if (!ok) return false;
                }
                break;
        }
        return true;
    }

    /// <summary>
    /// <c>print(a, b, ...)</c>: each argument is the set of its values ("&lt;undefined&gt;" if none); one line per
    /// combination, arguments separated by spaces. Always true.
    /// </summary>
    private bool EvalPrint(IrCallExpr c, Cont k)
    {
        var output = _options.PrintOutput;
        if (output is not null)
        {
            var values = new List<string>[c.Args.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var set = new HashSet<RegoValue>();
                EvalTerm(c.Args[i], v =>
                {
                    set.Add(v);
                    return true;
                });
                var list = new List<string>();
                if (set.Count == 0) list.Add("<undefined>");
                else
                {
                    var sorted = set.ToArray();
                    Array.Sort(sorted);
                    foreach (var v in sorted)
                    {
                        var sb = new StringBuilder();
                        AppendFormatted(sb, v);
                        list.Add(sb.ToString());
                    }
                }
                values[i] = list;
            }
            PrintProduct(output, values, 0, new string[values.Length]);
        }
        return k();
    }

    private static void PrintProduct(TextWriter w, List<string>[] values, int i, string[] buf)
    {
        if (i == values.Length)
        {
            w.WriteLine(string.Join(' ', buf));
            return;
        }
        foreach (var s in values[i])
        {
            buf[i] = s;
            PrintProduct(w, values, i + 1, buf);
        }
    }
}
