using System.CommandLine;
using Gateway.Cli.Commands;

var root = new RootCommand("gateway: the supply-chain security gateway's command-line tool");
root.Subcommands.Add(GcCommand.Create());
root.Subcommands.Add(PolicyCommands.Create());
root.Subcommands.Add(AuditCommands.Create());
foreach (var command in IdentityCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(KeysCommands.Create());
root.Subcommands.Add(SignCommand.Create());
return await root.Parse(args).InvokeAsync();
