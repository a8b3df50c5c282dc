using Gateway.Rego.Compilation;
using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>The slot of a pattern that is a plain variable not bound yet, else -1.</summary>
    private int FreshSlot(IrTerm? pattern) => pattern is IrVar x && _frame[x.Slot] is null ? x.Slot : -1;

    /// <summary>
    /// <c>some k, v in coll</c> where k (if any) and v are fresh variables, the common case: each member is stored
    /// straight into the slots, without unification or the trail. The continuation undoes whatever it binds, so
    /// clearing the two slots after it restores the frame; if it throws, the evaluation ends and its frames are
    /// dropped rather than reused (see Run).
    /// </summary>
    private bool EnumerateIntoSlots(RegoValue coll, int keySlot, int valueSlot, Cont k)
    {
        var frame = _frame;
        var ok = true;
        var n = MemberCount(coll);
        for (var i = 0; i < n && ok; i++)
        {
            StoreMember(coll, i, frame, keySlot, valueSlot);
            ok = k();
        }
        if (keySlot >= 0) frame[keySlot] = null;
        frame[valueSlot] = null;
        return ok;
    }

    // The members of a collection in enumeration order, shared by the interpreter's loop above and the compiled
    // loops (BodyCodegen.SomeIn), so that both modes visit them alike.

    internal static bool IsCollection(RegoValue? v) => v is RegoArray or RegoObject or RegoSet;

    /// <summary>How many members <c>some … in</c> enumerates: 0 for a scalar.</summary>
    /// <summary>
    /// The values a loop over <paramref name="coll"/> visits, as an array, when there is one to hand: an array's
    /// items, a set's elements (in its own order when <paramref name="anyOrder"/>, else sorted); null for objects
    /// and anything else, which go through <see cref="MemberAt"/>.
    /// </summary>
    internal static RegoValue[]? MemberValues(RegoValue coll, bool anyOrder) => coll switch
    {
        RegoArray a => a.ItemsArray,
        RegoSet s => anyOrder ? s.InAnyOrder : s.SortedArray,
        _ => null,
    };

    internal static int MemberCount(RegoValue coll) => coll switch
    {
        RegoArray a => a.Count,
        RegoObject o => o.Count,
        RegoSet s => s.Count,
        _ => 0,
    };

    /// <summary>Store the i-th member (see <see cref="MemberAt"/>) into the key slot (if any) and the value slot.</summary>
    internal static void StoreMember(RegoValue coll, int i, RegoValue?[] frame, int keySlot, int valueSlot) =>
        StoreInSlots(frame, keySlot, valueSlot, MemberAt(coll, i, keySlot >= 0, out var key), key);

    /// <summary>As <see cref="StoreMember"/>, a set's elements in any order (see <see cref="MemberAtInAnyOrder"/>).</summary>
    internal static void StoreMemberInAnyOrder(RegoValue coll, int i, RegoValue?[] frame, int keySlot, int valueSlot) =>
        StoreInSlots(frame, keySlot, valueSlot, MemberAtInAnyOrder(coll, i, keySlot >= 0, out var key), key);

    private static void StoreInSlots(RegoValue?[] frame, int keySlot, int valueSlot, RegoValue value, RegoValue key)
    {
        if (keySlot >= 0) StoreSlot(frame, keySlot, key);
        StoreSlot(frame, valueSlot, value);
    }

    /// <summary>As <see cref="MemberAt"/>, but a set's elements in its own order, not sorted: for loops whose outcome cannot depend on it.</summary>
    internal static RegoValue MemberAtInAnyOrder(RegoValue coll, int i, bool wantKey, out RegoValue key) =>
        coll is RegoSet s ? key = s.InAnyOrder[i] : MemberAt(coll, i, wantKey, out key);

    /// <summary>
    /// The i-th member's value, and its key when <paramref name="wantKey"/>: arrays by index, objects by sorted key,
    /// sets in sorted order (the key being the element).
    /// </summary>
    internal static RegoValue MemberAt(RegoValue coll, int i, bool wantKey, out RegoValue key)
    {
        switch (coll)
        {
            case RegoArray a:
            {
                var value = a[i];
                key = wantKey ? RegoNumber.Of(i) : value;
                return value;
            }
            case RegoObject o:
                key = o.SortedKeys[i];
                return o.Get(key)!;
            default:
                return key = ((RegoSet)coll).SortedArray[i];
        }
    }
}
