using Gateway.Core.Encryption;
using Gateway.Server.Oci;

namespace Gateway.Server.Hosting;

/// <summary>
/// Turns unexpected failures into OCI error bodies: a tampered envelope is a 500 (and a loud log line),
/// an unreachable key provider a 503. If the response has started (a blob mid-stream), the connection is
/// aborted so the client sees a failed transfer, never wrong bytes.
/// </summary>
internal sealed partial class FailureMiddleware(RequestDelegate next, ILogger<FailureMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            var (status, code, message) = e switch
            {
                EnvelopeTamperedException => (500, "UNKNOWN", "stored content failed its integrity check and was not served; the operator has been alerted"),
                KeyProviderException => (503, "UNAVAILABLE", "the key provider is unavailable; no content can be read or written until it is back"),
                BadHttpRequestException bad => (bad.StatusCode, "UNKNOWN", bad.Message),
                _ => (500, "UNKNOWN", "internal error"),
            };
            if (e is EnvelopeTamperedException) Log.Tampered(logger, context.Request.Path, e);
            else if (status >= 500) Log.Failed(logger, context.Request.Method, context.Request.Path, e);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            await OciResults.WriteErrorAsync(context, status, code, message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Critical, Message = "Integrity check failed for {Path}: stored content was tampered with or corrupted")]
        public static partial void Tampered(ILogger logger, PathString path, Exception exception);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
        public static partial void Failed(ILogger logger, string method, PathString path, Exception exception);
    }
}
