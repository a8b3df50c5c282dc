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
        switch (coll)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count && ok; i++)
                {
                    if (keySlot >= 0) StoreSlot(frame, keySlot, RegoNumber.Of(i));
                    StoreSlot(frame, valueSlot, a[i]);
                    ok = k();
                }
                break;
            case RegoObject o:
                foreach (var key in o.SortedKeys)
                {
                    if (keySlot >= 0) StoreSlot(frame, keySlot, key);
                    StoreSlot(frame, valueSlot, o.Items[key]);
                    ok = k();
                    if (!ok) break;
                }
                break;
            case RegoSet s:
                foreach (var item in s.Sorted)
                {
                    if (keySlot >= 0) StoreSlot(frame, keySlot, item);
                    StoreSlot(frame, valueSlot, item);
                    ok = k();
                    if (!ok) break;
                }
                break;
        }
        if (keySlot >= 0) frame[keySlot] = null;
        frame[valueSlot] = null;
        return ok;
    }
}
