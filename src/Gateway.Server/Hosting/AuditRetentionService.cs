using Gateway.Core.Audit;

namespace Gateway.Server.Hosting;

/// <summary>
/// Applies Gateway:Audit:RetentionDays once at start and then daily: purges the records older than that, leaving a
/// signed purge marker and an "audit.purge" record (see <see cref="AuditLog.PurgeAsync"/>). Does nothing when unset.
/// </summary>
internal sealed partial class AuditRetentionService(AuditLog log, AuditOptions options, TimeProvider time, ILogger<AuditRetentionService> logger) : BackgroundService
{
    /// <summary>The server purges as itself, not as a user.</summary>
    private static readonly AuditActor Retention = new("gateway", "service", null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.RetentionDays is not { } days) return;
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                var marker = await log.PurgeAsync(time.GetUtcNow().AddDays(-days), Retention, stoppingToken);
                if (marker is not null) Log.Purged(logger, marker.Count, marker.Sequence, days);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PurgeFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention purged {Count} records through sequence {Sequence} (older than {Days} days)")]
        public static partial void Purged(ILogger logger, long count, long sequence, int days);

        [LoggerMessage(Level = LogLevel.Error, Message = "Audit retention purge failed")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
