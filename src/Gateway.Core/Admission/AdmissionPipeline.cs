namespace Gateway.Core.Admission;

/// <summary>
/// Runs every registered gate in order; the first denial decides (its reasons go to the client). A gate
/// that throws denies the request: fail closed, with the error as the reason.
/// </summary>
public sealed class AdmissionPipeline(IEnumerable<IAdmissionGate> gates, IEnumerable<IAdmissionObserver> observers)
{
    private readonly IAdmissionGate[] _gates = gates.ToArray();
    private readonly IAdmissionObserver[] _observers = observers.ToArray();

    /// <summary>Nothing to ask and nobody listening: callers may skip building the request.</summary>
    public bool IsEmpty => _gates.Length == 0 && _observers.Length == 0;

    public async ValueTask<AdmissionDecision> EvaluateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var decision = AdmissionDecision.Allow("none");
        foreach (var gate in _gates)
        {
            try
            {
                decision = await gate.EvaluateAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                decision = AdmissionDecision.Deny(gate.Name, $"{gate.Name} could not decide ({e.GetType().Name}: {e.Message}); denied because admission fails closed");
            }
            if (!decision.Allowed) break;
        }
        foreach (var observer in _observers) await observer.OnDecisionAsync(request, decision, cancellationToken);
        return decision;
    }
}

/// <summary>Sees every admission decision, allow and deny (the audit log, webhooks).</summary>
public interface IAdmissionObserver
{
    ValueTask OnDecisionAsync(AdmissionRequest request, AdmissionDecision decision, CancellationToken cancellationToken);
}
