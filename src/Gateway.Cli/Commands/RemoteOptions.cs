using System.CommandLine;

namespace Gateway.Cli.Commands;

/// <summary>The options every command that talks to a running gateway shares.</summary>
internal static class RemoteOptions
{
    public static readonly Option<string> Gateway = new("--gateway", "-g")
    {
        Description = "the gateway's address (host:port or URL); default GATEWAY_URL or 127.0.0.1:5000",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEWAY_URL") ?? "127.0.0.1:5000",
    };

    public static readonly Option<string?> UserName = new("--username", "-u") { Description = "user name (default GATEWAY_USERNAME, or the containers auth file)" };
    public static readonly Option<string?> Password = new("--password", "-p") { Description = "password (default GATEWAY_PASSWORD)" };

    public static void AddTo(Command command)
    {
        command.Options.Add(Gateway);
        command.Options.Add(UserName);
        command.Options.Add(Password);
    }

    public static HttpClient Connect(ParseResult parse) =>
        GatewayConnection.Create(GatewayConnection.ParseBase(parse.GetValue(Gateway)!), parse.GetValue(UserName), parse.GetValue(Password));

    /// <summary>Runs a remote call: prints the answer (pretty JSON) and returns 0, or prints the server's error and returns 1.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, HttpClient, CancellationToken, Task<HttpResponseMessage>> call) =>
        async (parse, ct) =>
        {
            using var http = Connect(parse);
            try
            {
                using var response = await call(parse, http, ct);
                var body = await GatewayConnection.ReadOkAsync(response, ct);
                if (body.Length > 0) Console.WriteLine(Pretty(body));
                return 0;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        };

    private static string Pretty(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? json;
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
