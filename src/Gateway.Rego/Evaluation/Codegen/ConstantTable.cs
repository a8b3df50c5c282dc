using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static System.Linq.Expressions.Expression;

namespace Gateway.Rego.Evaluation.Codegen;

/// <summary>
/// The objects a compiled rule body uses (key sites, constant values, builtin sites, nodes), in one array that the
/// body loads into a local once and reads by index.
/// <para>
/// A compiled lambda keeps its constants in its closure's object array and reads one as: the array from the
/// closure, a bounds check, the element, a type check. Seven instructions a use, about a third of a short rule's
/// code. Here a use is one load: the index is a constant within the array by construction, and the element's type
/// is the one it was recorded with, so neither needs checking (<see cref="At{T}"/>).
/// </para>
/// </summary>
internal sealed class ConstantTable
{
    private readonly List<object> _values = [];
    private readonly Dictionary<object, int> _indexes = new(ReferenceEqualityComparer.Instance);
    private readonly ParameterExpression _array = Variable(typeof(object[]), "constants");

    /// <summary>An expression reading <paramref name="value"/> as its own class (so the JIT knows it exactly), typed as <paramref name="asType"/>.</summary>
    public Expression Read(object value, Type asType)
    {
        var type = value.GetType();
        if (!_indexes.TryGetValue(value, out var index))
        {
            index = _values.Count;
            _values.Add(value);
            _indexes.Add(value, index);
        }
        Expression read = Call(AtMethod.MakeGenericMethod(type), _array, Constant(index));
        return type == asType ? read : Convert(read, asType);
    }

    /// <summary>
    /// The body with the array loaded into its local first (from the closure, typed as object and reinterpreted, which
    /// skips the array cast's type check); the body itself when it reads no constant.
    /// </summary>
    public Expression Bind(Expression body) =>
        _values.Count == 0
            ? body
            : Block(body.Type, [_array], Assign(_array, Call(AsArray, Constant(_values.ToArray(), typeof(object)))), body);

    private static readonly System.Reflection.MethodInfo AtMethod = typeof(ConstantTable).GetMethod(nameof(At))!;

    private static readonly System.Reflection.MethodInfo AsArray =
        typeof(Unsafe).GetMethod(nameof(Unsafe.As), 1, [typeof(object)])!.MakeGenericMethod(typeof(object[]));

    /// <summary>Element <paramref name="index"/>, known by construction to be in range and a <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T At<T>(object[] constants, int index)
        where T : class =>
        Unsafe.As<T>(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(constants), index));
}
