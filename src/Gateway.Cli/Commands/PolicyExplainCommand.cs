using System.CommandLine;
using Gateway.Rego;
using Gateway.Rego.Loading;
using Gateway.Rego.Values;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gateway policy explain</c>: which policies fired for an input and why. The bundled policies put each
/// rule set in its own package under <c>data.gateway.policies</c>; every package's deny set is printed, with
/// the final decision.
/// </summary>
internal static class PolicyExplainCommand
{
    public static Command Create(Option<string[]> data, Option<string?> input, Option<string?> inputFrom, Option<string> action)
    {
        var root = new Option<string>("--policies-root") { Description = "where the per-policy packages live", DefaultValueFactory = _ => "data.gateway.policies" };
        var decision = new Option<string>("--decision") { Description = "the decision query", DefaultValueFactory = _ => "data.gateway.admission.deny" };
        var command = new Command("explain", "show which policies denied an input and with which messages") { data, input, inputFrom, action, root, decision };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var engine = PolicyLoader.CreateEngine(PolicyLoader.Load(parse.GetValue(data) ?? []));
                var inputValue = await PolicyCommands.ReadInputAsync(parse.GetValue(input), parse.GetValue(inputFrom), parse.GetValue(action)!, ct);
                var policies = engine.Evaluate(parse.GetValue(root)!, inputValue).Value as RegoObject;
                foreach (var name in policies?.SortedKeys ?? [])
                {
                    var deny = (policies!.Items[name] as RegoObject)?.Get("deny") as RegoSet;
                    var label = name is RegoString s ? s.Value : name.ToString();
                    if (deny is null || deny.Count == 0)
                    {
                        Console.WriteLine($"  pass  {label}");
                        continue;
                    }
                    Console.WriteLine($"  DENY  {label}");
                    foreach (var message in deny.Sorted) Console.WriteLine($"          {(message is RegoString m ? m.Value : message.ToString())}");
                }
                var final = engine.Evaluate(parse.GetValue(decision)!, inputValue).Value as RegoSet;
                Console.WriteLine(final is null || final.Count == 0 ? "decision: allowed" : $"decision: denied ({final.Count} message(s))");
                return final is null || final.Count == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is RegoException or IOException or ArgumentException or HttpRequestException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
