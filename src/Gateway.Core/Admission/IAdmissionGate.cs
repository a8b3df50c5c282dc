namespace Gateway.Core.Admission;

/// <summary>
/// One admission check on manifest push, pull and delete (content trust, Rego policy, …). Gates must fail
/// closed: an internal error is a denial naming the error, never an allow.
/// </summary>
public interface IAdmissionGate
{
    string Name { get; }

    ValueTask<AdmissionDecision> EvaluateAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
