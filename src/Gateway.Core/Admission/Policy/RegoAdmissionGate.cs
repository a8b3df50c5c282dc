using System.Collections.Concurrent;
using System.Security.Claims;
using Gateway.Rego;
using Gateway.Rego.Values;

namespace Gateway.Core.Admission.Policy;

/// <summary>
/// Admission by the organisation's Rego policies: evaluates <c>data.gateway.admission.deny</c> over the
/// input document; a non-empty set denies with the policy's own messages. No policy set, an evaluation
/// error or a result that is not a set of strings: denied (fail closed), with the error as the reason.
/// Pull decisions are reused for a short while, only for a pull whose input would be the same but for the time
/// (<see cref="AdmissionInputBuilder.PullDecisionKey"/>).
/// </summary>
public sealed class RegoAdmissionGate(PolicyStore policies, AdmissionInputBuilder inputs, ISignatureStateSource signatures, PolicyOptions options, TimeProvider time) : IAdmissionGate, Registry.IManifestCommitObserver
{
    private const int MaxCachedDecisions = 10_000;
    private readonly ConcurrentDictionary<string, (AdmissionDecision Decision, DateTimeOffset Expires)> _pullCache = new(StringComparer.Ordinal);

    public string Name => "policy";

    /// <summary>
    /// A new referrer (an SBOM, a signature, an attestation) can change a pull decision on its subject, so cached pull
    /// decisions are dropped when one is committed (and on every delete).
    /// </summary>
    public ValueTask OnCommitAsync(Registry.ValidatedManifest manifest, Oci.OciError? error, CancellationToken cancellationToken)
    {
        if (error is null && (manifest.Parsed.Subject is not null || Signing.Trust.SignatureArtifacts.IsSignature(manifest.Parsed))) _pullCache.Clear();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<AdmissionDecision> EvaluateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Action == AdmissionAction.Delete) _pullCache.Clear();
        var set = policies.Current;
        if (set is null)
            return AdmissionDecision.Deny(Name, $"no admission policy is in force ({policies.Status.LastError ?? "not loaded"})");

        string? cacheKey = null;
        if (request.Action == AdmissionAction.Pull)
        {
            var state = await signatures.GetAsync(request.Repository, request.Digest, cancellationToken);
            cacheKey = AdmissionInputBuilder.PullDecisionKey(set.Version, request, state);
            if (_pullCache.TryGetValue(cacheKey, out var cached) && cached.Expires > time.GetUtcNow()) return cached.Decision;
        }

        var input = await inputs.BuildAsync(request, cancellationToken);
        var decision = Decide(set, input, cancellationToken);
        if (cacheKey is not null)
        {
            if (_pullCache.Count >= MaxCachedDecisions) _pullCache.Clear();
            _pullCache[cacheKey] = (decision, time.GetUtcNow() + options.PullDecisionCacheTtl);
        }
        return decision;
    }

    /// <summary>Evaluate the decision query of a policy set against an input document.</summary>
    public AdmissionDecision Decide(PolicySet set, RegoValue input, CancellationToken cancellationToken)
    {
        QueryResult result;
        try
        {
            result = set.Decision.Evaluate(input, new EvaluationOptions { Cancellation = cancellationToken, StepBudget = options.StepBudget, Time = time });
        }
        catch (RegoException e)
        {
            return AdmissionDecision.Deny(Name, $"policy evaluation failed (version {set.Version}): {e.Message}");
        }
        return result.Value switch
        {
            // No deny rule defined at all is the same as an empty set.
            null => AdmissionDecision.Allow(Name),
            RegoSet { Count: 0 } => AdmissionDecision.Allow(Name),
            RegoSet messages => AdmissionDecision.Deny(Name, messages.Sorted.Select(m => m is RegoString s ? s.Value : m.ToString()).ToArray()),
            var other => AdmissionDecision.Deny(Name, $"{options.Query} must be a set of messages, but policy version {set.Version} produced {other.TypeName}"),
        };
    }
}
