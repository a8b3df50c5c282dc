namespace Gateway.Rego.Values;

/// <summary>
/// One place in compiled code that looks up a constant key (<c>l.digest</c>, <c>input.repository</c>), with the
/// position the key had in the last object it was found in. Objects of one shape (every layer of a manifest, every
/// decision's input) keep their keys in one order, so the next lookup usually checks that one entry and is done.
/// The position is only a guess, checked before use: threads that race on it cost a scan, never a wrong value.
/// </summary>
internal sealed class KeySite(RegoValue key)
{
    public readonly RegoValue Key = key;
    public readonly int Hash = key.GetHashCode();
    public int Position;
}
