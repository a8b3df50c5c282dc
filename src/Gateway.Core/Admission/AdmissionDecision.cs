namespace Gateway.Core.Admission;

/// <summary>A gate's answer: allowed, or denied with messages a person can act on (shown to the client).</summary>
public sealed record AdmissionDecision(bool Allowed, IReadOnlyList<string> Reasons, string Gate)
{
    public static AdmissionDecision Allow(string gate) => new(true, [], gate);

    public static AdmissionDecision Deny(string gate, params string[] reasons) => new(false, reasons, gate);
}
