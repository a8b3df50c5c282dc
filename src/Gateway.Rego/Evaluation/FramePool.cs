using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// Rule frames reused by size. When a rule's evaluation ends normally every binding has been undone, so a returned
/// frame is clean. Frames sit in struct slots, so that renting and returning one needs no array covariance check
/// (a store of an array into an array of arrays otherwise costs a type check every time).
/// </summary>
internal sealed class FramePool
{
    private const int MaxSize = 32;

    private struct Entry
    {
        public RegoValue?[] Frame;
    }

    private readonly Entry[]?[] _bySize = new Entry[]?[MaxSize + 1];
    private readonly int[] _counts = new int[MaxSize + 1];

    public RegoValue?[] Rent(int size)
    {
        if (size == 0) return [];
        if (size <= MaxSize && _counts[size] > 0)
        {
            ref var e = ref _bySize[size]![--_counts[size]];
            var frame = e.Frame;
            e.Frame = null!;
            return frame;
        }
        return new RegoValue?[size];
    }

    public void Return(RegoValue?[] frame)
    {
        var size = frame.Length;
        if (size == 0 || size > MaxSize) return;
        var entries = _bySize[size];
        var n = _counts[size];
        if (entries is null || n == entries.Length)
        {
            Array.Resize(ref entries, Math.Max(4, n * 2));
            _bySize[size] = entries;
        }
        entries[n].Frame = frame;
        _counts[size] = n + 1;
    }

    /// <summary>Forget every frame (after an error, frames may hold bindings).</summary>
    public void Clear()
    {
        Array.Clear(_bySize);
        Array.Clear(_counts);
    }
}
