using System.Numerics;
using Gateway.Rego.Values;

namespace Gateway.Rego.Builtins;

/// <summary>Argument checks shared by every builtin, producing OPA's exact operand error wording.</summary>
public static class BuiltinArgs
{
    /// <summary>"operand N must be T but got U" (1-based position), as OPA's builtins.NewOperandTypeErr writes it.</summary>
    public static BuiltinTypeException TypeError(int position, RegoValue got, params string[] expected) =>
        new($"operand {position} must be {JoinExpected(expected)} but got {got.TypeName}");

    private static string JoinExpected(string[] expected) => expected.Length switch
    {
        1 => expected[0],
        2 => $"one of {{{expected[0]}, {expected[1]}}}",
        _ => $"one of {{{string.Join(", ", expected)}}}",
    };

    public static string String(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] is RegoString s ? s.Value : throw TypeError(index + 1, args[index], "string");

    public static RegoNumber Number(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoNumber ?? throw TypeError(index + 1, args[index], "number");

    /// <summary>An integral number (OPA: "operand N must be integer number but got floating-point number").</summary>
    public static BigInteger Integer(ReadOnlySpan<RegoValue> args, int index)
    {
        var n = Number(args, index);
        return n.TryGetInteger(out var i) ? i : throw new BuiltinTypeException($"operand {index + 1} must be integer number but got floating-point number");
    }

    public static int Int32(ReadOnlySpan<RegoValue> args, int index)
    {
        var n = Number(args, index);
        return n.TryGetInt32(out var i) ? i : throw new BuiltinException($"operand {index + 1} must be an integer that fits in 32 bits");
    }

    public static bool Boolean(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] is RegoBool b ? b.Value : throw TypeError(index + 1, args[index], "boolean");

    public static RegoArray Array(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoArray ?? throw TypeError(index + 1, args[index], "array");

    public static RegoSet Set(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoSet ?? throw TypeError(index + 1, args[index], "set");

    public static RegoObject Object(ReadOnlySpan<RegoValue> args, int index) =>
        args[index] as RegoObject ?? throw TypeError(index + 1, args[index], "object");
}
