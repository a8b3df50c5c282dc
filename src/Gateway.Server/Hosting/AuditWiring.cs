using Gateway.Core.Admission.Policy;
using Gateway.Core.Audit;

namespace Gateway.Server.Hosting;

/// <summary>Events outside the admission pipeline that the audit log records: policy reloads.</summary>
internal static partial class AuditWiring
{
    public static void RecordPolicyReloads(IServiceProvider services)
    {
        var store = services.GetService<PolicyStore>();
        if (store is null) return;
        var log = services.GetRequiredService<AuditLog>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Audit");
        store.Reloaded += (set, error) =>
        {
            try
            {
                // Reloads run on a timer thread; waiting here keeps the record ordered with the reload.
                log.RecordAsync(new AuditEvent
                {
                    Time = time.GetUtcNow(),
                    Operation = "policy.reload",
                    Result = error is null ? "succeeded" : "failed",
                    Reason = error,
                    PolicyVersion = set is null ? null : $"{set.Version} ({set.Hash})",
                }, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Log.RecordFailed(logger, e);
            }
        };
    }

    public static void RecordTrustPolicyReloads(IServiceProvider services)
    {
        var store = services.GetRequiredService<Gateway.Core.Signing.Trust.TrustPolicyStore>();
        var log = services.GetRequiredService<AuditLog>();
        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Audit");
        store.Reloaded += (document, error) =>
        {
            try
            {
                log.RecordAsync(new AuditEvent
                {
                    Time = time.GetUtcNow(),
                    Operation = "trust.reload",
                    Result = error is null ? "succeeded" : "failed",
                    Reason = error,
                    PolicyVersion = document?.Version,
                }, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                Log.RecordFailed(logger, e);
            }
        };
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Critical, Message = "Could not record a policy reload in the audit log")]
        public static partial void RecordFailed(ILogger logger, Exception exception);
    }
}
