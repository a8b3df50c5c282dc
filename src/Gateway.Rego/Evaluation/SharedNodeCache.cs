using Gateway.Rego.Values;

namespace Gateway.Rego.Evaluation;

/// <summary>
/// Documents of query-invariant rule nodes (<see cref="Compilation.DataNode.QueryInvariant"/>), computed by
/// one evaluation of a prepared query and reused by the later ones, on any thread. Values are immutable
/// once built, so publishing the reference is enough; two threads computing the same node store equal values.
/// </summary>
internal sealed class SharedNodeCache(int nodeCount)
{
    /// <summary>Marks a node whose document was computed and is undefined.</summary>
    private static readonly RegoValue Undefined = new RegoString("\0undefined");

    private readonly RegoValue?[] _values = new RegoValue?[nodeCount];

    public bool TryGet(int id, out RegoValue? value)
    {
        var v = Volatile.Read(ref _values[id]);
        value = ReferenceEquals(v, Undefined) ? null : v;
        return v is not null;
    }

    public void Set(int id, RegoValue? value) => Volatile.Write(ref _values[id], value ?? Undefined);
}
