using Gateway.Core.Registry;

namespace Gateway.Server.Hosting;

/// <summary>Purges upload sessions that nobody has touched for Gateway:Registry:UploadPurgeAge.</summary>
internal sealed partial class UploadPurgeService(UploadService uploads, RegistryOptions options, TimeProvider time, ILogger<UploadPurgeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.UploadPurgeInterval, time);
        do
        {
            try
            {
                var purged = await uploads.PurgeStaleAsync(stoppingToken);
                if (purged > 0) Log.Purged(logger, purged);
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
        [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} stale upload sessions")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Error, Message = "Purging stale upload sessions failed")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
