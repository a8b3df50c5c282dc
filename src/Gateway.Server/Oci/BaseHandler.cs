namespace Gateway.Server.Oci;

/// <summary>GET /v2/: the API version check every client makes first.</summary>
internal static class BaseHandler
{
    public static Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Request.Method == HttpMethods.Head ? Task.CompletedTask : context.Response.WriteAsync("{}", context.RequestAborted);
    }
}
