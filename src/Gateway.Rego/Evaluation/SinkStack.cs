namespace Gateway.Rego.Evaluation;

/// <summary>
/// The evaluator's idle sinks of one kind, reused last in, first out. A rented sink stays in its slot, so that
/// returning it, usually to the very slot it came from, stores nothing: every store of a reference into the heap
/// costs a write barrier, and a partial set's or complete rule's sink is rented and returned once per document.
/// Slots are structs, as in <see cref="FramePool"/>: no array covariance check either.
/// </summary>
internal sealed class SinkStack<T>
    where T : class
{
    private struct Slot
    {
        public T? Sink;
    }

    private Slot[] _slots = new Slot[8];
    private int _count;

    /// <summary>The last sink returned, or null when none is idle.</summary>
    public T? Rent() => _count > 0 ? _slots[--_count].Sink : null;

    public void Return(T sink)
    {
        if (_count == _slots.Length) Array.Resize(ref _slots, _count * 2);
        ref var slot = ref _slots[_count++];
        if (!ReferenceEquals(slot.Sink, sink)) slot.Sink = sink;
    }
}
