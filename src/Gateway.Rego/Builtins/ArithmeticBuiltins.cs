using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>
/// Arithmetic (plus, minus, mul, div, rem, abs, round, ceil, floor) and numbers.range / numbers.range_step,
/// with OPA's operand checks and error texts ("divide by zero", "modulo by zero", "modulo on floating-point number").
/// </summary>
internal static class ArithmeticBuiltins
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("plus", 2, static (_, a) => BuiltinArgs.Number(a, 0) + BuiltinArgs.Number(a, 1));
        registry.Register("minus", 2, Minus);
        registry.Register("mul", 2, static (_, a) => BuiltinArgs.Number(a, 0) * BuiltinArgs.Number(a, 1));
        registry.Register("div", 2, Divide);
        registry.Register("rem", 2, Remainder);
        registry.Register("abs", 1, static (_, a) =>
        {
            var n = BuiltinArgs.Number(a, 0);
            return n.Sign < 0 ? -n : n;
        });
        registry.Register("round", 1, static (_, a) => CoreNumbers.Round(BuiltinArgs.Number(a, 0), CoreNumbers.Rounding.HalfAwayFromZero));
        registry.Register("ceil", 1, static (_, a) => CoreNumbers.Round(BuiltinArgs.Number(a, 0), CoreNumbers.Rounding.Ceiling));
        registry.Register("floor", 1, static (_, a) => CoreNumbers.Round(BuiltinArgs.Number(a, 0), CoreNumbers.Rounding.Floor));
        registry.Register("numbers.range", 2, static (ctx, a) =>
        {
            var x = CoreNumbers.BigIntOperand(a, 0);
            var y = CoreNumbers.BigIntOperand(a, 1);
            return Range(ctx, x, y, BigInteger.One);
        });
        registry.Register("numbers.range_step", 3, static (ctx, a) =>
        {
            var x = CoreNumbers.BigIntOperand(a, 0);
            var y = CoreNumbers.BigIntOperand(a, 1);
            var step = CoreNumbers.BigIntOperand(a, 2);
            // OPA's message carries the name itself (errors.New("numbers.range_step: ...")), so it reads twice once prefixed.
            if (step.Sign <= 0) throw new BuiltinException("numbers.range_step: step must be a positive integer");
            return Range(ctx, x, y, step);
        });
    }

    /// <summary>Numbers subtract; sets take the difference. Type errors follow OPA's order of checks.</summary>
    private static RegoValue Minus(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        if (a[0] is RegoNumber n1 && a[1] is RegoNumber n2) return n1 - n2;
        if (a[0] is RegoSet s1 && a[1] is RegoSet s2)
        {
            var diff = new HashSet<RegoValue>(s1.Items);
            diff.ExceptWith(s2.Items);
            return new RegoSet(diff);
        }
        if (a[0] is not RegoNumber && a[0] is not RegoSet) throw BuiltinArgs.TypeError(1, a[0], "number", "set");
        return a[1] is RegoNumber ? throw BuiltinArgs.TypeError(2, a[1], "set") : throw BuiltinArgs.TypeError(2, a[1], "number");
    }

    private static RegoValue Divide(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = BuiltinArgs.Number(a, 0);
        var y = BuiltinArgs.Number(a, 1);
        if (y.Sign == 0) throw new BuiltinException("divide by zero");
        return RegoNumber.Divide(x, y);
    }

    /// <summary>Remainder exists only on integers; its sign follows the dividend (Go's truncated %).</summary>
    private static RegoValue Remainder(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var x = BuiltinArgs.Number(a, 0);
        var y = BuiltinArgs.Number(a, 1);
        if (!x.TryGetInteger(out var i) || !y.TryGetInteger(out var j)) throw new BuiltinException("modulo on floating-point number");
        if (j.IsZero) throw new BuiltinException("modulo by zero");
        return RegoNumber.Of(BigInteger.Remainder(i, j));
    }

    /// <summary>Inclusive range from x to y, counting down when x &gt; y.</summary>
    private static RegoArray Range(BuiltinContext ctx, BigInteger x, BigInteger y, BigInteger step)
    {
        var descending = x > y;
        var span = BigInteger.Abs(y - x) / step;
        var items = new List<RegoValue>(span < 1 << 20 ? (int)span + 1 : 1 << 20);
        for (var i = x; descending ? i >= y : i <= y; i = descending ? i - step : i + step)
        {
            // A huge range must not outlive the query: give up when the query is cancelled.
            if ((items.Count & 0xFFF) == 0xFFF) ctx.Cancellation.ThrowIfCancellationRequested();
            items.Add(RegoNumber.Of(i));
        }
        return new RegoArray(items.ToArray());
    }
}
