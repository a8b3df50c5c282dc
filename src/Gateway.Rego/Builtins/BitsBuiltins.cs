using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>bits.*: arbitrary-precision two's-complement bit operations, as Go's big.Int does them.</summary>
internal static class BitsBuiltins
{
    /// <summary>Go allocates whatever a left shift asks for; we refuse shifts whose result no policy could hold.</summary>
    private const int MaxShift = 1 << 24;

    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("bits.or", 2, static (_, a) => Int(CoreNumbers.BigIntOperand(a, 0) | CoreNumbers.BigIntOperand(a, 1)));
        registry.Register("bits.and", 2, static (_, a) => Int(CoreNumbers.BigIntOperand(a, 0) & CoreNumbers.BigIntOperand(a, 1)));
        registry.Register("bits.xor", 2, static (_, a) => Int(CoreNumbers.BigIntOperand(a, 0) ^ CoreNumbers.BigIntOperand(a, 1)));
        registry.Register("bits.negate", 1, static (_, a) => Int(-CoreNumbers.BigIntOperand(a, 0) - 1));
        registry.Register("bits.lsh", 2, static (_, a) =>
        {
            var x = CoreNumbers.BigIntOperand(a, 0);
            var s = ShiftCount(a);
            if (x.IsZero) return RegoNumber.Zero;
            if (s > MaxShift) throw new BuiltinException("shift count too large");
            return Int(x << (int)s);
        });
        registry.Register("bits.rsh", 2, static (_, a) =>
        {
            var x = CoreNumbers.BigIntOperand(a, 0);
            var s = ShiftCount(a);
            // Shifting out every bit leaves 0, or -1 for negatives (arithmetic shift rounds toward -infinity).
            if (s >= x.GetBitLength()) return x.Sign < 0 ? RegoNumber.Of(-1) : RegoNumber.Zero;
            return Int(x >> (int)s);
        });
    }

    private static BigInteger ShiftCount(ReadOnlySpan<RegoValue> a)
    {
        var s = CoreNumbers.BigIntOperand(a, 1);
        return s.Sign < 0 ? throw new BuiltinTypeException("operand 2 must be an unsigned integer number but got a negative integer") : s;
    }

    private static RegoNumber Int(BigInteger value) => RegoNumber.Of(value);
}
